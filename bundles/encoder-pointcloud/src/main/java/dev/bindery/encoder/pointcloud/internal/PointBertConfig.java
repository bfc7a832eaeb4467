package dev.bindery.encoder.pointcloud.internal;

/**
 * The Point-BERT hyper-parameters a checkpoint does not record in its tensor shapes. Widths (trans_dim,
 * encoder_dims, MLP width, output dimension) and the depth are read from the weights.
 *
 * @param numHeads  attention heads per block (6 in {@code PointTransformer_8192point.yaml})
 * @param numGroups centres per cloud (512)
 * @param groupSize points per group (32)
 */
public record PointBertConfig(int numHeads, int numGroups, int groupSize) {
    /** The configuration of the released {@code imagebind_w3D.pth}. */
    public static final PointBertConfig RELEASED = new PointBertConfig(6, 512, 32);

    public PointBertConfig {
        if (numHeads < 1 || numGroups < 1 || groupSize < 1) {
            throw new IllegalArgumentException("Point-BERT config needs positive values: heads " + numHeads
                    + ", groups " + numGroups + ", group size " + groupSize);
        }
    }
}
