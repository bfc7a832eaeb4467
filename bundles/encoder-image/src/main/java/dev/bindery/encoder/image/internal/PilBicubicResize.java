package dev.bindery.encoder.image.internal;

/**
 * Resizes an RGB image exactly as Pillow's {@code Image.resize(size, BICUBIC)} does for 8-bit images: a separable
 * convolution with {@link BicubicWeights}, first along rows (horizontal pass), then along columns (vertical pass),
 * accumulating in 32-bit integers from a rounding offset of one half and clipping each pass's result to 0..255.
 * A pass whose size does not change is skipped, as in PIL (the kernel is the identity there).
 *
 * <p>torchvision's {@code Resize(224, BICUBIC)} on a PIL image delegates to this PIL call, so the output matches the
 * upstream loader's resized pixels bit for bit.
 */
public final class PilBicubicResize {
    private static final int HALF = 1 << (BicubicWeights.PRECISION_BITS - 1);

    private PilBicubicResize() {
    }

    /**
     * @return a new image of {@code width} x {@code height}; the source itself if the size is unchanged
     */
    public static RgbImage resize(RgbImage source, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive, was " + width + "x" + height);
        }
        RgbImage image = source;
        if (width != image.width()) {
            image = horizontal(image, width);
        }
        if (height != image.height()) {
            image = vertical(image, height);
        }
        return image;
    }

    private static RgbImage horizontal(RgbImage in, int outWidth) {
        BicubicWeights w = BicubicWeights.of(in.width(), outWidth);
        byte[] src = in.pixels();
        int height = in.height();
        int inRow = in.width() * 3;
        byte[] dst = new byte[Math.multiplyExact(Math.multiplyExact(outWidth, height), 3)];
        for (int y = 0; y < height; y++) {
            int rowBase = y * inRow;
            int outBase = y * outWidth * 3;
            for (int x = 0; x < outWidth; x++) {
                int k = x * w.taps;
                int start = rowBase + w.first[x] * 3;
                int n = w.count[x];
                int r = HALF;
                int g = HALF;
                int b = HALF;
                for (int i = 0; i < n; i++) {
                    int weight = w.weights[k + i];
                    int p = start + i * 3;
                    r += (src[p] & 0xFF) * weight;
                    g += (src[p + 1] & 0xFF) * weight;
                    b += (src[p + 2] & 0xFF) * weight;
                }
                int o = outBase + x * 3;
                dst[o] = clip8(r);
                dst[o + 1] = clip8(g);
                dst[o + 2] = clip8(b);
            }
        }
        return new RgbImage(outWidth, height, dst);
    }

    private static RgbImage vertical(RgbImage in, int outHeight) {
        BicubicWeights w = BicubicWeights.of(in.height(), outHeight);
        byte[] src = in.pixels();
        int rowBytes = in.width() * 3;
        byte[] dst = new byte[Math.multiplyExact(outHeight, rowBytes)];
        int[] acc = new int[rowBytes];
        for (int y = 0; y < outHeight; y++) {
            java.util.Arrays.fill(acc, HALF);
            int k = y * w.taps;
            int n = w.count[y];
            int firstRow = w.first[y];
            // Row-wise accumulation: the same integer sums as PIL's per-pixel loop, in cache-friendly order.
            for (int i = 0; i < n; i++) {
                int weight = w.weights[k + i];
                int rowBase = (firstRow + i) * rowBytes;
                for (int c = 0; c < rowBytes; c++) {
                    acc[c] += (src[rowBase + c] & 0xFF) * weight;
                }
            }
            int outBase = y * rowBytes;
            for (int c = 0; c < rowBytes; c++) {
                dst[outBase + c] = clip8(acc[c]);
            }
        }
        return new RgbImage(in.width(), outHeight, dst);
    }

    /** Drops the fraction bits and clips to 0..255 (PIL's {@code clip8}; the shift is arithmetic). */
    static byte clip8(int accumulator) {
        int v = accumulator >> BicubicWeights.PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}
