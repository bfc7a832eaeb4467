package dev.bindery.encoder.pointcloud.internal;

/**
 * The transformer's inputs (upstream's {@code x} and {@code pos} before {@code self.blocks}).
 *
 * @param x      (tokens x dim) {@code [cls_token, reduce_dim(group features)]}
 * @param pos    (tokens x dim) {@code [cls_pos, pos_embed(centres)]}
 * @param tokens 1 + number of groups
 * @param dim    trans_dim
 */
public record TransformerInput(float[] x, float[] pos, int tokens, int dim) {
}
