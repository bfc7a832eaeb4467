package dev.bindery.encoder.image.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of one ImageBind image encoder (factory PID {@value ImageEncoderComponent#PID}). */
@ObjectClassDefinition(name = "Bindery image encoder",
        description = "Encodes images (and videos) with the vision trunk of an ImageBind checkpoint, run by ONNX Runtime.")
public @interface ImageEncoderConfig {
    @AttributeDefinition(name = "Checkpoint", required = false,
            description = "ImageBind state dict (.pth, e.g. imagebind_huge.pth). The vision graph is built from it once"
                    + " and stored in the ONNX folder. May be empty when the ONNX folder holds vision.onnx.")
    String checkpoint() default "";

    @AttributeDefinition(name = "ONNX folder", required = false,
            description = "Folder of <modality>.onnx graphs (built or your own). Empty: <checkpoint folder>/bindery-onnx/"
                    + "<checkpoint name>.")
    String onnx_dir() default "";

    @AttributeDefinition(name = "Model config", required = false,
            description = "config.json with the head counts; empty: config.json beside the checkpoint, else the"
                    + " released imagebind_huge values.")
    String model_config() default "";

    @AttributeDefinition(name = "Model id", required = false,
            description = "Published as bindery.model.id; empty: the checkpoint's name without extension.")
    String model_id() default "";

    @AttributeDefinition(name = "Device", description = "cpu, cuda or cuda:<index>; CUDA falls back to CPU with a log"
            + " line when its execution provider is unavailable.",
            options = {@Option(label = "CPU", value = "cpu"), @Option(label = "CUDA", value = "cuda")})
    String device() default "cpu";

    @AttributeDefinition(name = "Intra-op threads", description = "ONNX Runtime threads per run; 0: one per core.")
    int intra_op_threads() default 0;

    @AttributeDefinition(name = "Batch size", description = "Most images run through the model at once.")
    int batch_size() default 8;

    @AttributeDefinition(name = "Service ranking", description = "service.ranking of the encoder services.")
    int ranking() default 0;

    @AttributeDefinition(name = "Video", description = "Also serve modality video from the same vision session"
            + " (upstream encodes videos with the vision trunk): MP4 / H.264, animated GIF or a folder of frames.")
    boolean video() default true;

    @AttributeDefinition(name = "Frame folder rate", description = "Frames per second of a video given as a folder of"
            + " image files (a folder carries no timing).")
    int video_folder_fps() default 30;
}
