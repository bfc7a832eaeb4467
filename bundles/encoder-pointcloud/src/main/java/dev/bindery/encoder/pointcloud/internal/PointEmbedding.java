package dev.bindery.encoder.pointcloud.internal;

/**
 * The result of encoding one cloud.
 *
 * @param prenorm   the head output before normalisation (upstream's {@code prenorm} embedding)
 * @param embedding the L2-normalised embedding times the point logit scale (1 for the released model)
 */
public record PointEmbedding(float[] prenorm, float[] embedding) {
}
