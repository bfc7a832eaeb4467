package dev.bindery.llama.internal.tokenizer;

import dev.bindery.llama.internal.protobuf.ProtoFormatException;
import dev.bindery.llama.internal.protobuf.ProtoReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a SentencePiece {@code tokenizer.model} (a serialized {@code ModelProto}) into a {@link TokenizerModel}.
 * Fields this port does not use are skipped; absent fields take the proto2 defaults of
 * {@code sentencepiece_model.proto}. A denormalizer rule (never present in LLaMA models) is refused.
 */
public final class SentencePieceModelReader {
    // ModelProto
    private static final int MODEL_PIECES = 1;
    private static final int MODEL_TRAINER_SPEC = 2;
    private static final int MODEL_NORMALIZER_SPEC = 3;
    private static final int MODEL_DENORMALIZER_SPEC = 5;
    // ModelProto.SentencePiece
    private static final int PIECE_TEXT = 1;
    private static final int PIECE_SCORE = 2;
    private static final int PIECE_TYPE = 3;
    // TrainerSpec
    private static final int TRAINER_MODEL_TYPE = 3;
    private static final int TRAINER_TREAT_WHITESPACE_AS_SUFFIX = 24;
    private static final int TRAINER_BYTE_FALLBACK = 35;
    private static final int TRAINER_UNK_SURFACE = 44;
    private static final int TRAINER_BOS_PIECE = 46;
    private static final int TRAINER_EOS_PIECE = 47;
    private static final int TRAINER_PAD_PIECE = 48;
    // NormalizerSpec
    private static final int NORMALIZER_NAME = 1;
    private static final int NORMALIZER_CHARSMAP = 2;
    private static final int NORMALIZER_ADD_DUMMY_PREFIX = 3;
    private static final int NORMALIZER_REMOVE_EXTRA_WHITESPACES = 4;
    private static final int NORMALIZER_ESCAPE_WHITESPACES = 5;

    private SentencePieceModelReader() {
    }

    /** Reads a model file. */
    public static TokenizerModel read(Path file) throws IOException {
        return read(Files.readAllBytes(file), file.toString());
    }

    /**
     * Reads a serialized model.
     *
     * @param source names the model in error messages (usually the file path)
     * @throws TokenizerFormatException if the bytes are not a valid model
     */
    public static TokenizerModel read(byte[] bytes, String source) throws TokenizerFormatException {
        try {
            return parse(bytes, source);
        } catch (ProtoFormatException e) {
            throw new TokenizerFormatException(e.getMessage() + " (not a valid SentencePiece model)", e);
        }
    }

    private static TokenizerModel parse(byte[] bytes, String source)
            throws ProtoFormatException, TokenizerFormatException {
        if (bytes.length == 0) {
            throw new TokenizerFormatException(source + ": the file is empty");
        }
        List<String> pieces = new ArrayList<>();
        float[] scores = new float[64];
        List<PieceType> types = new ArrayList<>();
        Trainer trainer = new Trainer();
        NormalizerOptions normalizer = null;
        ProtoReader model = ProtoReader.of(bytes, source + ": ModelProto");
        while (model.next()) {
            switch (model.fieldNumber()) {
                case MODEL_PIECES -> {
                    int id = pieces.size();
                    ProtoReader piece = model.readMessage("pieces[" + id + "]");
                    if (id == scores.length) {
                        scores = Arrays.copyOf(scores, id * 2);
                    }
                    readPiece(piece, id, pieces, scores, types);
                }
                case MODEL_TRAINER_SPEC -> readTrainer(model.readMessage("trainer_spec"), trainer);
                case MODEL_NORMALIZER_SPEC -> normalizer = readNormalizer(model.readMessage("normalizer_spec"),
                        trainer);
                case MODEL_DENORMALIZER_SPEC -> {
                    NormalizerOptions denormalizer = readNormalizer(model.readMessage("denormalizer_spec"), trainer);
                    if (denormalizer.hasCharsMap()) {
                        throw new TokenizerFormatException(source + ": ModelProto.denormalizer_spec has a rule ('"
                                + denormalizer.ruleName() + "'); denormalization is not supported");
                    }
                }
                default -> model.skip();
            }
        }
        if (normalizer == null) {
            normalizer = new NormalizerOptions("", false, true, true, true, false);
        }
        // treat_whitespace_as_suffix lives in the trainer spec, which may come after the normalizer spec.
        normalizer = new NormalizerOptions(normalizer.ruleName(), normalizer.hasCharsMap(), normalizer.addDummyPrefix(),
                normalizer.removeExtraWhitespaces(), normalizer.escapeWhitespaces(), trainer.treatWhitespaceAsSuffix);
        if (pieces.isEmpty()) {
            throw new TokenizerFormatException(source + ": ModelProto has no pieces (not a SentencePiece model?)");
        }
        checkBytes(types, trainer.byteFallback, source);
        Vocabulary vocabulary = new Vocabulary(pieces, Arrays.copyOf(scores, pieces.size()), types,
                controlId(pieces, types, trainer.bosPiece), controlId(pieces, types, trainer.eosPiece),
                controlId(pieces, types, trainer.padPiece), source);
        if (trainer.byteFallback && !vocabulary.hasAllBytes()) {
            throw new TokenizerFormatException(source + ": trainer_spec.byte_fallback is on but the vocabulary lacks "
                    + "some of the 256 byte pieces <0x00>..<0xFF>");
        }
        return new TokenizerModel(source, trainer.modelType, vocabulary, normalizer, trainer.byteFallback,
                trainer.unkSurface);
    }

    private static void readPiece(ProtoReader in, int id, List<String> pieces, float[] scores,
            List<PieceType> types) throws ProtoFormatException {
        String text = null;
        float score = 0f;
        PieceType type = PieceType.NORMAL;
        while (in.next()) {
            switch (in.fieldNumber()) {
                case PIECE_TEXT -> text = in.readString();
                case PIECE_SCORE -> score = in.readFloat();
                case PIECE_TYPE -> {
                    int number = in.readInt32();
                    type = PieceType.ofNumber(number);
                    if (type == null) {
                        throw in.fieldError("unknown piece type " + number);
                    }
                }
                default -> in.skip();
            }
        }
        if (text == null || text.isEmpty()) {
            throw new ProtoFormatException(in.context() + ": the piece text is missing or empty");
        }
        pieces.add(text);
        scores[id] = score;
        types.add(type);
    }

    /** The trainer fields the tokenizer needs, with the proto2 defaults. */
    private static final class Trainer {
        ModelType modelType = ModelType.UNIGRAM;
        boolean treatWhitespaceAsSuffix;
        boolean byteFallback;
        String unkSurface = TokenizerModel.DEFAULT_UNK_SURFACE;
        String bosPiece = "<s>";
        String eosPiece = "</s>";
        String padPiece = "<pad>";
    }

    private static void readTrainer(ProtoReader in, Trainer trainer) throws ProtoFormatException {
        while (in.next()) {
            switch (in.fieldNumber()) {
                case TRAINER_MODEL_TYPE -> {
                    int number = in.readInt32();
                    trainer.modelType = ModelType.ofNumber(number);
                    if (trainer.modelType == null) {
                        throw in.fieldError("unknown model_type " + number);
                    }
                }
                case TRAINER_TREAT_WHITESPACE_AS_SUFFIX -> trainer.treatWhitespaceAsSuffix = in.readBool();
                case TRAINER_BYTE_FALLBACK -> trainer.byteFallback = in.readBool();
                case TRAINER_UNK_SURFACE -> trainer.unkSurface = in.readString();
                case TRAINER_BOS_PIECE -> trainer.bosPiece = in.readString();
                case TRAINER_EOS_PIECE -> trainer.eosPiece = in.readString();
                case TRAINER_PAD_PIECE -> trainer.padPiece = in.readString();
                default -> in.skip();
            }
        }
    }

    private static NormalizerOptions readNormalizer(ProtoReader in, Trainer trainer) throws ProtoFormatException {
        String name = "";
        boolean charsMap = false;
        boolean dummyPrefix = true;
        boolean removeExtra = true;
        boolean escape = true;
        while (in.next()) {
            switch (in.fieldNumber()) {
                case NORMALIZER_NAME -> name = in.readString();
                case NORMALIZER_CHARSMAP -> charsMap = in.readBytes().length > 0;
                case NORMALIZER_ADD_DUMMY_PREFIX -> dummyPrefix = in.readBool();
                case NORMALIZER_REMOVE_EXTRA_WHITESPACES -> removeExtra = in.readBool();
                case NORMALIZER_ESCAPE_WHITESPACES -> escape = in.readBool();
                default -> in.skip();
            }
        }
        return new NormalizerOptions(name, charsMap, dummyPrefix, removeExtra, escape, trainer.treatWhitespaceAsSuffix);
    }

    /** SentencePiece's {@code bos_id()} etc.: the id of the named piece if it is a control piece, else -1. */
    private static int controlId(List<String> pieces, List<PieceType> types, String name) {
        for (int id = 0; id < pieces.size(); id++) {
            if (types.get(id) == PieceType.CONTROL && pieces.get(id).equals(name)) {
                return id;
            }
        }
        return -1;
    }

    private static void checkBytes(List<PieceType> types, boolean byteFallback, String source)
            throws TokenizerFormatException {
        if (!byteFallback && types.contains(PieceType.BYTE)) {
            throw new TokenizerFormatException(source + ": the vocabulary has byte pieces but "
                    + "trainer_spec.byte_fallback is off");
        }
    }
}
