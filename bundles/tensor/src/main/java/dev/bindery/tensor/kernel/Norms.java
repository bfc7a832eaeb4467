package dev.bindery.tensor.kernel;

import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** RMSNorm (LLaMA, bind network) and LayerNorm (ImageBind) over one vector of {@code n} values. */
public final class Norms {
    private Norms() {
    }

    /**
     * LLaMA's RMSNorm in float32, in PyTorch's order of operations:
     * {@code r = 1/sqrt(mean(x^2) + eps)}, {@code out[i] = (x[i] * r) * weight[i]}. {@code out} may be {@code x}.
     *
     * @throws IndexOutOfBoundsException if a range is out of bounds
     */
    public static void rmsNorm(float[] x, int xOffset, float[] weight, int weightOffset, float eps, float[] out,
                               int outOffset, int n) {
        Objects.checkFromIndexSize(xOffset, n, x.length);
        Objects.checkFromIndexSize(weightOffset, n, weight.length);
        Objects.checkFromIndexSize(outOffset, n, out.length);
        float meanSquare = sumOfSquares(x, xOffset, n) / n;
        float r = (float) (1.0 / Math.sqrt(meanSquare + eps));
        int i = 0;
        for (int bound = n - Lanes.L; i <= bound; i += Lanes.L) {
            FloatVector.fromArray(Lanes.F, x, xOffset + i).mul(r)
                    .mul(FloatVector.fromArray(Lanes.F, weight, weightOffset + i))
                    .intoArray(out, outOffset + i);
        }
        for (; i < n; i++) {
            out[outOffset + i] = (x[xOffset + i] * r) * weight[weightOffset + i];
        }
    }

    /** {@link #rmsNorm(float[], int, float[], int, float, float[], int, int)} over whole arrays of {@code weight.length}. */
    public static void rmsNorm(float[] x, float[] weight, float eps, float[] out) {
        rmsNorm(x, 0, weight, 0, eps, out, 0, weight.length);
    }

    /**
     * PyTorch's LayerNorm: {@code out[i] = (x[i] - mean) * rstd * weight[i] + bias[i]} with the biased variance,
     * {@code rstd = 1/sqrt(var + eps)}. Mean and variance are accumulated in double (two passes) and the
     * result is rounded to float32, so it is at least as accurate as PyTorch's float32 kernel.
     * {@code weight} and {@code bias} may be null (no affine part); {@code out} may be {@code x}.
     */
    public static void layerNorm(float[] x, int xOffset, float[] weight, float[] bias, int affineOffset, float eps,
                                 float[] out, int outOffset, int n) {
        Objects.checkFromIndexSize(xOffset, n, x.length);
        Objects.checkFromIndexSize(outOffset, n, out.length);
        if (weight != null) {
            Objects.checkFromIndexSize(affineOffset, n, weight.length);
        }
        if (bias != null) {
            Objects.checkFromIndexSize(affineOffset, n, bias.length);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[xOffset + i];
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double d = x[xOffset + i] - mean;
            squares += d * d;
        }
        double rstd = 1.0 / Math.sqrt(squares / n + eps);
        for (int i = 0; i < n; i++) {
            double y = (x[xOffset + i] - mean) * rstd;
            if (weight != null) {
                y *= weight[affineOffset + i];
            }
            if (bias != null) {
                y += bias[affineOffset + i];
            }
            out[outOffset + i] = (float) y;
        }
    }

    /** {@link #layerNorm(float[], int, float[], float[], int, float, float[], int, int)} over whole arrays. */
    public static void layerNorm(float[] x, float[] weight, float[] bias, float eps, float[] out) {
        layerNorm(x, 0, weight, bias, 0, eps, out, 0, out.length);
    }

    private static float sumOfSquares(float[] x, int offset, int n) {
        FloatVector acc0 = FloatVector.zero(Lanes.F);
        FloatVector acc1 = FloatVector.zero(Lanes.F);
        int L = Lanes.L;
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            FloatVector a = FloatVector.fromArray(Lanes.F, x, offset + i);
            FloatVector b = FloatVector.fromArray(Lanes.F, x, offset + i + L);
            acc0 = a.fma(a, acc0);
            acc1 = b.fma(b, acc1);
        }
        for (int bound = n - L; i <= bound; i += L) {
            FloatVector a = FloatVector.fromArray(Lanes.F, x, offset + i);
            acc0 = a.fma(a, acc0);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float v = x[offset + i];
            sum += v * v;
        }
        return sum;
    }
}
