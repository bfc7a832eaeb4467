package dev.bindery.encoder.text.internal;

/**
 * How a text longer than the context is cut. The two upstream tokenizers differ only here, and only for texts of more
 * than 75 BPE tokens.
 */
public enum EotPolicy {
    /**
     * Upstream ImageBind HEAD (PR #142) and open_clip: {@code [SOT] + bpe}, truncated to 76 ids, then
     * {@code [EOT]}. The end-of-text token is always present. The default, because the text head pools the
     * embedding at {@code argmax(ids)}, which is meant to be the EOT position.
     */
    KEEP_EOT,
    /**
     * The ImageBind copy inside ImageBind-LLM: {@code [SOT] + bpe + [EOT]}, then truncated to 77 ids, so a long text
     * loses its EOT; the head's {@code argmax} then lands on SOT at position 0 and, under the causal mask, every such
     * text gets the same embedding. Only for bit-parity with that code.
     */
    TRUNCATE_AFTER_EOT
}
