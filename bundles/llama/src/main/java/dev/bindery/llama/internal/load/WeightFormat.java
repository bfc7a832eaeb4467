package dev.bindery.llama.internal.load;

import dev.bindery.tensor.DType;

/** The storage format a model's large weight matrices are used in. */
public enum WeightFormat {
    /** As the files store them (F16 stays F16, a quantised GGUF stays quantised). */
    STORED(null),
    F32(DType.F32),
    F16(DType.F16),
    /** 8-bit blocks of 32 with one F16 scale (ggml's Q8_0). */
    Q8_0(DType.Q8_0),
    /** 4-bit blocks of 32 with one F16 scale (ggml's Q4_0). */
    Q4_0(DType.Q4_0);

    private final DType dtype;

    WeightFormat(DType dtype) {
        this.dtype = dtype;
    }

    /** The target type, null for {@link #STORED}. */
    public DType dtype() {
        return dtype;
    }
}
