/**
 * The {@code bindery:} scope of the Karaf shell.
 *
 * <p>Provides {@code bindery:ask} (a multimodal question, streamed answer and timings), {@code bindery:embed}
 * (vectors of inputs of any modality, printed or written as {@code .npy}), {@code bindery:similarity} (cosine
 * matrix between inputs, or zero-shot classification against {@code --label} texts), {@code bindery:retrieve}
 * (nearest neighbours in a visual cache), {@code bindery:strategy} (show or set the default strategy through Config
 * Admin, PID {@code dev.bindery.runtime}), {@code bindery:convert} (a model package from the official checkpoints) and
 * the listings {@code bindery:encoders}, {@code bindery:strategies} and {@code bindery:models}; every command has
 * {@code --json}. Completers for strategy names, modalities and cache names.
 *
 * <p>Consumes {@link dev.bindery.api.assistant.Assistant}, {@link dev.bindery.api.encoder.ModalityEncoder},
 * {@link dev.bindery.api.strategy.GenerationStrategy}, {@link dev.bindery.api.llm.LanguageModel},
 * {@link dev.bindery.api.bind.BindNetwork} and {@link dev.bindery.api.cache.VisualCache} services (any number, none
 * required: a command whose service is missing says so and the others stay), Config Admin (optional) and the Karaf
 * shell. Exports nothing.
 */
package dev.bindery.shell;
