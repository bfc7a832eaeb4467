package dev.bindery.encoder.pointcloud.internal;

/**
 * Point-BERT's grouping of a cloud: {@code numGroups} centres and, per centre, its {@code groupSize} nearest points
 * relative to the centre. Arrays are owned by the record; do not modify.
 *
 * @param numGroups          G, the number of centres (512)
 * @param groupSize          K, points per group (32)
 * @param centreIndices      (G) index of each centre in the cloud, in farthest-point order
 * @param centres            (G x 3) the centre coordinates
 * @param neighbourIndices   (G x K) the nearest points of each centre, ascending distance, ties by index
 * @param neighbourhoods     (G x K x 3) those points minus their centre
 */
public record PointGroups(int numGroups, int groupSize, int[] centreIndices, float[] centres,
                          int[] neighbourIndices, float[] neighbourhoods) {
}
