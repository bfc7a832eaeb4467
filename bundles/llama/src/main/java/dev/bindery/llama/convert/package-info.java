/**
 * Public entry point for turning Meta's LLaMA checkpoint folder, its {@code tokenizer.model} and an ImageBind-LLM
 * adapter into the one GGUF file the LLaMA service loads, for tools outside this bundle (the model-package
 * converter). It consumes the bundle's internal readers and writer; nothing here holds OSGi types.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.bindery.llama.convert;
