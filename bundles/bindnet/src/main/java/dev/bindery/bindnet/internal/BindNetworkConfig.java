package dev.bindery.bindnet.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of one bind network (factory PID {@code dev.bindery.bindnet}). */
@ObjectClassDefinition(name = "Bindery bind network",
        description = "Loads ImageBind-LLM's bind network from an adapter checkpoint and registers it as a BindNetwork service.")
public @interface BindNetworkConfig {
    @AttributeDefinition(name = "Checkpoint",
            description = "Path of the adapter checkpoint: a .pth (e.g. 7B.pth), a safetensors or a GGUF file holding the image_bind_* tensors.")
    String checkpoint();

    @AttributeDefinition(name = "Model id",
            description = "Id published as the service property bindery.model.id; empty: the file name without extension.")
    String model_id() default "";

    @AttributeDefinition(name = "Weights", description = "Keep the stored format or quantise the matrices on load.",
            options = {@Option(label = "as stored", value = "as-stored"), @Option(label = "Q8_0", value = "q8_0"),
                    @Option(label = "Q4_0", value = "q4_0")})
    String weights() default "as-stored";
}
