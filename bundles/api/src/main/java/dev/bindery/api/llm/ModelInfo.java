package dev.bindery.api.llm;

import java.util.Objects;

/**
 * Describes a {@link LanguageModel}: its id, the width of the visual feature it accepts (0 when it has no adapter),
 * vocabulary size, context length, the weight format (e.g. {@code F16}, {@code Q8_0}) and the parameter count.
 */
public final class ModelInfo {
    private final String id;
    private final int visualDimension;
    private final int vocabularySize;
    private final int contextLength;
    private final String weightFormat;
    private final long parameters;

    public ModelInfo(String id, int visualDimension, int vocabularySize, int contextLength, String weightFormat,
            long parameters) {
        this.id = Objects.requireNonNull(id, "id");
        this.visualDimension = visualDimension;
        this.vocabularySize = vocabularySize;
        this.contextLength = contextLength;
        this.weightFormat = Objects.requireNonNull(weightFormat, "weightFormat");
        this.parameters = parameters;
    }

    public String id() {
        return id;
    }

    /** The visual feature dimension the adapter takes, or 0 for a plain language model. */
    public int visualDimension() {
        return visualDimension;
    }

    public int vocabularySize() {
        return vocabularySize;
    }

    /** The maximum number of tokens (prompt plus answer) of one generation. */
    public int contextLength() {
        return contextLength;
    }

    public String weightFormat() {
        return weightFormat;
    }

    public long parameters() {
        return parameters;
    }

    @Override
    public String toString() {
        return id + " (" + weightFormat + ", vocab " + vocabularySize + ", context " + contextLength
                + (visualDimension > 0 ? ", visual " + visualDimension : "") + ")";
    }
}
