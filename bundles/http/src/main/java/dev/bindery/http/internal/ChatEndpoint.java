package dev.bindery.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bindery.api.BinderyException;
import dev.bindery.api.assistant.Answer;
import dev.bindery.api.assistant.AnswerHandle;
import dev.bindery.api.assistant.Assistant;
import dev.bindery.api.llm.LanguageModel;
import java.io.IOException;
import java.util.UUID;

/**
 * {@code POST /v1/chat/completions}: parses the request, checks the model, takes a place in the queue (429 when it is
 * full) and answers at once or as a stream of server-sent events.
 */
final class ChatEndpoint {
    private final Services services;
    private final Metrics metrics;

    ChatEndpoint(Services services, Metrics metrics) {
        this.services = services;
        this.metrics = metrics;
    }

    void handle(Exchange exchange, Settings settings) throws ApiError, IOException, InterruptedException {
        JsonNode body = exchange.readJson(settings.maxRequestBytes);
        ChatCall call = new ChatRequestParser(new ContentParts(settings.media)).parse(body);
        String model = checkModel(call.model());
        Assistant assistant = services.assistant().orElseThrow(() -> new ApiError(503, "service_unavailable",
                "service_unavailable", null, "the assistant is not running (is the bindery-runtime feature started?)"));
        try (AdmissionQueue.Ticket ticket = settings.queue.tryEnter()) {
            if (ticket == null) {
                throw queueFull(settings.queue);
            }
            ticket.awaitTurn();
            String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
            long created = System.currentTimeMillis() / 1000;
            if (call.stream()) {
                new ChatStream(exchange, metrics, id, created, model).run(assistant, call);
            } else {
                Answer answer = ask(assistant, call);
                metrics.answer(answer);
                exchange.sendJson(200, JsonShapes.completion(id, created, model, answer));
            }
        }
    }

    private static Answer ask(Assistant assistant, ChatCall call) throws ApiError, InterruptedException {
        AnswerHandle handle;
        try {
            handle = assistant.ask(call.request(), text -> { });
        } catch (BinderyException | IllegalArgumentException e) {
            throw Failures.of(e);
        }
        try {
            return handle.await();
        } catch (BinderyException e) {
            throw Failures.of(e);
        } catch (InterruptedException e) {
            handle.cancel();
            throw e;
        }
    }

    /** The model id to answer with: the named one if it is registered, else 404 as OpenAI answers. */
    private String checkModel(String named) throws ApiError {
        LanguageModel best = services.languageModel().orElseThrow(() -> new ApiError(503, "service_unavailable",
                "model_not_loaded", "model", "no language model is loaded yet; GET /health says when one is"));
        if (named == null || named.isBlank()) {
            return best.info().id();
        }
        if (!services.languageModelIds().contains(named) && !named.equals(best.info().id())) {
            throw new ApiError(404, "invalid_request_error", "model_not_found", "model", "The model '" + named
                    + "' does not exist; loaded language models: " + services.languageModelIds());
        }
        return named;
    }

    static ApiError queueFull(AdmissionQueue queue) {
        return new ApiError(429, "rate_limit_exceeded", "queue_full", null, "the server is busy: "
                + queue.concurrency() + " requests are running and " + queue.capacity()
                + " are waiting; retry shortly");
    }
}
