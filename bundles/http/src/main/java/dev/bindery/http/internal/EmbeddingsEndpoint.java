package dev.bindery.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bindery.api.BinderyException;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/embeddings}: embeds each input, of any modality, into the shared ImageBind space with the
 * best-ranked encoder of its modality. {@code input} is a string, or an array whose items are strings (text) or
 * content parts as in chat messages ({@code image_url}, {@code input_audio}, {@code point_cloud}, ...). Vectors are
 * L2-normalised unless {@code "normalize": false}; {@code encoding_format} is {@code float} or {@code base64}
 * (little-endian float32, as OpenAI).
 */
final class EmbeddingsEndpoint {
    private final Services services;
    private final Metrics metrics;

    EmbeddingsEndpoint(Services services, Metrics metrics) {
        this.services = services;
        this.metrics = metrics;
    }

    void handle(Exchange exchange, Settings settings) throws ApiError, IOException, InterruptedException {
        JsonNode body = exchange.readJson(settings.maxRequestBytes);
        if (!body.isObject()) {
            throw ApiError.invalid("invalid_json", null, "the request body must be a JSON object");
        }
        List<ModalityInput> inputs = inputs(body.get("input"), new ContentParts(settings.media));
        String model = ContentParts.text(body.get("model"));
        checkModel(model);
        String format = body.path("encoding_format").asText("float");
        if (!format.equals("float") && !format.equals("base64")) {
            throw ApiError.invalid("invalid_encoding_format", "encoding_format", "encoding_format must be float or"
                    + " base64, was '" + format + "'");
        }
        boolean normalize = body.path("normalize").asBoolean(true);
        try (AdmissionQueue.Ticket ticket = settings.queue.tryEnter()) {
            if (ticket == null) {
                throw ChatEndpoint.queueFull(settings.queue);
            }
            ticket.awaitTurn();
            ObjectNode root = JsonShapes.JSON.createObjectNode();
            root.put("object", "list");
            ArrayNode data = root.putArray("data");
            String usedModel = model;
            for (int i = 0; i < inputs.size(); i++) {
                ModalityInput input = inputs.get(i);
                ModalityEncoder encoder = encoder(input.modality(), model, "input[" + i + "]");
                long start = System.nanoTime();
                Embedding embedding;
                try {
                    embedding = encoder.encode(input);
                } catch (BinderyException | IllegalArgumentException e) {
                    ApiError error = Failures.of(e);
                    throw new ApiError(error.status(), error.type(), error.code(), "input[" + i + "]",
                            "input[" + i + "]: " + error.getMessage());
                }
                metrics.stage("encode." + input.modality(), Duration.ofNanos(System.nanoTime() - start));
                usedModel = embedding.modelId();
                ObjectNode item = data.addObject();
                item.put("object", "embedding");
                item.put("index", i);
                float[] vector = normalize ? embedding.normalized() : embedding.vector();
                if (format.equals("base64")) {
                    item.put("embedding", base64(vector));
                } else {
                    item.set("embedding", JsonShapes.floats(vector));
                }
                item.put("modality", input.modality().name());
            }
            root.put("model", usedModel);
            ObjectNode usage = root.putObject("usage");
            usage.put("prompt_tokens", 0);
            usage.put("total_tokens", 0);
            exchange.sendJson(200, root);
        }
    }

    private static List<ModalityInput> inputs(JsonNode input, ContentParts parts) throws ApiError {
        List<ModalityInput> out = new ArrayList<>();
        if (input == null || input.isNull()) {
            throw ApiError.invalid("missing_input", "input", "input is missing: give a string or an array");
        }
        if (input.isTextual()) {
            out.add(ModalityInput.ofText(input.asText()));
            return out;
        }
        if (!input.isArray() || input.size() == 0) {
            throw ApiError.invalid("invalid_input", "input", "input must be a string or a non-empty array");
        }
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String param = "input[" + i + "]";
            if (item.isTextual()) {
                out.add(ModalityInput.ofText(item.asText()));
            } else if (item.isObject() && "text".equals(item.path("type").asText())) {
                out.add(ModalityInput.ofText(item.path("text").asText("")));
            } else if (item.isObject() && ContentParts.isMedia(item.path("type").asText())) {
                out.add(parts.read(item, item.path("type").asText(), param).input());
            } else if (item.isNumber() || item.isArray()) {
                throw ApiError.invalid("unsupported_input", param, param + ": token arrays are not supported; send"
                        + " text or content parts");
            } else {
                throw ApiError.invalid("unsupported_content_type", param + ".type", param + ": type '"
                        + item.path("type").asText() + "' is not supported; use text, image_url, input_audio or"
                        + " Bindery's " + String.join(", ", new java.util.TreeSet<>(ContentParts.BINDERY_TYPES
                                .keySet())));
            }
        }
        return out;
    }

    private void checkModel(String model) throws ApiError {
        if (model == null || model.isBlank()) {
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        services.encoders.all().forEach(e -> ids.add(e.service.info().modelId()));
        if (!ids.contains(model)) {
            throw new ApiError(404, "invalid_request_error", "model_not_found", "model", "The model '" + model
                    + "' does not exist; loaded embedding models: " + ids);
        }
    }

    private ModalityEncoder encoder(Modality modality, String model, String param) throws ApiError {
        for (ServiceSet.Entry<ModalityEncoder> e : services.encoders.all()) {
            if (modality.name().equals(e.property(ModalityEncoder.MODALITY))
                    && (model == null || model.isBlank() || model.equals(e.service.info().modelId()))) {
                return e.service;
            }
        }
        throw new ApiError(503, "service_unavailable", "no_encoder", param, param + ": no " + modality
                + " encoder" + (model == null ? "" : " of model " + model) + " is registered");
    }

    private static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            bytes.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
