package dev.bindery.shell.internal;

import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.assistant.Answer;
import dev.bindery.api.assistant.AnswerHandle;
import dev.bindery.api.assistant.AnswerListener;
import dev.bindery.api.assistant.Assistant;
import dev.bindery.api.assistant.AssistantRequest;
import dev.bindery.api.assistant.WeightedInput;
import dev.bindery.api.llm.SamplingOptions;
import dev.bindery.api.modality.Modality;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/**
 * {@code bindery:ask}: asks the assistant a question about any number of weighted inputs and streams the answer,
 * followed by the per-stage timings.
 */
@Service
@Command(scope = "bindery", name = "ask", description = "Asks a question about images, audio, point clouds, video, text"
        + " and sensor data; streams the answer and the timings")
public class AskCommand implements Action {
    // Optional: Karaf registers a bundle's commands only once all their mandatory references are there, so a
    // mandatory Assistant would take every bindery: command away while the runtime is stopped.
    @Reference(optional = true)
    Assistant assistant;

    @Option(name = "--image", multiValued = true, description = "Image file, optionally FILE:weight (repeatable)")
    @Completion(FileCompleter.class)
    List<String> images;

    @Option(name = "--audio", multiValued = true, description = "Audio file, optionally FILE:weight (repeatable)")
    @Completion(FileCompleter.class)
    List<String> audio;

    @Option(name = "--point", multiValued = true, description = "Point cloud file, optionally FILE:weight")
    @Completion(FileCompleter.class)
    List<String> points;

    @Option(name = "--video", multiValued = true, description = "Video file, optionally FILE:weight")
    @Completion(FileCompleter.class)
    List<String> videos;

    @Option(name = "--depth", multiValued = true, description = "Depth map (.npy or image), optionally FILE:weight")
    @Completion(FileCompleter.class)
    List<String> depth;

    @Option(name = "--thermal", multiValued = true, description = "Thermal image (.npy or image), optionally FILE:weight")
    @Completion(FileCompleter.class)
    List<String> thermal;

    @Option(name = "--imu", multiValued = true, description = "IMU window (.npy, 6 x 2000), optionally FILE:weight")
    @Completion(FileCompleter.class)
    List<String> imu;

    @Option(name = "--text", multiValued = true, description = "Text embedded as an input, optionally TEXT:weight")
    List<String> texts;

    @Option(name = "--with", multiValued = true, description = "An input of any modality, e.g. one a third-party"
            + " encoder adds: MODALITY=SOURCE, optionally MODALITY=SOURCE:weight (repeatable)")
    List<String> others;

    @Option(name = "--input", description = "Optional input text for the prompt's Input section")
    String inputText;

    @Option(name = "--strategy", description = "Generation strategy (default: the configured one)")
    @Completion(StrategyNameCompleter.class)
    String strategy;

    @Option(name = "--option", multiValued = true,
            description = "Strategy option KEY=VALUE, e.g. cache_size=20 (repeatable)")
    List<String> options;

    @Option(name = "--temperature", description = "Sampling temperature, 0 = greedy (default 0.1)")
    Float temperature;

    @Option(name = "--top-p", description = "Nucleus sampling threshold (default 0.75)")
    Float topP;

    @Option(name = "--top-k", description = "Keep only the k most likely tokens (default: off)")
    Integer topK;

    @Option(name = "--seed", description = "Random seed for reproducible sampling")
    Long seed;

    @Option(name = "--max-tokens", description = "Maximum number of new tokens (default 256)")
    Integer maxTokens;

    @Option(name = "--stop", multiValued = true, description = "Stop sequence (repeatable)")
    List<String> stop;

    @Option(name = "--json", description = "Print one JSON object (answer, stop reason, tokens, timings)")
    boolean json;

    @Argument(index = 0, name = "instruction", required = true, multiValued = true,
            description = "The instruction or question")
    List<String> instruction;

    @Override
    public Object execute() throws Exception {
        if (assistant == null) {
            throw new ServiceUnavailableException("no assistant is registered: is the bindery-runtime feature started?");
        }
        AssistantRequest request = new AssistantRequest(String.join(" ", instruction), inputText, inputs(), strategy,
                strategyOptions(), sampling());
        PrintStream out = System.out;
        AnswerListener listener = json ? AnswerListener.NONE : text -> {
            out.print(text);
            out.flush();
        };
        AnswerHandle handle = assistant.ask(request, listener);
        Answer answer;
        try {
            answer = handle.await();
        } catch (InterruptedException e) {
            handle.cancel();
            throw e;
        }
        if (json) {
            out.println(AnswerJson.write(answer));
        } else {
            out.println();
            out.println("[" + answer.stopReason().name().toLowerCase(java.util.Locale.ROOT) + "; "
                    + answer.promptTokens() + " prompt + " + answer.generatedTokens() + " generated tokens"
                    + (answer.strategy() == null ? "" : "; strategy " + answer.strategy()) + "] "
                    + answer.timings().summary());
        }
        return null;
    }

    List<WeightedInput> inputs() {
        List<WeightedInput> inputs = new ArrayList<>();
        add(inputs, Modality.IMAGE, images);
        add(inputs, Modality.AUDIO, audio);
        add(inputs, Modality.POINT, points);
        add(inputs, Modality.VIDEO, videos);
        add(inputs, Modality.DEPTH, depth);
        add(inputs, Modality.THERMAL, thermal);
        add(inputs, Modality.IMU, imu);
        add(inputs, Modality.TEXT, texts);
        if (others != null) {
            for (String spec : others) {
                int eq = spec.indexOf('=');
                if (eq <= 0 || eq == spec.length() - 1) {
                    throw new IllegalArgumentException("--with " + spec + ": write MODALITY=SOURCE[:weight]");
                }
                inputs.add(WeightedSource.parse(Modality.of(spec.substring(0, eq).trim()), spec.substring(eq + 1)));
            }
        }
        return inputs;
    }

    private static void add(List<WeightedInput> inputs, Modality modality, List<String> specs) {
        if (specs != null) {
            for (String spec : specs) {
                inputs.add(WeightedSource.parse(modality, spec));
            }
        }
    }

    private Map<String, String> strategyOptions() {
        Map<String, String> map = new LinkedHashMap<>();
        if (options != null) {
            for (String option : options) {
                int eq = option.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--option " + option + ": write KEY=VALUE");
                }
                map.put(option.substring(0, eq).trim(), option.substring(eq + 1).trim());
            }
        }
        return map;
    }

    private SamplingOptions sampling() {
        SamplingOptions s = SamplingOptions.defaults();
        if (temperature != null) {
            s = s.withTemperature(temperature);
        }
        if (topP != null) {
            s = s.withTopP(topP);
        }
        if (topK != null) {
            s = s.withTopK(topK);
        }
        if (seed != null) {
            s = s.withSeed(seed);
        }
        if (maxTokens != null) {
            s = s.withMaxNewTokens(maxTokens);
        }
        if (stop != null) {
            s = s.withStop(stop);
        }
        return s;
    }
}
