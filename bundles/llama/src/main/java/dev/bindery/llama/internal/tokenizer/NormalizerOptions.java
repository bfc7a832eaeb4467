package dev.bindery.llama.internal.tokenizer;

/**
 * How text is normalised before segmentation (SentencePiece's {@code NormalizerSpec} plus the trainer's
 * {@code treat_whitespace_as_suffix}).
 *
 * @param ruleName                 the normalisation rule the model was trained with ({@code identity} for LLaMA)
 * @param hasCharsMap              whether the model carries a precompiled character map (any rule but identity)
 * @param addDummyPrefix           put one space (U+2581) in front of the text
 * @param removeExtraWhitespaces   drop leading and trailing spaces and collapse runs of spaces
 * @param escapeWhitespaces        replace each space with U+2581
 * @param treatWhitespaceAsSuffix  the dummy space goes at the end instead of the front
 */
public record NormalizerOptions(String ruleName, boolean hasCharsMap, boolean addDummyPrefix,
        boolean removeExtraWhitespaces, boolean escapeWhitespaces, boolean treatWhitespaceAsSuffix) {

    /** SentencePiece's visible space, U+2581 LOWER ONE EIGHTH BLOCK. */
    public static final char SPACE_SYMBOL = '\u2581';

    /** The options of LLaMA's tokenizer: identity rule, dummy prefix, spaces kept and escaped. */
    public static NormalizerOptions llama() {
        return new NormalizerOptions("identity", false, true, false, true, false);
    }
}
