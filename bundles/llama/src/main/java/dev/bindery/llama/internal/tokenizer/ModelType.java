package dev.bindery.llama.internal.tokenizer;

/** SentencePiece's segmentation algorithms ({@code TrainerSpec.ModelType} numbers). LLaMA uses {@link #BPE}. */
public enum ModelType {
    UNIGRAM(1), BPE(2), WORD(3), CHAR(4);

    private final int number;

    ModelType(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The model type with this protobuf number, or {@code null} if SentencePiece defines none. */
    public static ModelType ofNumber(int number) {
        for (ModelType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        return null;
    }
}
