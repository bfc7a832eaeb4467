package dev.bindery.itests;

import static org.junit.Assert.assertNotNull;

import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.assistant.AnswerListener;
import dev.bindery.api.assistant.Assistant;
import dev.bindery.api.assistant.AssistantRequest;
import dev.bindery.api.assistant.WeightedInput;
import dev.bindery.api.llm.SamplingOptions;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * What the integration tests share to set up a pipeline in the container: factory configurations, waiting for a
 * service, and the request of a golden end-to-end case.
 */
final class Pipelines {
    private Pipelines() {
    }

    /** A factory configuration; keys are the metatype names with '_' written as '.', as DS maps them. */
    static Configuration configure(ConfigurationAdmin configAdmin, String factoryPid, Object... keyValues)
            throws Exception {
        Configuration configuration = configAdmin.createFactoryConfiguration(factoryPid, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], String.valueOf(keyValues[i + 1]));
        }
        configuration.update(properties);
        return configuration;
    }

    /**
     * Waits until {@code assistant} answers {@code request}: a service tracker sees a new service before (or while)
     * the pipeline's own reference binds it, so the first request right after the waits may still miss it.
     */
    static void awaitAnswer(Assistant assistant, AssistantRequest request, long waitMs) throws Exception {
        long deadline = System.nanoTime() + waitMs * 1_000_000L;
        Object lock = new Object();
        while (true) {
            try {
                assistant.ask(request, AnswerListener.NONE).await();
                return;
            } catch (ServiceUnavailableException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                synchronized (lock) {
                    lock.wait(50);
                }
            }
        }
    }

    /** The first service of {@code type} matching {@code filter} (or any), failing the test after {@code waitMs}. */
    static <S> S awaitService(BundleContext context, Class<S> type, String filter, long waitMs) throws Exception {
        Filter f = context.createFilter("(&(objectClass=" + type.getName() + ")" + (filter == null ? "" : filter)
                + ")");
        ServiceTracker<S, S> tracker = new ServiceTracker<>(context, f, null);
        tracker.open();
        try {
            S service = tracker.waitForService(waitMs);
            assertNotNull("no " + type.getSimpleName() + (filter == null ? "" : " " + filter) + " registered",
                    service);
            return service;
        } finally {
            tracker.close();
        }
    }

    /**
     * A golden end-to-end case's request (its {@code result.json}): its inputs with their weights relative to the
     * golden folder, its instruction, greedy decoding of at most {@code maxTokens} new tokens.
     */
    @SuppressWarnings("unchecked")
    static AssistantRequest goldenRequest(Path golden, Map<String, Object> result, String strategy, int maxTokens) {
        List<WeightedInput> inputs = new ArrayList<>();
        for (Map.Entry<String, Object> input : ((Map<String, Object>) result.get("inputs")).entrySet()) {
            List<Object> spec = (List<Object>) input.getValue();
            Modality modality = Modality.of(input.getKey().toLowerCase(Locale.ROOT));
            inputs.add(new WeightedInput(ModalityInput.ofFile(modality, golden.resolve((String) spec.get(0))),
                    ((Number) spec.get(1)).floatValue()));
        }
        return new AssistantRequest(instruction(result), null, inputs, strategy, Map.of(),
                SamplingOptions.greedy().withMaxNewTokens(maxTokens));
    }

    /** The instruction inside a golden case's Alpaca prompt. */
    static String instruction(Map<String, Object> result) {
        String prompt = (String) result.get("prompt");
        String start = "### Instruction:\n";
        return prompt.substring(prompt.indexOf(start) + start.length(), prompt.indexOf("\n\n### Response:"));
    }
}
