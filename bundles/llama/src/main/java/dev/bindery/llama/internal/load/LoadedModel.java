package dev.bindery.llama.internal.load;

import dev.bindery.llama.internal.model.Llama;
import dev.bindery.llama.internal.tokenizer.SentencePieceTokenizer;

/**
 * A model ready to run: the decoder, its tokenizer, and what it was loaded from.
 *
 * @param llama     the decoder
 * @param tokenizer its tokenizer
 * @param source    the files it came from, for logs
 */
public record LoadedModel(Llama llama, SentencePieceTokenizer tokenizer, String source) {
}
