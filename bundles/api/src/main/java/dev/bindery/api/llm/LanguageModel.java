package dev.bindery.api.llm;

import dev.bindery.api.BinderyException;
import dev.bindery.api.InvalidInputException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A decoder-only language model with ImageBind-LLM's gated visual injection. Registered with the service property
 * {@link #MODEL_ID}. Thread-safe: several generations may run at once, each with its own state.
 */
@ProviderType
public interface LanguageModel {
    /** Service property: the model's id (e.g. the model package name). */
    String MODEL_ID = "bindery.model.id";

    ModelInfo info();

    Tokenizer tokenizer();

    /**
     * The full prompt for an instruction and an optional input text, in the template the model was fine-tuned with.
     * The default is the Alpaca template ImageBind-LLM uses ({@code llama.format_prompt}); a model trained with
     * another template overrides this.
     *
     * @param input the optional "Input" section, {@code null} or empty for none
     */
    default String formatPrompt(String instruction, String input) {
        return alpacaPrompt(instruction, input);
    }

    /**
     * ImageBind-LLM's Alpaca template ({@code llama.format_prompt}): the instruction, and an "Input" section when
     * {@code input} is neither {@code null} nor empty. Texts are inserted verbatim.
     */
    static String alpacaPrompt(String instruction, String input) {
        java.util.Objects.requireNonNull(instruction, "instruction");
        if (input == null || input.isEmpty()) {
            return "Below is an instruction that describes a task. Write a response that appropriately completes the "
                    + "request.\n\n### Instruction:\n" + instruction + "\n\n### Response:";
        }
        return "Below is an instruction that describes a task, paired with an input that provides further context. "
                + "Write a response that appropriately completes the request.\n\n### Instruction:\n" + instruction
                + "\n\n### Input:\n" + input + "\n\n### Response:";
    }

    /**
     * Starts a generation and returns at once; tokens reach {@code listener} on a generation thread as they are
     * produced, and the returned handle completes with the result.
     *
     * @throws InvalidInputException if the prompt does not fit the context, the visual feature has the wrong
     *                               dimension or holds a NaN, or the sampling options are out of range
     * @throws BinderyException      if the model cannot run
     */
    Generation generate(GenerationRequest request, TokenListener listener) throws BinderyException;
}
