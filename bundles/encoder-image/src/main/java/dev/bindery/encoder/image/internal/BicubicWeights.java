package dev.bindery.encoder.image.internal;

/**
 * The per-output-sample filter taps of PIL's antialiased bicubic resampling along one axis, as PIL computes them
 * ({@code precompute_coeffs} followed by {@code normalize_coeffs_8bpc} in Pillow's {@code libImaging/Resample.c};
 * reimplemented here from its description).
 *
 * <p>When downscaling, the cubic kernel (a = -0.5, support 2) is stretched by the scale factor so that it averages
 * all the input samples an output sample covers (antialiasing). The window of each output sample is rounded to whole
 * input samples and clipped to the image, the weights inside it are normalised to sum 1 in double precision, then
 * turned into signed fixed-point integers with {@link #PRECISION_BITS} fraction bits, rounding half away from zero.
 * The exact order of these double operations matters: the golden pixels are bit-exact only with PIL's sequence.
 */
final class BicubicWeights {
    /** Fraction bits of the fixed-point weights: 32 bits minus 8 for the pixel value and 2 for overshoot. */
    static final int PRECISION_BITS = 32 - 8 - 2;

    private static final double CUBIC_A = -0.5;
    private static final double CUBIC_SUPPORT = 2.0;

    /** Maximum number of taps of any output sample (the stride of {@link #weights}). */
    final int taps;
    /** Index of the first input sample each output sample reads. */
    final int[] first;
    /** How many input samples each output sample reads (at most {@link #taps}). */
    final int[] count;
    /** Fixed-point weights, {@code taps} per output sample; unused slots are zero. */
    final int[] weights;

    private BicubicWeights(int taps, int[] first, int[] count, int[] weights) {
        this.taps = taps;
        this.first = first;
        this.count = count;
        this.weights = weights;
    }

    /** The weights that map {@code inSize} input samples onto {@code outSize} output samples (whole-image box). */
    static BicubicWeights of(int inSize, int outSize) {
        if (inSize <= 0 || outSize <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + inSize + " -> " + outSize);
        }
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = CUBIC_SUPPORT * filterScale;
        int taps = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        int[] weights = new int[Math.multiplyExact(outSize, taps)];
        double[] k = new double[taps];
        double inverseFilterScale = 1.0 / filterScale;
        for (int out = 0; out < outSize; out++) {
            double center = (out + 0.5) * scale;
            // PIL rounds the window ends by adding 0.5 and truncating toward zero, then clips to the image.
            int min = Math.max((int) (center - support + 0.5), 0);
            int max = Math.min((int) (center + support + 0.5), inSize) - min;
            double sum = 0.0;
            for (int i = 0; i < max; i++) {
                double w = cubic((i + min - center + 0.5) * inverseFilterScale);
                k[i] = w;
                sum += w;
            }
            int base = out * taps;
            for (int i = 0; i < max; i++) {
                double normalised = sum != 0.0 ? k[i] / sum : k[i];
                weights[base + i] = toFixedPoint(normalised);
            }
            first[out] = min;
            count[out] = max;
        }
        return new BicubicWeights(taps, first, count, weights);
    }

    /** Keys' cubic convolution kernel with a = -0.5, in PIL's evaluation order. */
    static double cubic(double x) {
        if (x < 0.0) {
            x = -x;
        }
        if (x < 1.0) {
            return ((CUBIC_A + 2.0) * x - (CUBIC_A + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * CUBIC_A;
        }
        return 0.0;
    }

    /** Rounds half away from zero to {@link #PRECISION_BITS} fraction bits, as PIL does (truncating cast). */
    static int toFixedPoint(double weight) {
        double scaled = weight * (1 << PRECISION_BITS);
        return weight < 0 ? (int) (-0.5 + scaled) : (int) (0.5 + scaled);
    }
}
