package dev.bindery.encoder.image.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of one ImageBind depth, thermal or IMU encoder (factory PID {@value SensorEncoderComponent#PID}). */
@ObjectClassDefinition(name = "Bindery depth / thermal / IMU encoder",
        description = "Encodes depth maps and thermal images (image files such as 8/16-bit grayscale PNG, or 1x224x224"
                + " tensors) or IMU windows (6x2000 tensors), with the matching trunk of an ImageBind checkpoint.")
public @interface SensorEncoderConfig {
    @AttributeDefinition(name = "Modality", options = {@Option(label = "depth", value = "depth"),
            @Option(label = "thermal", value = "thermal"), @Option(label = "IMU", value = "imu")})
    String modality();

    @AttributeDefinition(name = "Checkpoint", required = false,
            description = "ImageBind state dict (.pth). May be empty when the ONNX folder holds <modality>.onnx.")
    String checkpoint() default "";

    @AttributeDefinition(name = "ONNX folder", required = false,
            description = "Folder of <modality>.onnx graphs. Empty: <checkpoint folder>/bindery-onnx/<checkpoint name>.")
    String onnx_dir() default "";

    @AttributeDefinition(name = "Model config", required = false,
            description = "config.json with the head counts; empty: config.json beside the checkpoint, else the"
                    + " released values.")
    String model_config() default "";

    @AttributeDefinition(name = "Model id", required = false,
            description = "Published as bindery.model.id; empty: the checkpoint's name without extension.")
    String model_id() default "";

    @AttributeDefinition(name = "Device", description = "cpu, cuda or cuda:<index> (falls back to CPU).",
            options = {@Option(label = "CPU", value = "cpu"), @Option(label = "CUDA", value = "cuda")})
    String device() default "cpu";

    @AttributeDefinition(name = "Intra-op threads", description = "ONNX Runtime threads per run; 0: one per core.")
    int intra_op_threads() default 0;

    @AttributeDefinition(name = "Batch size", description = "Most inputs run through the model at once.")
    int batch_size() default 8;

    @AttributeDefinition(name = "Service ranking", description = "service.ranking of the encoder service.")
    int ranking() default 0;

    @AttributeDefinition(name = "Depth image values", description = "What a depth image's samples are: depth"
            + " (converted to disparity) or disparity.",
            options = {@Option(label = "depth", value = "depth"), @Option(label = "disparity", value = "disparity")})
    String depth_input() default "depth";

    @AttributeDefinition(name = "Depth scale", description = "Metres (or disparity units) per sample value; 0.001 for"
            + " 16-bit millimetre PNGs.")
    double depth_scale() default 0.001;

    @AttributeDefinition(name = "Stereo baseline (m)", description = "Disparity = baseline * focal / depth.")
    double depth_baseline() default 0.075;

    @AttributeDefinition(name = "Focal length (px)")
    double depth_focal() default 518.857901;

    @AttributeDefinition(name = "Nearest depth (m)", description = "Depths are clamped to [nearest, farthest].")
    double depth_min() default 0.01;

    @AttributeDefinition(name = "Farthest depth (m)")
    double depth_max() default 50;

    @AttributeDefinition(name = "Disparity mean")
    double depth_mean() default 0.0418;

    @AttributeDefinition(name = "Disparity std")
    double depth_std() default 0.0295;

    @AttributeDefinition(name = "Thermal mean", description = "Thermal images are (v / max - mean) / std.")
    double thermal_mean() default 0;

    @AttributeDefinition(name = "Thermal std")
    double thermal_std() default 1;
}
