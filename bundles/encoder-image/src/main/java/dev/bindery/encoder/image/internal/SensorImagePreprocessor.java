package dev.bindery.encoder.image.internal;

import dev.bindery.api.InvalidInputException;

/**
 * Depth and thermal images to the {@code 1 x 224 x 224} tensors their trunks take. Upstream ImageBind ships no
 * loader for either (reference.md §1.8), so this follows the recipes its issue tracker settled on, with every
 * constant configurable ({@link Recipe}):
 * <ul>
 * <li><b>thermal</b> (ImageBind PR #73): grayscale ({@link GrayImageReader}); {@code Resize(224)} and
 * {@code CenterCrop(224)} as for RGB images — for 8-bit images PIL's antialiased bicubic exactly as the image path
 * ({@link PilBicubicResize}, rounding half to even for the crop); {@code ToTensor} ({@code v / 255}, or
 * {@code v / 65535} for 16 bits); then {@code (x - mean) / std}, by default mean 0 and std 1, i.e. no normalisation
 * (the PR's users measured LLVIP accuracy close to the paper's only without it).</li>
 * <li><b>depth</b> (issues #14, #69, #107, #134): raw samples times {@link Recipe#depthScale} are metres (0.001 for
 * the usual 16-bit millimetre PNG); missing depth (0) stays 0, other depths are clamped to
 * [{@code depthMin}, {@code depthMax}] and become disparity {@code baseline * focal / depth} (defaults: NYU's Kinect,
 * 0.075 m and 518.857901 px). With {@code disparity} input the samples times the scale are already disparity. The map
 * is resized (short side to 224, bilinear as torch's {@code interpolate}; bicubic lobes would invent negative
 * disparities at edges), centre-cropped, and normalised, by default with mean 0.0418 and std 0.0295 (#107).</li>
 * </ul>
 * 16-bit thermal images go through the same bilinear float resize as depth maps.
 */
public final class SensorImagePreprocessor {
    public static final int SIZE = 224;

    /** The constants of both recipes. */
    public record Recipe(boolean depthIsDisparity, double depthScale, double baseline, double focal, double depthMin,
            double depthMax, double depthMean, double depthStd, double thermalMean, double thermalStd) {
        /** The defaults documented on the class. */
        public static Recipe defaults() {
            return new Recipe(false, 0.001, 0.075, 518.857901, 0.01, 50, 0.0418, 0.0295, 0, 1);
        }

        public Recipe {
            if (!(depthScale > 0) || !(baseline > 0) || !(focal > 0) || !(depthMin > 0) || !(depthMax > depthMin)
                    || !(depthStd > 0) || !(thermalStd > 0)) {
                throw new IllegalArgumentException("depth scale, baseline, focal length, depth range and standard"
                        + " deviations must be positive (and depth max above depth min)");
            }
        }
    }

    private final GrayImageReader reader;
    private final Recipe recipe;

    public SensorImagePreprocessor(GrayImageReader reader, Recipe recipe) {
        this.reader = reader;
        this.recipe = recipe;
    }

    /** A thermal image: 224 x 224 floats. */
    public float[] thermal(GrayImage image) {
        float mean = (float) recipe.thermalMean();
        float std = (float) recipe.thermalStd();
        float[] plane;
        if (image.maxValue() == 255) {
            // PIL "L" resize = the RGB resize with three equal channels (each band is resampled alike)
            byte[] gray = new byte[image.values().length * 3];
            for (int i = 0; i < image.values().length; i++) {
                byte v = (byte) (int) image.values()[i];
                gray[i * 3] = v;
                gray[i * 3 + 1] = v;
                gray[i * 3 + 2] = v;
            }
            RgbImage rgb = new RgbImage(image.width(), image.height(), gray);
            long[] target = VisionPreprocessor.shortSideTarget(rgb.width(), rgb.height(), SIZE);
            RgbImage cropped = CenterCrop.crop(PilBicubicResize.resize(rgb, (int) target[0], (int) target[1]), SIZE);
            plane = new float[SIZE * SIZE];
            for (int i = 0; i < plane.length; i++) {
                plane[i] = (cropped.pixels()[i * 3] & 0xFF) / 255f;
            }
        } else {
            float[] unit = new float[image.values().length];
            for (int i = 0; i < unit.length; i++) {
                unit[i] = image.values()[i] / image.maxValue();
            }
            plane = resizeAndCrop(unit, image.width(), image.height());
        }
        for (int i = 0; i < plane.length; i++) {
            plane[i] = (plane[i] - mean) / std;
        }
        return plane;
    }

    /** A depth (or disparity) image: 224 x 224 floats. */
    public float[] depth(GrayImage image) {
        float[] disparity = new float[image.values().length];
        for (int i = 0; i < disparity.length; i++) {
            disparity[i] = (float) disparity(image.values()[i]);
        }
        float[] plane = resizeAndCrop(disparity, image.width(), image.height());
        float mean = (float) recipe.depthMean();
        float std = (float) recipe.depthStd();
        for (int i = 0; i < plane.length; i++) {
            plane[i] = (plane[i] - mean) / std;
        }
        return plane;
    }

    /** One raw sample as disparity: 0 (missing) stays 0. */
    double disparity(float raw) {
        double scaled = raw * recipe.depthScale();
        if (recipe.depthIsDisparity() || raw == 0) {
            return recipe.depthIsDisparity() ? scaled : 0;
        }
        double metres = Math.min(Math.max(scaled, recipe.depthMin()), recipe.depthMax());
        return recipe.baseline() * recipe.focal() / metres;
    }

    /** Reads {@code data} and runs the modality's recipe. */
    public float[] preprocess(byte[] data, String source, boolean depth) throws InvalidInputException {
        GrayImage image = reader.read(data, source);
        return depth ? depth(image) : thermal(image);
    }

    public float[] preprocess(java.nio.file.Path file, boolean depth) throws InvalidInputException {
        GrayImage image = reader.read(file);
        return depth ? depth(image) : thermal(image);
    }

    /** Short side to 224 (long side truncated as torchvision computes it), bilinear, then the centre 224 x 224. */
    private static float[] resizeAndCrop(float[] plane, int w, int h) {
        long[] target = VisionPreprocessor.shortSideTarget(w, h, SIZE);
        int tw = (int) target[0];
        int th = (int) target[1];
        float[] resized;
        if (tw == w && th == h) {
            resized = plane;
        } else {
            resized = new float[tw * th];
            VideoClipTransform.bilinear(plane, w, h, resized, 0, tw, th);
        }
        int top = CenterCrop.offset(th, SIZE);
        int left = CenterCrop.offset(tw, SIZE);
        float[] out = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            System.arraycopy(resized, (top + y) * tw + left, out, y * SIZE, SIZE);
        }
        return out;
    }
}
