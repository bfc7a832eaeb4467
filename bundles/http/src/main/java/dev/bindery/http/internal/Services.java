package dev.bindery.http.internal;

import dev.bindery.api.assistant.Assistant;
import dev.bindery.api.bind.BindNetwork;
import dev.bindery.api.cache.VisualCache;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.llm.LanguageModel;
import dev.bindery.api.strategy.GenerationStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The Bindery services the API uses, as they are registered now. */
final class Services {
    final ServiceSet<Assistant> assistants = new ServiceSet<>();
    final ServiceSet<ModalityEncoder> encoders = new ServiceSet<>();
    final ServiceSet<LanguageModel> languageModels = new ServiceSet<>();
    final ServiceSet<GenerationStrategy> strategies = new ServiceSet<>();
    final ServiceSet<BindNetwork> bindNetworks = new ServiceSet<>();
    final ServiceSet<VisualCache> caches = new ServiceSet<>();

    Optional<Assistant> assistant() {
        return assistants.all().stream().findFirst().map(e -> e.service);
    }

    /** The language model the assistant answers with: the best-ranked one. */
    Optional<LanguageModel> languageModel() {
        return languageModels.all().stream().findFirst().map(e -> e.service);
    }

    /** The id of a language model as its service property says, else as its info says. */
    static String modelId(ServiceSet.Entry<LanguageModel> entry) {
        String id = entry.property(LanguageModel.MODEL_ID);
        return id != null ? id : entry.service.info().id();
    }

    List<String> languageModelIds() {
        List<String> ids = new ArrayList<>();
        languageModels.all().forEach(e -> ids.add(modelId(e)));
        return ids;
    }

    /** What is still missing before the assistant can answer a multimodal question; empty when ready. */
    List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (assistants.isEmpty()) {
            missing.add("assistant");
        }
        if (languageModels.isEmpty()) {
            missing.add("language model");
        }
        if (bindNetworks.isEmpty()) {
            missing.add("bind network");
        }
        if (encoders.isEmpty()) {
            missing.add("encoder");
        }
        return missing;
    }
}
