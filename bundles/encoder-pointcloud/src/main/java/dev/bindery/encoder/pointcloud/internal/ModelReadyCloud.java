package dev.bindery.encoder.pointcloud.internal;

/**
 * The cloud the encoder takes: {@code size} float32 points, interleaved x y z, centred with largest radius 1.
 *
 * @param points  the coordinates ({@code 3 * size} values; owned by this record, do not modify)
 * @param size    the number of points (8192 for larger inputs, the input size otherwise, at least 32)
 * @param indices which input point each row came from
 * @param radius  the radius the centred points were divided by (in input units)
 */
public record ModelReadyCloud(float[] points, int size, int[] indices, float radius) {
}
