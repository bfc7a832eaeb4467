package dev.bindery.llama.internal.model;

import dev.bindery.tensor.kernel.MatMul;
import dev.bindery.tensor.kernel.Matrix;
import dev.bindery.tensor.kernel.Parallel;
import dev.bindery.tensor.kernel.VectorMath;
import java.util.Objects;

/**
 * One projection of the fine-tuned LLaMA: {@code y = W x + b + B (A x)} as ImageBind-LLM's finetune phase computes
 * it (bias and LoRA optional, LoRA without scaling). The base weight stays in its storage format; the LoRA factors
 * are applied separately rather than merged, so an F16 or quantised base is used exactly as stored, at an extra cost
 * of {@code rank * (in + out)} multiply-adds per token (about 1% of the base for rank 16 at LLaMA-7B widths).
 */
public final class Linear {
    private final Matrix weight;
    private final float[] bias;
    private final Matrix loraA;
    private final Matrix loraB;

    /**
     * @param weight the base weight {@code (out, in)}
     * @param bias   {@code out} values, or null
     * @param loraA  the LoRA down-projection {@code (rank, in)} (upstream {@code lora_*_l1}), or null
     * @param loraB  the LoRA up-projection {@code (out, rank)} (upstream {@code lora_*_l2}), or null with loraA
     * @throws IllegalArgumentException if the shapes do not fit together
     */
    public Linear(Matrix weight, float[] bias, Matrix loraA, Matrix loraB) {
        this.weight = Objects.requireNonNull(weight, "weight");
        if (bias != null && bias.length != weight.rows()) {
            throw new IllegalArgumentException("bias of " + bias.length + " values for " + weight.rows() + " outputs");
        }
        if ((loraA == null) != (loraB == null)) {
            throw new IllegalArgumentException("LoRA needs both factors");
        }
        if (loraA != null && (loraA.cols() != weight.cols() || loraB.rows() != weight.rows()
                || loraB.cols() != loraA.rows())) {
            throw new IllegalArgumentException("LoRA factors " + loraA + " and " + loraB + " do not fit " + weight);
        }
        this.bias = bias;
        this.loraA = loraA;
        this.loraB = loraB;
    }

    /** A plain projection without bias or LoRA. */
    public static Linear of(Matrix weight) {
        return new Linear(weight, null, null, null);
    }

    public Matrix weight() {
        return weight;
    }

    /** Number of outputs. */
    public int out() {
        return weight.rows();
    }

    /** Number of inputs. */
    public int in() {
        return weight.cols();
    }

    /** The LoRA rank, 0 without LoRA. */
    public int rank() {
        return loraA == null ? 0 : loraA.rows();
    }

    /** Parameters: base, bias and LoRA. */
    public long parameters() {
        long p = (long) weight.rows() * weight.cols() + (bias == null ? 0 : bias.length);
        if (loraA != null) {
            p += (long) loraA.rows() * loraA.cols() + (long) loraB.rows() * loraB.cols();
        }
        return p;
    }

    /**
     * Applies the projection to {@code n} inputs: {@code x} holds {@code n x in} values, {@code out} receives
     * {@code n x out}.
     *
     * @param down scratch of at least {@code n * rank} values (unused without LoRA)
     * @param up   scratch of at least {@code n * out} values (unused without LoRA)
     */
    public void apply(Parallel parallel, float[] x, int n, float[] out, float[] down, float[] up) {
        int rows = weight.rows();
        MatMul.matMul(parallel, weight, x, 0, n, out, 0);
        if (bias != null) {
            for (int i = 0; i < n; i++) {
                VectorMath.add(out, i * rows, bias, 0, out, i * rows, rows);
            }
        }
        if (loraA != null) {
            MatMul.matMul(parallel, loraA, x, 0, n, down, 0);
            MatMul.matMul(parallel, loraB, down, 0, n, up, 0);
            VectorMath.add(out, 0, up, 0, out, 0, n * rows);
        }
    }
}
