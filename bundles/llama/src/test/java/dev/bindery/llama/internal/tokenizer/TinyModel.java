package dev.bindery.llama.internal.tokenizer;

import dev.bindery.llama.testing.ProtoWriter;

/** Builds small serialized {@code ModelProto}s for tests: pieces plus trainer and normalizer fields. */
final class TinyModel {
    private final ProtoWriter model = new ProtoWriter();
    private final ProtoWriter trainer = new ProtoWriter();
    private final ProtoWriter normalizer = new ProtoWriter();

    /** A BPE model with identity normalisation and the usual specials: unk 0, bos 1, eos 2. */
    static TinyModel bpe() {
        TinyModel m = new TinyModel();
        m.trainer.varint(3, ModelType.BPE.number());
        m.normalizer.string(1, "identity").varint(4, 0);
        return m.piece("<unk>", 0, PieceType.UNKNOWN).piece("<s>", 0, PieceType.CONTROL)
                .piece("</s>", 0, PieceType.CONTROL);
    }

    TinyModel piece(String text, float score, PieceType type) {
        model.message(1, new ProtoWriter().string(1, text).floatField(2, score).varint(3, type.number()));
        return this;
    }

    /** Adds the 256 byte pieces and turns byte fallback on. */
    TinyModel bytes() {
        for (int b = 0; b < 256; b++) {
            piece(Vocabulary.bytePiece(b), 0, PieceType.BYTE);
        }
        trainer.varint(35, 1);
        return this;
    }

    ProtoWriter trainer() {
        return trainer;
    }

    ProtoWriter normalizer() {
        return normalizer;
    }

    byte[] toByteArray() {
        return new ProtoWriter().raw(model.toByteArray()).message(2, trainer).message(3, normalizer).toByteArray();
    }

    SentencePieceTokenizer tokenizer() throws TokenizerFormatException {
        return new SentencePieceTokenizer(SentencePieceModelReader.read(toByteArray(), "tiny.model"));
    }
}
