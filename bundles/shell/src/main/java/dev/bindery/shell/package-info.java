/**
 * The {@code bindery:} scope of the Karaf shell.
 *
 * <p>Provides the commands {@code bindery:encoders}, {@code bindery:strategies} and {@code bindery:models}, which list
 * the registered {@link dev.bindery.api.encoder.ModalityEncoder}, {@link dev.bindery.api.strategy.GenerationStrategy},
 * {@link dev.bindery.api.llm.LanguageModel}, {@link dev.bindery.api.bind.BindNetwork} and
 * {@link dev.bindery.api.cache.VisualCache} services, as a table or, with {@code --json}, as JSON. Consumes those
 * services (any number, none required) and the Karaf shell. Exports nothing.
 */
package dev.bindery.shell;
