package dev.bindery.runtime.internal;

import dev.bindery.api.BinderyException;
import dev.bindery.api.InvalidInputException;
import dev.bindery.api.ModelMismatchException;
import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.assistant.AnswerHandle;
import dev.bindery.api.assistant.AnswerListener;
import dev.bindery.api.assistant.Assistant;
import dev.bindery.api.assistant.AssistantRequest;
import dev.bindery.api.bind.BindNetwork;
import dev.bindery.api.cache.VisualCache;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.llm.Generation;
import dev.bindery.api.llm.GenerationRequest;
import dev.bindery.api.llm.LanguageModel;
import dev.bindery.api.strategy.GenerationStrategy;
import dev.bindery.api.strategy.VisualFeature;
import dev.bindery.api.strategy.WeightedEmbedding;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link Assistant}: finds the best-ranked encoder for each input's modality, encodes the inputs in parallel,
 * lets the chosen strategy compose the visual feature through the bind network, and streams the language model's
 * answer to the Alpaca-formatted instruction. A request without inputs is answered by the language model alone.
 *
 * <p>Every service is bound dynamically and looked up per request, so encoders, strategies, caches and models can
 * come and go (or be swapped for better-ranked ones) while the container runs; the next request uses what is there.
 */
@Component(service = Assistant.class, immediate = true, configurationPid = PipelineAssistant.PID)
@Designate(ocd = AssistantConfig.class)
public final class PipelineAssistant implements Assistant {
    static final String PID = "dev.bindery.runtime";

    private final RankedServices<ModalityEncoder> encoders = new RankedServices<>();
    private final RankedServices<GenerationStrategy> strategies = new RankedServices<>();
    private final RankedServices<VisualCache> caches = new RankedServices<>();
    private final RankedServices<BindNetwork> bindNetworks = new RankedServices<>();
    private final RankedServices<LanguageModel> languageModels = new RankedServices<>();
    private final ExecutorService encodePool;
    private volatile AssistantConfig config;

    @Activate
    public PipelineAssistant(AssistantConfig config) {
        this.config = config;
        int threads = config.encode_threads() > 0 ? config.encode_threads()
                : Runtime.getRuntime().availableProcessors();
        AtomicInteger count = new AtomicInteger();
        this.encodePool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "bindery-encode-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Modified
    void modified(AssistantConfig changed) {
        this.config = changed;
    }

    @Deactivate
    void deactivate() {
        encodePool.shutdownNow();
    }

    @Override
    public AnswerHandle ask(AssistantRequest request, AnswerListener listener) throws BinderyException {
        AssistantConfig settings = config;
        StageTimes stages = new StageTimes(listener);
        LanguageModel model = languageModels.best(e -> true).map(e -> e.service)
                .orElseThrow(() -> new ServiceUnavailableException("no language model is registered"));

        String strategyName = null;
        float[] visualFeature = null;
        if (!request.inputs().isEmpty()) {
            strategyName = request.strategy().orElse(settings.strategy());
            GenerationStrategy strategy = strategy(strategyName);
            BindNetwork bind = bindNetworks.best(e -> true).map(e -> e.service)
                    .orElseThrow(() -> new ServiceUnavailableException("no bind network is registered"));
            checkFits(bind, model);
            List<WeightedEmbedding> embeddings = new InputEncoder(encoders, encodePool).encode(request.inputs(), stages);
            int dimension = embeddings.get(0).embedding().dimension();
            if (dimension != bind.inputDimension()) {
                throw new ModelMismatchException("the encoders produce " + dimension + "-d embeddings ("
                        + embeddings.get(0).embedding().modelId() + ") but the bind network " + bind.modelId()
                        + " takes " + bind.inputDimension() + "-d queries");
            }
            Map<String, String> options = strategyOptions(settings, request.strategyOptions());
            VisualFeature feature = strategy.compose(embeddings,
                    new RequestStrategyContext(bind, caches, options, settings.cache(), stages));
            visualFeature = feature.feature();
        }
        String prompt = model.formatPrompt(request.instruction(), request.inputText().orElse(null));
        Generation generation = model.generate(GenerationRequest.ofPrompt(prompt, visualFeature, request.sampling()),
                listener::onText);
        return new PipelineAnswer(generation, stages, strategyName);
    }

    private GenerationStrategy strategy(String name) throws ServiceUnavailableException {
        return strategies.best(e -> name.equals(e.property(GenerationStrategy.NAME))).map(e -> e.service)
                .orElseThrow(() -> new ServiceUnavailableException("no generation strategy '" + name
                        + "' is registered; registered: " + strategies.all(e -> true).stream()
                                .map(e -> e.property(GenerationStrategy.NAME)).collect(Collectors.toList())));
    }

    private static void checkFits(BindNetwork bind, LanguageModel model) throws ModelMismatchException {
        int wanted = model.info().visualDimension();
        if (wanted != bind.outputDimension()) {
            throw new ModelMismatchException("the bind network " + bind.modelId() + " produces "
                    + bind.outputDimension() + "-d visual features but the language model " + model.info().id()
                    + (wanted == 0 ? " has no visual adapter" : " takes " + wanted + "-d ones"));
        }
    }

    /** The configured cache options, overridden by the request's; the strategy validates them. */
    static Map<String, String> strategyOptions(AssistantConfig settings, Map<String, String> overrides)
            throws InvalidInputException {
        Map<String, String> options = new TreeMap<>();
        options.put("cache_size", String.valueOf(settings.cache_size()));
        options.put("cache_t", String.valueOf(settings.cache_t()));
        options.put("cache_weight", String.valueOf(settings.cache_weight()));
        for (Map.Entry<String, String> entry : overrides.entrySet()) {
            if (entry.getValue() == null) {
                throw new InvalidInputException("strategy option " + entry.getKey() + " has no value");
            }
            options.put(entry.getKey(), entry.getValue());
        }
        return options;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addEncoder(ModalityEncoder service, Map<String, Object> properties) {
        encoders.add(service, properties);
    }

    void removeEncoder(ModalityEncoder service) {
        encoders.remove(service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addStrategy(GenerationStrategy service, Map<String, Object> properties) {
        strategies.add(service, properties);
    }

    void removeStrategy(GenerationStrategy service) {
        strategies.remove(service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addCache(VisualCache service, Map<String, Object> properties) {
        caches.add(service, properties);
    }

    void removeCache(VisualCache service) {
        caches.remove(service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addBindNetwork(BindNetwork service, Map<String, Object> properties) {
        bindNetworks.add(service, properties);
    }

    void removeBindNetwork(BindNetwork service) {
        bindNetworks.remove(service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addLanguageModel(LanguageModel service, Map<String, Object> properties) {
        languageModels.add(service, properties);
    }

    void removeLanguageModel(LanguageModel service) {
        languageModels.remove(service);
    }
}
