package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.tensor.kernel.Parallel;
import java.util.List;
import java.util.Objects;

/** The Point-BERT blocks and final LayerNorm computed in Java with the tensor kernels, on one thread pool. */
final class JavaPointTransformer implements PointTransformer {
    private final List<PointBertBlock> blocks;
    private final LayerNorm norm;
    private final Parallel pool;

    JavaPointTransformer(List<PointBertBlock> blocks, LayerNorm norm, Parallel pool) {
        this.blocks = List.copyOf(blocks);
        this.norm = norm;
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /** The same blocks running on {@code other}. */
    JavaPointTransformer withPool(Parallel other) {
        return new JavaPointTransformer(blocks, norm, other);
    }

    int depth() {
        return blocks.size();
    }

    @Override
    public float[] apply(float[] x, float[] pos, int tokens, int dim) {
        if (dim != norm.dim() || x.length != tokens * dim || pos.length != tokens * dim) {
            throw new IllegalArgumentException("transformer of width " + norm.dim() + " given " + tokens + " x " + dim
                    + " tokens (" + x.length + " and " + pos.length + " values)");
        }
        float[] h = x.clone();
        for (PointBertBlock block : blocks) {
            // Point-BERT re-adds the positional embedding before every block.
            for (int i = 0; i < h.length; i++) {
                h[i] += pos[i];
            }
            block.forward(pool, h, tokens);
        }
        return norm.apply(h, tokens);
    }
}
