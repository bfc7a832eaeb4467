package dev.bindery.llama.internal.tokenizer;

import dev.bindery.api.llm.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The LLaMA tokenizer: SentencePiece BPE encoding and decoding, reproducing SentencePiece 0.1.97 (what upstream
 * ImageBind-LLM's {@code Tokenizer} wraps) id for id. Only BPE models with the identity normalisation rule (no
 * character map) are supported, which covers LLaMA's {@code tokenizer.model}. Thread-safe.
 */
public final class SentencePieceTokenizer implements Tokenizer {
    private final TokenizerModel model;
    private final Vocabulary vocabulary;
    private final TextNormalizer normalizer;
    private final BpeEncoder encoder;
    private final PieceDecoder decoder;

    /**
     * A tokenizer for a model read by {@link SentencePieceModelReader} (or built from GGUF metadata).
     *
     * @throws TokenizerFormatException if the model is not BPE or needs a normalisation rule other than identity
     */
    public SentencePieceTokenizer(TokenizerModel model) throws TokenizerFormatException {
        if (model.modelType() != ModelType.BPE) {
            throw new TokenizerFormatException(model.source() + ": trainer_spec.model_type is " + model.modelType()
                    + "; only BPE models (as LLaMA's) are supported");
        }
        if (model.normalizer().hasCharsMap()) {
            throw new TokenizerFormatException(model.source() + ": normalizer_spec uses the rule '"
                    + model.normalizer().ruleName() + "' with a character map; only the identity rule is supported");
        }
        this.model = model;
        this.vocabulary = model.vocabulary();
        UserSymbolMatcher userSymbols = new UserSymbolMatcher(vocabulary.userDefinedSymbols());
        this.normalizer = new TextNormalizer(model.normalizer(), userSymbols);
        this.encoder = new BpeEncoder(vocabulary, userSymbols, model.byteFallback());
        this.decoder = new PieceDecoder(model);
    }

    /** Reads {@code tokenizer.model} and builds its tokenizer. */
    public static SentencePieceTokenizer load(Path file) throws IOException {
        return new SentencePieceTokenizer(SentencePieceModelReader.read(file));
    }

    public TokenizerModel model() {
        return model;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * Encodes text as upstream {@code Tokenizer.encode(s, bos, eos)}: SentencePiece ids, optionally with the
     * begin-of-sequence id in front and the end-of-sequence id at the end.
     *
     * @throws IllegalStateException if {@code bos} or {@code eos} is asked for and the model has no such id
     */
    @Override
    public int[] encode(String text, boolean bos, boolean eos) {
        List<Integer> ids = new ArrayList<>(text.length() / 2 + 2);
        if (bos) {
            ids.add(requireSpecial(vocabulary.bosId(), "begin-of-sequence"));
        }
        encoder.encode(normalizer.normalize(text), ids);
        if (eos) {
            ids.add(requireSpecial(vocabulary.eosId(), "end-of-sequence"));
        }
        int[] out = new int[ids.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.get(i);
        }
        return out;
    }

    /** The pieces of {@link #encode(String, boolean, boolean) encode(text, false, false)}, for inspection. */
    public List<String> encodeAsPieces(String text) {
        List<String> pieces = new ArrayList<>();
        for (int id : encode(text, false, false)) {
            pieces.add(vocabulary.piece(id));
        }
        return pieces;
    }

    /** The normalised form of a text (spaces as U+2581, dummy prefix added), what BPE segments. */
    public String normalize(String text) {
        return normalizer.normalize(text);
    }

    /**
     * Decodes ids as SentencePiece does (control ids vanish, byte pieces are reassembled, invalid UTF-8 becomes
     * U+FFFD, the first piece loses its dummy-prefix space).
     *
     * @throws IllegalArgumentException if an id is outside the vocabulary
     */
    @Override
    public String decode(int[] ids) {
        return decoder.decode(ids);
    }

    /**
     * The text of one token inside a sequence: spaces as spaces, control tokens empty, a byte token as the character
     * it is on its own (U+FFFD for a byte of a multi-byte character: use {@link #decode} on the whole sequence).
     */
    @Override
    public String piece(int id) {
        return decoder.pieceText(id);
    }

    @Override
    public int vocabularySize() {
        return vocabulary.size();
    }

    @Override
    public int bosId() {
        return vocabulary.bosId();
    }

    @Override
    public int eosId() {
        return vocabulary.eosId();
    }

    private int requireSpecial(int id, String what) {
        if (id < 0) {
            throw new IllegalStateException(model.source() + " defines no " + what + " token");
        }
        return id;
    }
}
