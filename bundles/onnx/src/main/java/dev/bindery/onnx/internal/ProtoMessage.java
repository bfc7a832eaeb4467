package dev.bindery.onnx.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A protocol-buffer message as an ordered list of fields, written in the order they were added. Repeated scalar
 * fields are written unpacked (one tag per value), the proto2 default that the ONNX schema uses. Large byte fields
 * can be {@link Blob lazy}: their bytes are produced while writing, so gigabytes of weights never sit in memory.
 */
public final class ProtoMessage {
    /** Bytes produced at write time, of a length known in advance. */
    public interface Blob {
        long length();

        /** Writes exactly {@link #length()} bytes. */
        void writeTo(OutputStream out) throws IOException;
    }

    private interface Field {
        long size();

        void write(ProtoOutput out) throws IOException;
    }

    private final List<Field> fields = new ArrayList<>();
    private long size = -1;

    public ProtoMessage varint(int field, long value) {
        return add(new Field() {
            public long size() {
                return ProtoOutput.tagSize(field) + ProtoOutput.varintSize(value);
            }

            public void write(ProtoOutput out) throws IOException {
                out.tag(field, ProtoOutput.VARINT);
                out.varint(value);
            }
        });
    }

    public ProtoMessage floatValue(int field, float value) {
        return add(new Field() {
            public long size() {
                return ProtoOutput.tagSize(field) + 4L;
            }

            public void write(ProtoOutput out) throws IOException {
                out.tag(field, ProtoOutput.FIXED32);
                out.fixed32(Float.floatToRawIntBits(value));
            }
        });
    }

    public ProtoMessage string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    public ProtoMessage bytes(int field, byte[] value) {
        byte[] copy = value.clone();
        return add(new Field() {
            public long size() {
                return ProtoOutput.tagSize(field) + ProtoOutput.varintSize(copy.length) + copy.length;
            }

            public void write(ProtoOutput out) throws IOException {
                out.tag(field, ProtoOutput.LENGTH_DELIMITED);
                out.varint(copy.length);
                out.bytes(copy);
            }
        });
    }

    public ProtoMessage blob(int field, Blob blob) {
        return add(new Field() {
            public long size() {
                return ProtoOutput.tagSize(field) + ProtoOutput.varintSize(blob.length()) + blob.length();
            }

            public void write(ProtoOutput out) throws IOException {
                out.tag(field, ProtoOutput.LENGTH_DELIMITED);
                out.varint(blob.length());
                long before = out.written();
                CountingStream counter = new CountingStream(out.stream());
                blob.writeTo(counter);
                if (counter.count != blob.length()) {
                    throw new IOException("a blob declared " + blob.length() + " bytes but wrote " + counter.count);
                }
                out.skipped(counter.count);
                assert out.written() == before + blob.length();
            }
        });
    }

    public ProtoMessage message(int field, ProtoMessage message) {
        return add(new Field() {
            public long size() {
                long n = message.size();
                return ProtoOutput.tagSize(field) + ProtoOutput.varintSize(n) + n;
            }

            public void write(ProtoOutput out) throws IOException {
                out.tag(field, ProtoOutput.LENGTH_DELIMITED);
                out.varint(message.size());
                message.writeTo(out);
            }
        });
    }

    /** Encoded size of this message's fields (without a tag or length prefix); computed once. */
    public long size() {
        if (size < 0) {
            long n = 0;
            for (Field f : fields) {
                n += f.size();
            }
            size = n;
        }
        return size;
    }

    public void writeTo(ProtoOutput out) throws IOException {
        for (Field f : fields) {
            f.write(out);
        }
    }

    private ProtoMessage add(Field f) {
        fields.add(f);
        size = -1;
        return this;
    }

    /** Counts what a blob writes, so that a wrong length is caught instead of corrupting the file. */
    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        private long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
