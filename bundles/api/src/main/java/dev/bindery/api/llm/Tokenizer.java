package dev.bindery.api.llm;

import org.osgi.annotation.versioning.ProviderType;

/** The language model's tokenizer. Thread-safe. */
@ProviderType
public interface Tokenizer {
    /** Encodes text, optionally preceded by the begin-of-sequence and followed by the end-of-sequence token. */
    int[] encode(String text, boolean bos, boolean eos);

    /** Decodes token ids to text; special tokens decode to nothing. */
    String decode(int[] ids);

    /** The text piece of one token, as it appears inside a decoded sequence (byte tokens may be partial UTF-8). */
    String piece(int id);

    int vocabularySize();

    int bosId();

    int eosId();
}
