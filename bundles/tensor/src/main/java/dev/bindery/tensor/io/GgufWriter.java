package dev.bindery.tensor.io;

import dev.bindery.tensor.TensorData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes GGUF version 3 files: metadata in the given order, tensor infos with reversed dimensions, tensor data
 * each aligned to {@code general.alignment} (default 32). Tensor bytes are written as they are, so quantised
 * tensors come from the quantiser ready-made.
 */
public final class GgufWriter {
    private GgufWriter() {
    }

    /**
     * Writes a GGUF file.
     *
     * @throws IllegalArgumentException for tensor types GGUF cannot hold (U8, BOOL), duplicate names, or a bad
     *                                  {@code general.alignment}
     */
    public static void write(Path file, Map<String, GgufValue> metadata, List<TensorData> tensors) throws IOException {
        long alignment = GgufFile.DEFAULT_ALIGNMENT;
        GgufValue a = metadata.get("general.alignment");
        if (a != null) {
            alignment = a.asLong();
            if (alignment <= 0 || Long.bitCount(alignment) != 1) {
                throw new IllegalArgumentException("general.alignment must be a power of two, found " + alignment);
            }
        }
        Header h = new Header();
        h.i32(GgufFile.MAGIC).i32(3).i64(tensors.size()).i64(metadata.size());
        for (Map.Entry<String, GgufValue> e : metadata.entrySet()) {
            h.string(e.getKey());
            h.i32(e.getValue().type().id());
            h.value(e.getValue());
        }
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (TensorData t : tensors) {
            int typeId = GgmlType.idOf(t.dtype());
            if (typeId < 0) {
                throw new IllegalArgumentException("tensor '" + t.name() + "': GGUF has no type for " + t.dtype());
            }
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "'");
            }
            long[] shape = t.shape();
            h.string(t.name()).i32(shape.length);
            for (int d = shape.length - 1; d >= 0; d--) {
                h.i64(shape[d]);
            }
            h.i32(typeId).i64(offset);
            offset = GgufFile.align(offset + t.byteSize(), alignment);
        }
        byte[] header = h.bytes();
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(header);
            long written = header.length;
            written += pad(out, written, alignment);
            long dataStart = written;
            for (TensorData t : tensors) {
                Npy.writeBytes(out, t.bytes());
                written += t.byteSize();
                written += pad(out, written - dataStart, alignment);
            }
        }
    }

    private static long pad(OutputStream out, long position, long alignment) throws IOException {
        long n = GgufFile.align(position, alignment) - position;
        for (long i = 0; i < n; i++) {
            out.write(0);
        }
        return n;
    }

    /** Little-endian header bytes. */
    private static final class Header {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        Header i32(long v) {
            scratch.clear();
            out.write(scratch.putInt((int) v).array(), 0, 4);
            return this;
        }

        Header i64(long v) {
            scratch.clear();
            out.write(scratch.putLong(v).array(), 0, 8);
            return this;
        }

        Header i16(int v) {
            scratch.clear();
            out.write(scratch.putShort((short) v).array(), 0, 2);
            return this;
        }

        Header u8(int v) {
            out.write(v);
            return this;
        }

        Header string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i64(b.length);
            out.write(b, 0, b.length);
            return this;
        }

        void value(GgufValue v) {
            if (v.type() == GgufValueType.ARRAY) {
                i32(v.elementType().id());
                List<?> items = v.asList();
                i64(items.size());
                for (Object o : items) {
                    if (v.elementType() == GgufValueType.ARRAY) {
                        value((GgufValue) o);
                    } else {
                        scalar(v.elementType(), o);
                    }
                }
            } else {
                scalar(v.type(), v.value());
            }
        }

        void scalar(GgufValueType t, Object o) {
            switch (t) {
                case UINT8, INT8 -> u8((Integer) o & 0xff);
                case UINT16, INT16 -> i16((Integer) o);
                case UINT32 -> i32((Long) o);
                case INT32 -> i32((Integer) o);
                case UINT64, INT64 -> i64((Long) o);
                case FLOAT32 -> i32(Float.floatToRawIntBits((Float) o));
                case FLOAT64 -> i64(Double.doubleToRawLongBits((Double) o));
                case BOOL -> u8((Boolean) o ? 1 : 0);
                case STRING -> string((String) o);
                case ARRAY -> throw new IllegalStateException("nested arrays are written by value()");
            }
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
