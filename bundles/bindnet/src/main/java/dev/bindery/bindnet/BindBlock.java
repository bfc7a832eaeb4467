package dev.bindery.bindnet;

import dev.bindery.tensor.kernel.Activations;
import dev.bindery.tensor.kernel.MatMul;
import dev.bindery.tensor.kernel.Matrix;
import dev.bindery.tensor.kernel.Norms;
import dev.bindery.tensor.kernel.Parallel;
import dev.bindery.tensor.kernel.VectorMath;

/**
 * One residual SwiGLU block of the bind network: {@code x + f2(silu(f1(n)) * f3(n))} with {@code n = norm(x)}, in
 * float32 and PyTorch's order of operations. Biases are null in the released layout.
 */
final class BindBlock {
    private final BindLayout layout;
    private final float[] normWeight;
    private final float[] normBias;
    private final Matrix f1;
    private final float[] f1Bias;
    private final Matrix f2;
    private final float[] f2Bias;
    private final Matrix f3;
    private final float[] f3Bias;

    BindBlock(BindLayout layout, float[] normWeight, float[] normBias, Matrix f1, float[] f1Bias, Matrix f2,
              float[] f2Bias, Matrix f3, float[] f3Bias) {
        this.layout = layout;
        this.normWeight = normWeight;
        this.normBias = normBias;
        this.f1 = f1;
        this.f1Bias = f1Bias;
        this.f2 = f2;
        this.f2Bias = f2Bias;
        this.f3 = f3;
        this.f3Bias = f3Bias;
    }

    /** The block's hidden width (16384 for the released network). */
    int hidden() {
        return f1.rows();
    }

    Matrix[] matrices() {
        return new Matrix[] {f1, f2, f3};
    }

    /** Applies the block to {@code n} rows of {@code x} ({@code n x dim}, row-major) in place. */
    void apply(Parallel parallel, float[] x, int n) {
        int dim = normWeight.length;
        int hidden = f1.rows();
        float[] normed = new float[n * dim];
        for (int i = 0; i < n; i++) {
            normalise(x, i * dim, normed, i * dim);
        }
        float[] gate = new float[n * hidden];
        float[] up = new float[n * hidden];
        MatMul.matMul(parallel, f1, normed, 0, n, gate, 0);
        MatMul.matMul(parallel, f3, normed, 0, n, up, 0);
        float[] out = new float[n * dim];
        for (int i = 0; i < n; i++) {
            addBias(gate, i * hidden, f1Bias);
            addBias(up, i * hidden, f3Bias);
            // silu(f1(n)) * f3(n), silu rounded to float32 first as F.silu does
            Activations.siluMul(gate, i * hidden, up, i * hidden, hidden);
        }
        MatMul.matMul(parallel, f2, gate, 0, n, out, 0);
        for (int i = 0; i < n; i++) {
            addBias(out, i * dim, f2Bias);
        }
        VectorMath.add(x, 0, out, 0, x, 0, n * dim);
    }

    private void normalise(float[] x, int offset, float[] out, int outOffset) {
        int dim = normWeight.length;
        if (layout == BindLayout.RMS_NORM) {
            Norms.rmsNorm(x, offset, normWeight, 0, layout.eps(), out, outOffset, dim);
        } else {
            Norms.layerNorm(x, offset, normWeight, normBias, 0, layout.eps(), out, outOffset, dim);
        }
    }

    static void addBias(float[] v, int offset, float[] bias) {
        if (bias != null) {
            VectorMath.add(v, offset, bias, 0, v, offset, bias.length);
        }
    }
}
