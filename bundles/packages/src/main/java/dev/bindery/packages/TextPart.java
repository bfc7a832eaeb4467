package dev.bindery.packages;

/**
 * The text encoder's tokenizer file.
 *
 * @param bpe the path inside the package of CLIP's {@code bpe_simple_vocab_16e6.txt.gz}
 */
public record TextPart(String bpe) {
}
