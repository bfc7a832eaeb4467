package dev.bindery.onnx;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The little-endian bytes of an initializer, produced when the model is written. A source can stream a
 * memory-mapped checkpoint tensor or compute a transformed copy (a transpose) one tensor at a time, so building the
 * graph of a multi-gigabyte model never holds all weights on the heap.
 */
public interface TensorSource {
    /** Exactly the number of bytes {@link #writeTo} writes. */
    long byteSize();

    /** Writes the tensor's bytes, little-endian, row-major. */
    void writeTo(OutputStream out) throws IOException;

    /** A copy of {@code values} as float32. */
    static TensorSource ofFloats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return ofBytes(b);
    }

    /** A copy of {@code values} as int64. */
    static TensorSource ofLongs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, 8)).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return ofBytes(b);
    }

    /** The bytes from {@code data}'s position to its limit, streamed as they are (not copied now). */
    static TensorSource ofBytes(ByteBuffer data) {
        ByteBuffer view = data.duplicate();
        return new TensorSource() {
            @Override
            public long byteSize() {
                return view.remaining();
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                ByteBuffer b = view.duplicate();
                byte[] chunk = new byte[Math.min(1 << 16, Math.max(1, b.remaining()))];
                while (b.hasRemaining()) {
                    int n = Math.min(chunk.length, b.remaining());
                    b.get(chunk, 0, n);
                    out.write(chunk, 0, n);
                }
            }
        };
    }
}
