package dev.bindery.encoder.image.internal;

/**
 * Upstream's per-clip video transform after frame sampling, on a clip of RGB frames: {@code / 255},
 * {@code ShortSideScale(224)} (pytorchvideo: the short side becomes 224, the long side
 * {@code floor(long / short * 224)}; {@code torch.nn.functional.interpolate(..., mode="bilinear",
 * align_corners=False)}, no antialiasing), {@code NormalizeVideo} with the CLIP mean and std, then
 * {@code SpatialCrop(224, num_crops=3)} (ImageBind's {@code uniform_crop}: offsets {@code ceil((L - 224) / 2)} for the
 * centre crop, 0 and {@code L - 224} for the first and third along the long side; a square frame gives three equal
 * crops). Each crop is a {@code (3, T, 224, 224)} clip, channel-major, the vision graph's item. Float32 throughout.
 */
public final class VideoClipTransform {
    public static final int SIZE = 224;
    public static final int CROPS = 3;

    private VideoClipTransform() {
    }

    /** {@code {width, height}} after ShortSideScale; portrait when {@code w < h}, else landscape or square. */
    public static int[] scaledSize(int width, int height, int size) {
        if (width < height) {
            return new int[] {size, (int) Math.floor((double) height / width * size)};
        }
        return new int[] {(int) Math.floor((double) width / height * size), size};
    }

    /** The crop's top-left offset along the long side ({@code spatialIndex} 0, 1 = centre, 2). */
    public static int cropOffset(int extent, int size, int spatialIndex) {
        return switch (spatialIndex) {
            case 0 -> 0;
            case 1 -> (int) Math.ceil((extent - size) / 2.0);
            case 2 -> extent - size;
            default -> throw new IllegalArgumentException("spatial index " + spatialIndex + " is not 0, 1 or 2");
        };
    }

    /**
     * @param frames the clip's frames (all the same size)
     * @return {@link #CROPS} crops, each {@code 3 * frames.length * 224 * 224} floats (C, T, H, W)
     */
    public static float[][] crops(RgbImage[] frames) {
        int t = frames.length;
        int w = frames[0].width();
        int h = frames[0].height();
        int[] scaled = scaledSize(w, h, SIZE);
        int sw = scaled[0];
        int sh = scaled[1];
        // (C, T, sh, sw): scaled and normalised
        float[] clip = new float[3 * t * sh * sw];
        float[] plane = new float[w * h];
        for (int f = 0; f < t; f++) {
            if (frames[f].width() != w || frames[f].height() != h) {
                throw new IllegalArgumentException("frames of one clip differ in size: " + frames[0] + ", " + frames[f]);
            }
            byte[] px = frames[f].pixels();
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < plane.length; i++) {
                    plane[i] = (px[i * 3 + c] & 0xFF) / 255.0f;
                }
                int base = (c * t + f) * sh * sw;
                bilinear(plane, w, h, clip, base, sw, sh);
                float mean = ClipNormalizer.MEAN[c];
                float std = ClipNormalizer.STD[c];
                for (int i = base; i < base + sh * sw; i++) {
                    clip[i] = (clip[i] - mean) / std;
                }
            }
        }
        float[][] out = new float[CROPS][];
        boolean portrait = sh > sw;
        for (int k = 0; k < CROPS; k++) {
            int y0 = portrait ? cropOffset(sh, SIZE, k) : cropOffset(sh, SIZE, 1);
            int x0 = portrait ? cropOffset(sw, SIZE, 1) : cropOffset(sw, SIZE, k);
            float[] crop = new float[3 * t * SIZE * SIZE];
            for (int ct = 0; ct < 3 * t; ct++) {
                for (int y = 0; y < SIZE; y++) {
                    System.arraycopy(clip, (ct * sh + y0 + y) * sw + x0, crop, (ct * SIZE + y) * SIZE, SIZE);
                }
            }
            out[k] = crop;
        }
        return out;
    }

    /**
     * torch's CPU bilinear interpolation with {@code align_corners=False} and no scale factor: source coordinate
     * {@code (dst + 0.5) * (in / out) - 0.5}, clamped at 0; the right/lower neighbour is the last pixel at the edge.
     */
    static void bilinear(float[] src, int w, int h, float[] dst, int offset, int ow, int oh) {
        float sx = (float) w / ow;
        float sy = (float) h / oh;
        int[] x0 = new int[ow];
        int[] x1 = new int[ow];
        float[] lx1 = new float[ow];
        for (int x = 0; x < ow; x++) {
            float s = Math.max((x + 0.5f) * sx - 0.5f, 0f);
            x0[x] = (int) s;
            x1[x] = x0[x] + (x0[x] < w - 1 ? 1 : 0);
            lx1[x] = s - x0[x];
        }
        for (int y = 0; y < oh; y++) {
            float s = Math.max((y + 0.5f) * sy - 0.5f, 0f);
            int y0 = (int) s;
            int y1 = y0 + (y0 < h - 1 ? 1 : 0);
            float ly1 = s - y0;
            float ly0 = 1f - ly1;
            int r0 = y0 * w;
            int r1 = y1 * w;
            int out = offset + y * ow;
            for (int x = 0; x < ow; x++) {
                float l1 = lx1[x];
                float l0 = 1f - l1;
                dst[out + x] = ly0 * (l0 * src[r0 + x0[x]] + l1 * src[r0 + x1[x]])
                        + ly1 * (l0 * src[r1 + x0[x]] + l1 * src[r1 + x1[x]]);
            }
        }
    }
}
