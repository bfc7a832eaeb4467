package dev.bindery.encoder.pointcloud.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of one point-cloud encoder (factory PID {@value PointEncoderComponent#PID}). */
@ObjectClassDefinition(name = "Bindery point-cloud encoder",
        description = "Encodes 3-D point clouds (PLY, PCD, XYZ/PTS, OFF, OBJ, npy, N x 3 tensors) with the Point-BERT"
                + " branch of a Point-Bind checkpoint, in Java on the CPU.")
public @interface PointEncoderConfig {
    @AttributeDefinition(name = "Checkpoint",
            description = "Torch state dict with the point keys (imagebind_w3D.pth, or one holding only the"
                    + " point_trunk / pc_projection / modality_heads.point keys).")
    String checkpoint() default "";

    @AttributeDefinition(name = "Model config", required = false,
            description = "config.json whose point_config_yaml_model_section gives num_heads, num_group, group_size"
                    + " (and the trans_dim, depth, encoder_dims the weights must have); empty: config.json beside the"
                    + " checkpoint if there is one, else the released values (6 heads, 512 groups of 32).")
    String model_config() default "";

    @AttributeDefinition(name = "Model id", required = false,
            description = "Published as bindery.model.id; empty: the checkpoint's name without extension. Give the"
                    + " id of the image/text encoders' model for embeddings that are to be mixed with theirs.")
    String model_id() default "";

    @AttributeDefinition(name = "Threads",
            description = "Threads one encoding uses; 0: the shared kernel pool (one thread per core).")
    int threads() default 0;

    @AttributeDefinition(name = "Service ranking", description = "service.ranking of the encoder service.")
    int ranking() default 0;

    @AttributeDefinition(name = "Most points",
            description = "Largest cloud accepted (file, upload or tensor); farthest point sampling to 8192 costs"
                    + " about 8192 x N distance updates.")
    int max_points() default PointCloudReader.DEFAULT_MAX_POINTS;
}
