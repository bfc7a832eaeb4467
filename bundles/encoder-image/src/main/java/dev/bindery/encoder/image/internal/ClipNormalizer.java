package dev.bindery.encoder.image.internal;

/**
 * torchvision's {@code ToTensor()} followed by {@code Normalize(mean, std)} with OpenAI CLIP's constants: each 8-bit
 * value becomes {@code (v / 255 - mean[c]) / std[c]} in float32 (the same three float32 operations torch performs,
 * so the result is bit-identical), laid out channel-first (3 x H x W).
 */
public final class ClipNormalizer {
    /** Per-channel mean of OpenAI CLIP's training images (R, G, B), as float32 like torch holds it. */
    public static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    /** Per-channel standard deviation of OpenAI CLIP's training images (R, G, B). */
    public static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};

    private ClipNormalizer() {
    }

    /** @return {@code 3 * height * width} floats, channel-major */
    public static float[] toNormalizedChw(RgbImage image) {
        int plane = image.width() * image.height();
        byte[] src = image.pixels();
        float[] out = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            // One lookup table per channel: 256 possible inputs, computed with torch's operation order.
            float[] table = new float[256];
            for (int v = 0; v < 256; v++) {
                table[v] = ((float) v / 255f - MEAN[c]) / STD[c];
            }
            int base = c * plane;
            for (int i = 0; i < plane; i++) {
                out[base + i] = table[src[i * 3 + c] & 0xFF];
            }
        }
        return out;
    }
}
