package dev.bindery.llama.internal.tokenizer;

/** The kind of a vocabulary entry, with the numbers SentencePiece's {@code ModelProto.SentencePiece.Type} uses. */
public enum PieceType {
    /** An ordinary piece that encoding may produce by merging. */
    NORMAL(1),
    /** The unknown piece; exactly one per vocabulary. */
    UNKNOWN(2),
    /** A control symbol such as {@code <s>}: never produced from text, decodes to nothing. */
    CONTROL(3),
    /** A symbol matched as a whole in the input and never split or merged. */
    USER_DEFINED(4),
    /** A piece that encoding must not emit: it is split back into the pieces it was merged from. */
    UNUSED(5),
    /** A byte-fallback piece {@code <0xNN>} standing for one UTF-8 byte. */
    BYTE(6);

    private final int number;

    PieceType(int number) {
        this.number = number;
    }

    /** The protobuf enum number. */
    public int number() {
        return number;
    }

    /** The type with this protobuf number, or {@code null} if SentencePiece defines none. */
    public static PieceType ofNumber(int number) {
        for (PieceType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        return null;
    }
}
