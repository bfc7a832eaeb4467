/**
 * Bindery model packages.
 *
 * <p>A model package is a folder holding the files the services load (ONNX graphs of the ImageBind encoders, one
 * GGUF with LLaMA, the ImageBind-LLM adapter and the tokenizer, the bind network, the optional visual cache and the
 * text encoder's BPE file) and {@code bindery-package.json}, which records the components with their dimensions and
 * formats, the source checkpoints and the SHA-256 and size of every file.
 *
 * <p>Provides: {@link dev.bindery.packages.ModelPackage#open} (verifies everything or refuses with a
 * {@link dev.bindery.api.ModelMismatchException} naming the file and key; {@link dev.bindery.packages.Verification}
 * selects checksums or sizes only, system property {@code bindery.package.verify}),
 * {@link dev.bindery.packages.PackageConverter#convert} (official checkpoints to a package, with progress), and
 * {@link dev.bindery.packages.DefaultPackage} (the deterministic tiny package the build makes for the README's first
 * command; its answers are meaningless).
 *
 * <p>Consumes: {@code dev.bindery.onnx.imagebind} (graphs), {@code dev.bindery.llama.convert} (GGUF),
 * {@code dev.bindery.bindnet} (bind-network check), {@code dev.bindery.cache} (cache import), {@code dev.bindery.tensor}
 * (file formats) and {@code dev.bindery.api} (exceptions). No OSGi types.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.bindery.packages;
