package dev.bindery.onnx.session;

import dev.bindery.api.InvalidInputException;
import java.util.Objects;

/** One item ready for an encoder graph: float32 values or int64 token ids, in the graph's item layout. */
public final class EncoderInput {
    private final float[] floats;
    private final long[] ids;
    private final String source;

    private EncoderInput(float[] floats, long[] ids, String source) {
        this.floats = floats;
        this.ids = ids;
        this.source = source;
    }

    /**
     * Float values; NaN and infinities are refused because they would silently poison the whole embedding.
     *
     * @param source names the input in messages
     * @throws InvalidInputException naming the input and the first bad index
     */
    public static EncoderInput ofFloats(float[] values, String source) throws InvalidInputException {
        Objects.requireNonNull(values, "values");
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new InvalidInputException(source + " holds a non-finite value (" + values[i] + ") at flat index "
                        + i);
            }
        }
        return new EncoderInput(values, null, source);
    }

    /** Token ids. */
    public static EncoderInput ofIds(long[] ids, String source) {
        return new EncoderInput(null, Objects.requireNonNull(ids, "ids"), source);
    }

    public boolean isIds() {
        return ids != null;
    }

    float[] floats() {
        return floats;
    }

    long[] ids() {
        return ids;
    }

    public int size() {
        return ids != null ? ids.length : floats.length;
    }

    public String source() {
        return source;
    }
}
