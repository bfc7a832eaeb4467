package dev.bindery.llama.internal.service;

import dev.bindery.api.BinderyException;
import dev.bindery.api.llm.Generation;
import dev.bindery.api.llm.GenerationRequest;
import dev.bindery.api.llm.LanguageModel;
import dev.bindery.api.llm.ModelInfo;
import dev.bindery.api.llm.TokenListener;
import dev.bindery.api.llm.Tokenizer;
import dev.bindery.llama.internal.load.LoadedModel;
import dev.bindery.llama.internal.load.ModelFiles;
import dev.bindery.llama.internal.load.ModelLoader;
import dev.bindery.llama.internal.load.WeightFormat;
import dev.bindery.tensor.kernel.Parallel;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The OSGi face of {@link LlamaLanguageModel}: loads the configured model on activation (a model is held, so the
 * component is immediate) and registers it as {@link LanguageModel} with {@code bindery.model.id}. A model that
 * cannot be loaded is logged in one line naming the file and the problem, and no service appears.
 */
@Component(service = LanguageModel.class, immediate = true, configurationPolicy = ConfigurationPolicy.REQUIRE,
        configurationPid = LlamaComponent.PID, property = LanguageModel.MODEL_ID + "=imagebind-llm")
@Designate(ocd = LlamaModelConfig.class, factory = true)
public final class LlamaComponent implements LanguageModel {
    /** The configuration PID (also the factory PID). */
    public static final String PID = "dev.bindery.llama";
    private static final System.Logger LOG = System.getLogger(LlamaComponent.class.getName());

    private final LlamaLanguageModel model;
    private final Parallel pool;

    /**
     * Loads the model.
     *
     * @throws BinderyException if the configuration or the model files are bad (logged before it is thrown)
     */
    @Activate
    public LlamaComponent(LlamaModelConfig config) throws BinderyException {
        String id = config.bindery_model_id();
        int threads = config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
        Parallel p = null;
        try {
            ModelFiles files = new ModelFiles(path(config.gguf()), path(config.llama_dir()), path(config.tokenizer()),
                    path(config.adapter()));
            WeightFormat format = format(config.weight_format());
            p = new Parallel(threads, "bindery-llama-" + id + "-kernel");
            long start = System.nanoTime();
            LoadedModel loaded = ModelLoader.load(files, format, config.context_length(), p);
            this.model = new LlamaLanguageModel(id, loaded, config.concurrent_generations());
            this.pool = p;
            LOG.log(Level.INFO, "language model {0} loaded from {1} in {2} ms: {3}", id, loaded.source(),
                    (System.nanoTime() - start) / 1_000_000, model.info());
        } catch (Exception | Error e) {
            if (p != null) {
                p.close();
            }
            String message = "language model " + id + " not started: " + describe(e);
            LOG.log(Level.ERROR, message);
            LOG.log(Level.DEBUG, "details of the failed load of " + id, e);
            if (e instanceof Error err) {
                throw err;
            }
            throw e instanceof BinderyException b ? b : new BinderyException(message, e);
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return "no such file: " + n.getFile() + (n.getReason() == null ? "" : " (" + n.getReason() + ")");
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static WeightFormat format(String value) {
        try {
            return WeightFormat.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("weight.format '" + value + "' is not one of "
                    + java.util.Arrays.toString(WeightFormat.values()), e);
        }
    }

    private static Path path(String value) {
        return value == null || value.isBlank() ? null : Path.of(value.trim());
    }

    @Deactivate
    void deactivate() {
        model.close();
        pool.close();
    }

    @Override
    public ModelInfo info() {
        return model.info();
    }

    @Override
    public Tokenizer tokenizer() {
        return model.tokenizer();
    }

    @Override
    public Generation generate(GenerationRequest request, TokenListener listener) throws BinderyException {
        return model.generate(request, listener);
    }
}
