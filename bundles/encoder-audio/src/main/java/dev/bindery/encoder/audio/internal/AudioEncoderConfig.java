package dev.bindery.encoder.audio.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of one ImageBind audio encoder (factory PID {@value AudioEncoderComponent#PID}). */
@ObjectClassDefinition(name = "Bindery audio encoder",
        description = "Encodes WAV audio (three 2-second clips per file, as upstream) with the audio trunk of an"
                + " ImageBind checkpoint, run by ONNX Runtime.")
public @interface AudioEncoderConfig {
    @AttributeDefinition(name = "Checkpoint", required = false,
            description = "ImageBind state dict (.pth, e.g. imagebind_huge.pth). The audio graph is built from it once"
                    + " and stored in the ONNX folder. May be empty when the ONNX folder holds audio.onnx.")
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

    @AttributeDefinition(name = "Batch size", description = "Most audio files run through the model at once; each"
            + " file is 3 clips, so a run holds up to 3 x this many rows.")
    int batch_size() default 4;

    @AttributeDefinition(name = "Service ranking", description = "service.ranking of the encoder service.")
    int ranking() default 0;
}
