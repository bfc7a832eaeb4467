package dev.bindery.llama.internal.tokenizer;

import java.util.Objects;

/**
 * Everything a SentencePiece tokenizer needs, whatever file it was read from.
 *
 * @param source       names the file in messages
 * @param modelType    the segmentation algorithm
 * @param vocabulary   pieces, scores, types and special ids
 * @param normalizer   how text is normalised before segmentation
 * @param byteFallback whether unknown characters become UTF-8 byte pieces instead of the unknown piece
 * @param unkSurface   what the unknown piece decodes to (SentencePiece's default is {@code " \u2047 "})
 */
public record TokenizerModel(String source, ModelType modelType, Vocabulary vocabulary, NormalizerOptions normalizer,
        boolean byteFallback, String unkSurface) {

    /** SentencePiece's default surface of the unknown piece: U+2047 DOUBLE QUESTION MARK between spaces. */
    public static final String DEFAULT_UNK_SURFACE = " \u2047 ";

    public TokenizerModel {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(modelType, "modelType");
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(normalizer, "normalizer");
        Objects.requireNonNull(unkSurface, "unkSurface");
    }
}
