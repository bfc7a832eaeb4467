package dev.bindery.llama.internal.service;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of one LLaMA language model (PID {@code dev.bindery.llama}, or factory configurations of it for
 * several models). Give either {@code gguf} alone, or {@code llama.dir} (with {@code tokenizer} and
 * {@code adapter}); with both, {@code gguf} is the converted copy, written on first start and reused while newer
 * than the sources.
 */
@ObjectClassDefinition(name = "Bindery LLaMA language model",
        description = "LLaMA with ImageBind-LLM's gated visual injection, from Meta checkpoints or GGUF")
public @interface LlamaModelConfig {
    @AttributeDefinition(name = "Model id", description = "Registered as the service property bindery.model.id")
    String bindery_model_id() default "imagebind-llm";

    @AttributeDefinition(name = "GGUF file", required = false,
            description = "A LLaMA GGUF to load, or where to write the converted copy of the sources")
    String gguf() default "";

    @AttributeDefinition(name = "LLaMA checkpoint folder", required = false,
            description = "Folder with params.json and consolidated.*.pth (Meta format)")
    String llama_dir() default "";

    @AttributeDefinition(name = "Tokenizer", required = false,
            description = "SentencePiece tokenizer.model; default: in the checkpoint folder or its parent")
    String tokenizer() default "";

    @AttributeDefinition(name = "Adapter", required = false,
            description = "ImageBind-LLM adapter checkpoint (e.g. 7B.pth); empty for plain LLaMA")
    String adapter() default "";

    @AttributeDefinition(name = "Weight format", description = "Storage format of the large matrices",
            options = {
                @Option(label = "As stored", value = "STORED"),
                @Option(label = "F32", value = "F32"),
                @Option(label = "F16", value = "F16"),
                @Option(label = "Q8_0 (8-bit)", value = "Q8_0"),
                @Option(label = "Q4_0 (4-bit)", value = "Q4_0")})
    String weight_format() default "STORED";

    @AttributeDefinition(name = "Context length", description = "Most tokens (prompt plus answer) of one generation")
    int context_length() default 512;

    @AttributeDefinition(name = "Kernel threads", description = "Threads of the matrix kernels; 0 = all processors")
    int threads() default 0;

    @AttributeDefinition(name = "Concurrent generations", description = "Generations that run at the same time")
    int concurrent_generations() default 2;
}
