package dev.bindery.api.assistant;

import dev.bindery.api.llm.SamplingOptions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A question: the instruction, an optional input text (the Alpaca template's "Input" section), any number of
 * weighted inputs of any modality, the strategy to use ({@code null} for the configured default), strategy options
 * overriding the configured ones, and the sampling options.
 */
public final class AssistantRequest {
    private final String instruction;
    private final String inputText;
    private final List<WeightedInput> inputs;
    private final String strategy;
    private final Map<String, String> strategyOptions;
    private final SamplingOptions sampling;

    public AssistantRequest(String instruction, String inputText, List<WeightedInput> inputs, String strategy,
            Map<String, String> strategyOptions, SamplingOptions sampling) {
        this.instruction = Objects.requireNonNull(instruction, "instruction");
        if (instruction.isBlank()) {
            throw new IllegalArgumentException("the instruction must not be empty");
        }
        this.inputText = inputText;
        this.inputs = List.copyOf(inputs);
        this.strategy = strategy;
        this.strategyOptions = Map.copyOf(strategyOptions);
        this.sampling = Objects.requireNonNull(sampling, "sampling");
    }

    /** A request with only an instruction and inputs, the default strategy and default sampling. */
    public static AssistantRequest of(String instruction, List<WeightedInput> inputs) {
        return new AssistantRequest(instruction, null, inputs, null, Map.of(), SamplingOptions.defaults());
    }

    public String instruction() {
        return instruction;
    }

    public Optional<String> inputText() {
        return Optional.ofNullable(inputText);
    }

    public List<WeightedInput> inputs() {
        return inputs;
    }

    public Optional<String> strategy() {
        return Optional.ofNullable(strategy);
    }

    public Map<String, String> strategyOptions() {
        return strategyOptions;
    }

    public SamplingOptions sampling() {
        return sampling;
    }
}
