package dev.bindery.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bindery.api.BinderyException;
import dev.bindery.api.assistant.Answer;
import dev.bindery.api.assistant.AnswerHandle;
import dev.bindery.api.assistant.Assistant;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One answer as server-sent events, in OpenAI's chunk format: a chunk per piece of text, a chunk with the finish
 * reason (and Bindery's timings), the usage chunk if asked for, then {@code [DONE]}. The generation thread only
 * queues text; this (the request's) thread writes, so a client that goes away cancels the answer.
 */
final class ChatStream {
    /** Marks the end of the generated text in the queue. */
    private static final String END = new String("end");

    private final Exchange exchange;
    private final Metrics metrics;
    private final String id;
    private final long created;
    private final String model;

    ChatStream(Exchange exchange, Metrics metrics, String id, long created, String model) {
        this.exchange = exchange;
        this.metrics = metrics;
        this.id = id;
        this.created = created;
        this.model = model;
    }

    void run(Assistant assistant, ChatCall call) throws ApiError, IOException, InterruptedException {
        BlockingQueue<String> pieces = new LinkedBlockingQueue<>();
        AnswerHandle handle;
        try {
            // Inputs are encoded inside ask: a bad input is still answered with a plain JSON error here.
            handle = assistant.ask(call.request(), pieces::add);
        } catch (BinderyException | IllegalArgumentException e) {
            throw Failures.of(e);
        }
        handle.completion().whenComplete((answer, failure) -> pieces.add(END));
        exchange.streaming();
        exchange.response.setStatus(200);
        exchange.response.setContentType("text/event-stream");
        exchange.response.setCharacterEncoding("UTF-8");
        exchange.response.setHeader("Cache-Control", "no-cache");
        exchange.response.setHeader("X-Accel-Buffering", "no");
        OutputStream out = exchange.response.getOutputStream();
        metrics.streamOpened();
        try {
            boolean first = true;
            for (String piece = pieces.take(); piece != END; piece = pieces.take()) {
                event(out, JsonShapes.delta(id, created, model, piece, first));
                first = false;
            }
            Answer answer;
            try {
                answer = handle.await();
            } catch (BinderyException e) {
                event(out, JsonShapes.error(Failures.of(e)));
                return;
            }
            metrics.answer(answer);
            if (first) {
                event(out, JsonShapes.delta(id, created, model, "", true));
            }
            event(out, JsonShapes.finish(id, created, model, answer));
            if (call.includeUsage()) {
                event(out, JsonShapes.usageChunk(id, created, model, answer));
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | InterruptedException e) {
            // The client went away (or the server stops): stop generating for nobody.
            handle.cancel();
            throw e;
        } finally {
            metrics.streamClosed();
        }
    }

    private static void event(OutputStream out, JsonNode data) throws IOException {
        out.write("data: ".getBytes(StandardCharsets.UTF_8));
        out.write(JsonShapes.JSON.writeValueAsBytes(data));
        out.write("\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
