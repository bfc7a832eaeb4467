/**
 * Bindery over HTTP: an OpenAI-compatible API, health, Prometheus metrics and a small web page.
 *
 * <p>Provides one servlet on the OSGi HTTP whiteboard (Karaf's Pax Web) serving {@code POST /v1/chat/completions}
 * (multimodal content parts, streaming with server-sent events), {@code POST /v1/embeddings} (any modality, the shared
 * ImageBind space), {@code GET /v1/models}, {@code GET /health}, {@code GET /metrics} and the page at {@code /}.
 * Configured through Config Admin (PID {@code dev.bindery.http}).
 *
 * <p>Consumes the {@link dev.bindery.api.assistant.Assistant}, the {@link dev.bindery.api.encoder.ModalityEncoder}s,
 * the {@link dev.bindery.api.llm.LanguageModel}s, the {@link dev.bindery.api.strategy.GenerationStrategy}s, the
 * {@link dev.bindery.api.bind.BindNetwork}s and the {@link dev.bindery.api.cache.VisualCache}s, all dynamically: the
 * API keeps answering (503 where a service is missing) while they come and go. Exports nothing.
 */
package dev.bindery.http;
