package dev.bindery.encoder.text.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of one ImageBind text encoder (factory PID {@value TextEncoderComponent#PID}). */
@ObjectClassDefinition(name = "Bindery text encoder",
        description = "Encodes texts with the CLIP BPE tokenizer and the text trunk of an ImageBind checkpoint, run by"
                + " ONNX Runtime.")
public @interface TextEncoderConfig {
    @AttributeDefinition(name = "Checkpoint", required = false,
            description = "ImageBind state dict (.pth). The text graph is built from it once and stored in the ONNX"
                    + " folder. May be empty when the ONNX folder holds text.onnx.")
    String checkpoint() default "";

    @AttributeDefinition(name = "ONNX folder", required = false,
            description = "Folder of <modality>.onnx graphs. Empty: <checkpoint folder>/bindery-onnx/<checkpoint name>.")
    String onnx_dir() default "";

    @AttributeDefinition(name = "Model config", required = false,
            description = "config.json with the head counts; empty: config.json beside the checkpoint, else the"
                    + " released imagebind_huge values.")
    String model_config() default "";

    @AttributeDefinition(name = "BPE merges", required = false,
            description = "bpe_simple_vocab_16e6.txt.gz; empty: the file of that name beside the checkpoint or in the"
                    + " ONNX folder.")
    String bpe() default "";

    @AttributeDefinition(name = "End-of-text policy",
            description = "keep-eot: upstream ImageBind HEAD (texts over 75 tokens keep EOT); truncate-after-eot: the"
                    + " ImageBind-LLM copy (long texts lose EOT and pool at SOT).",
            options = {@Option(label = "keep EOT (HEAD)", value = "keep-eot"),
                    @Option(label = "truncate after EOT (ImageBind-LLM)", value = "truncate-after-eot")})
    String eot_policy() default "keep-eot";

    @AttributeDefinition(name = "Model id", required = false,
            description = "Published as bindery.model.id; empty: the checkpoint's name without extension.")
    String model_id() default "";

    @AttributeDefinition(name = "Device", description = "cpu, cuda or cuda:<index> (falls back to CPU).",
            options = {@Option(label = "CPU", value = "cpu"), @Option(label = "CUDA", value = "cuda")})
    String device() default "cpu";

    @AttributeDefinition(name = "Intra-op threads", description = "ONNX Runtime threads per run; 0: one per core.")
    int intra_op_threads() default 0;

    @AttributeDefinition(name = "Batch size", description = "Most texts run through the model at once.")
    int batch_size() default 8;

    @AttributeDefinition(name = "Service ranking", description = "service.ranking of the encoder service.")
    int ranking() default 0;
}
