package dev.bindery.encoder.pointcloud.internal;

/**
 * Every intermediate of one {@link PointBertEncoder#trace encode}, for locating a mismatch against upstream or
 * timing stages. Arrays are owned by the record; do not modify.
 *
 * @param groups        the grouping (centres, neighbours, neighbourhoods)
 * @param groupFeatures (G x encoder_dims) the mini-PointNet output
 * @param input         the transformer inputs {@code x} and {@code pos}
 * @param normOut       (tokens x dim) the final LayerNorm output
 * @param feature       (2 dim) {@code [CLS, max]}
 * @param pcEmbed       {@code feature @ pc_projection}
 * @param result        the prenorm and final embeddings
 */
public record PointBertTrace(PointGroups groups, float[] groupFeatures, TransformerInput input, float[] normOut,
                             float[] feature, float[] pcEmbed, PointEmbedding result) {
}
