package dev.bindery.llama.internal.prompt;

import java.util.Objects;

/**
 * The Alpaca instruction templates of upstream {@code llama.format_prompt(instruction, input=None)}
 * ({@code imagebind_LLM/llama/utils.py}). The visual signal is not part of the text: there is no image placeholder.
 */
public final class AlpacaPrompt {
    private static final String WITH_INPUT = "Below is an instruction that describes a task, paired with an input that "
            + "provides further context. Write a response that appropriately completes the request.\n\n"
            + "### Instruction:\n%s\n\n### Input:\n%s\n\n### Response:";
    private static final String WITHOUT_INPUT = "Below is an instruction that describes a task. "
            + "Write a response that appropriately completes the request.\n\n"
            + "### Instruction:\n%s\n\n### Response:";

    private AlpacaPrompt() {
    }

    /**
     * The prompt for an instruction and an optional input. As upstream, a {@code null} or empty input selects the
     * template without input; any other input (even only spaces) the one with it. The strings are inserted verbatim.
     */
    public static String format(String instruction, String input) {
        Objects.requireNonNull(instruction, "instruction");
        if (input == null || input.isEmpty()) {
            return WITHOUT_INPUT.replace("%s", instruction);
        }
        return fill(WITH_INPUT, instruction, input);
    }

    /** The prompt for an instruction alone. */
    public static String format(String instruction) {
        return format(instruction, null);
    }

    // Not String.format: an instruction may itself contain '%'. Not replace(): the instruction may contain "%s".
    private static String fill(String template, String instruction, String input) {
        int first = template.indexOf("%s");
        int second = template.indexOf("%s", first + 2);
        return template.substring(0, first) + instruction + template.substring(first + 2, second) + input
                + template.substring(second + 2);
    }
}
