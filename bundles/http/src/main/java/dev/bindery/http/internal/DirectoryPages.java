package dev.bindery.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bindery.api.cache.CacheInfo;
import dev.bindery.api.cache.VisualCache;
import dev.bindery.api.encoder.EncoderInfo;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.llm.LanguageModel;
import dev.bindery.api.llm.ModelInfo;
import dev.bindery.api.strategy.GenerationStrategy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is loaded, as {@code GET /v1/models} (OpenAI's model list, with Bindery's details in a {@code bindery} field:
 * language models, embedding models with their modalities and devices, plus the strategies and caches) and as
 * {@code GET /health} (200 when a multimodal question can be answered, 503 with what is missing while models load).
 */
final class DirectoryPages {
    private DirectoryPages() {
    }

    static ObjectNode models(Services services) {
        ObjectNode root = JsonShapes.JSON.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (ServiceSet.Entry<LanguageModel> e : services.languageModels.all()) {
            ModelInfo info = e.service.info();
            ObjectNode model = entry(data, Services.modelId(e));
            ObjectNode details = model.putObject("bindery");
            details.put("kind", "language-model");
            details.put("context_length", info.contextLength());
            details.put("weight_format", info.weightFormat());
            details.put("parameters", info.parameters());
            details.put("visual_dimension", info.visualDimension());
        }
        Map<String, ObjectNode> embeddings = new LinkedHashMap<>();
        for (ServiceSet.Entry<ModalityEncoder> e : services.encoders.all()) {
            EncoderInfo info = e.service.info();
            ObjectNode details = embeddings.computeIfAbsent(info.modelId(), id -> {
                ObjectNode d = entry(data, id).putObject("bindery");
                d.put("kind", "embedding");
                d.put("dimension", info.dimension());
                d.putArray("modalities");
                return d;
            });
            ObjectNode modality = ((ArrayNode) details.get("modalities")).addObject();
            modality.put("modality", info.modality().name());
            modality.put("device", info.device());
        }
        ObjectNode extras = root.putObject("bindery");
        ArrayNode strategies = extras.putArray("strategies");
        for (ServiceSet.Entry<GenerationStrategy> e : services.strategies.all()) {
            ObjectNode s = strategies.addObject();
            s.put("name", e.service.name());
            s.put("description", e.service.description());
        }
        ArrayNode caches = extras.putArray("caches");
        for (ServiceSet.Entry<VisualCache> e : services.caches.all()) {
            CacheInfo info = e.service.info();
            ObjectNode c = caches.addObject();
            c.put("name", info.name());
            c.put("model", info.modelId());
            c.put("size", info.size());
        }
        return root;
    }

    private static ObjectNode entry(ArrayNode data, String id) {
        ObjectNode model = data.addObject();
        model.put("id", id);
        model.put("object", "model");
        model.put("created", 0);
        model.put("owned_by", "bindery");
        return model;
    }

    static ObjectNode health(Services services, AdmissionQueue queue) {
        List<String> missing = services.missing();
        ObjectNode root = JsonShapes.JSON.createObjectNode();
        root.put("status", missing.isEmpty() ? "ok" : "loading");
        ArrayNode m = root.putArray("missing");
        missing.forEach(m::add);
        ArrayNode models = root.putArray("language_models");
        services.languageModelIds().forEach(models::add);
        ArrayNode encoders = root.putArray("encoders");
        services.encoders.all().forEach(e -> encoders.add(e.service.info().toString()));
        ObjectNode q = root.putObject("queue");
        q.put("running", queue.admitted() - queue.depth());
        q.put("waiting", queue.depth());
        q.put("capacity", queue.capacity());
        q.put("concurrency", queue.concurrency());
        return root;
    }

    /** The whole {@code /metrics} page: the counters and histograms, the queue and what is loaded. */
    static String metrics(Metrics metrics, Services services, AdmissionQueue queue) {
        StringBuilder out = new StringBuilder(4096);
        metrics.write(out);
        Metrics.header(out, "bindery_queue_depth", "gauge", "Requests waiting for a turn.");
        out.append("bindery_queue_depth ").append(queue.depth()).append('\n');
        Metrics.header(out, "bindery_queue_capacity", "gauge", "Requests that may wait before 429.");
        out.append("bindery_queue_capacity ").append(queue.capacity()).append('\n');
        Metrics.header(out, "bindery_requests_running", "gauge", "Chat and embedding requests running now.");
        out.append("bindery_requests_running ").append(queue.admitted() - queue.depth()).append('\n');
        Metrics.header(out, "bindery_ready", "gauge", "1 when a multimodal question can be answered.");
        out.append("bindery_ready ").append(services.missing().isEmpty() ? 1 : 0).append('\n');
        Metrics.header(out, "bindery_model_loaded", "gauge", "Loaded models, by kind, id, modality and device.");
        for (ServiceSet.Entry<LanguageModel> e : services.languageModels.all()) {
            gauge(out, Map.of("kind", "language-model", "id", Services.modelId(e), "modality", "text",
                    "device", "cpu"));
        }
        for (ServiceSet.Entry<ModalityEncoder> e : services.encoders.all()) {
            EncoderInfo info = e.service.info();
            gauge(out, Map.of("kind", "encoder", "id", info.modelId(), "modality", info.modality().name(),
                    "device", info.device()));
        }
        return out.toString();
    }

    private static void gauge(StringBuilder out, Map<String, String> labels) {
        out.append("bindery_model_loaded{").append(Metrics.labels(new java.util.TreeMap<>(labels))).append("} 1\n");
    }
}
