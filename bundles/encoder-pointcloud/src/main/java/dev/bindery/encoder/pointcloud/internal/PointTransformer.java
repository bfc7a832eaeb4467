package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.BinderyException;

/**
 * Point-BERT's transformer part: the blocks ({@code x = block(x + pos)} for every block) followed by the final
 * LayerNorm. {@link PointBertEncoder} runs it in Java by default; an ONNX Runtime session of the same graph can
 * take its place (its inputs {@code x} and {@code pos} are {@code [1, tokens, dim]}).
 */
@FunctionalInterface
public interface PointTransformer {
    /**
     * Runs the transformer.
     *
     * @param x      (tokens x dim) token embeddings, row 0 the CLS token; not modified
     * @param pos    (tokens x dim) positional embeddings; not modified
     * @return (tokens x dim) the final LayerNorm output
     * @throws BinderyException if the runtime executing the graph fails
     */
    float[] apply(float[] x, float[] pos, int tokens, int dim) throws BinderyException;
}
