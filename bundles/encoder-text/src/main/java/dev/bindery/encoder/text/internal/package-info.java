/**
 * The ImageBind text encoder's preprocessing: a faithful port of the OpenAI-CLIP BPE tokenizer upstream ImageBind
 * uses ({@code SimpleTokenizer} in {@code imagebind/models/multimodal_preprocessors.py}).
 *
 * <p>Provides (inside the bundle, not exported): {@link dev.bindery.encoder.text.internal.ClipTokenizer}, which turns
 * a string into the 77 token ids the text trunk takes, with the two upstream end-of-text behaviours selectable through
 * {@link dev.bindery.encoder.text.internal.EotPolicy}; the cleaning stages it runs
 * ({@link dev.bindery.encoder.text.internal.FtfyText} = ftfy 6.3.1 {@code fix_text},
 * {@link dev.bindery.encoder.text.internal.PythonHtml} = Python 3.11 {@code html.unescape},
 * {@link dev.bindery.encoder.text.internal.TextCleaner}); and the byte-level BPE
 * ({@link dev.bindery.encoder.text.internal.BpeModel}, {@link dev.bindery.encoder.text.internal.BytePairEncoder}).
 * Consumes the CLIP merges file {@code bpe_simple_vocab_16e6.txt.gz} (given by the caller) and
 * {@code dev.bindery.api} for {@link dev.bindery.api.InvalidInputException}.
 *
 * <p>Service: {@link dev.bindery.encoder.text.internal.TextEncoderComponent} (factory PID
 * {@code dev.bindery.encoder.text}) registers a {@link dev.bindery.api.encoder.ModalityEncoder} for modality
 * {@code text}: the tokenizer's ids run through the text graph that {@code dev.bindery.onnx} builds from an ImageBind
 * checkpoint (token and positional embeddings, causal mask, pooling at {@code argmax(ids)}, learned logit scale).
 */
package dev.bindery.encoder.text.internal;
