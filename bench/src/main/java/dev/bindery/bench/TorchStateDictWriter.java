package dev.bindery.bench;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a float32 state dict in the zip layout of {@code torch.save} ({@code archive/data.pkl},
 * {@code archive/data/<n>} storages, {@code archive/version}, {@code archive/byteorder}), so that code which only
 * reads checkpoint files (the ONNX graph builder of {@code bundles/onnx}) can take a state dict built in memory.
 *
 * <p>{@code data.pkl} is a protocol-2 pickle of a dict whose values are
 * {@code torch._utils._rebuild_tensor_v2(persistent_id(('storage', torch.FloatStorage, '<n>', 'cpu', numel)),
 * 0, size, contiguous stride, False, OrderedDict())}, as PyTorch writes for contiguous tensors. Storages are STORED
 * (not deflated), as torch does, so readers can map them.
 */
final class TorchStateDictWriter {
    private static final String FOLDER = "archive/";

    private TorchStateDictWriter() {
    }

    /**
     * Writes {@code stateDict} (float32 tensors only) to {@code file}.
     *
     * @throws IllegalArgumentException if a tensor is not float32
     */
    static void write(Path file, Map<String, TensorData> stateDict) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20))) {
            stored(zip, FOLDER + "data.pkl", pickle(stateDict));
            int index = 0;
            for (TensorData t : stateDict.values()) {
                stored(zip, FOLDER + "data/" + index++, t.bytes());
            }
            stored(zip, FOLDER + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
            stored(zip, FOLDER + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The pickle of the dict described in the class comment. */
    static byte[] pickle(Map<String, TensorData> stateDict) {
        PickleOut p = new PickleOut();
        p.op(0x80).op(2); // PROTO 2
        p.op('}'); // EMPTY_DICT
        p.op('('); // MARK for SETITEMS
        int index = 0;
        for (Map.Entry<String, TensorData> e : stateDict.entrySet()) {
            TensorData t = e.getValue();
            if (t.dtype() != DType.F32) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' is " + t.dtype() + "; only F32 is written");
            }
            p.string(e.getKey());
            p.global("torch._utils", "_rebuild_tensor_v2");
            p.op('('); // MARK of the argument tuple
            p.op('(').string("storage").global("torch", "FloatStorage").string(Integer.toString(index++))
                    .string("cpu").integer(t.numel()).op('t'); // the persistent id tuple
            p.op('Q'); // BINPERSID
            p.integer(0); // storage offset
            long[] shape = t.shape();
            p.op('(');
            for (long d : shape) {
                p.integer(d);
            }
            p.op('t');
            p.op('(');
            long stride = 1;
            long[] strides = new long[shape.length];
            for (int i = shape.length - 1; i >= 0; i--) {
                strides[i] = stride;
                stride *= shape[i];
            }
            for (long s : strides) {
                p.integer(s);
            }
            p.op('t');
            p.op(0x89); // NEWFALSE: requires_grad
            p.global("collections", "OrderedDict").op(')').op('R'); // backward hooks: OrderedDict()
            p.op('t'); // TUPLE of the arguments
            p.op('R'); // REDUCE
        }
        p.op('u'); // SETITEMS
        p.op('.'); // STOP
        return p.bytes();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        stored(zip, name, ByteBuffer.wrap(data));
    }

    private static void stored(ZipOutputStream zip, String name, ByteBuffer data) throws IOException {
        byte[] chunk = new byte[1 << 16];
        CRC32 crc = new CRC32();
        crc.update(data.duplicate());
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.remaining());
        entry.setCompressedSize(data.remaining());
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        ByteBuffer b = data.duplicate();
        while (b.hasRemaining()) {
            int n = Math.min(chunk.length, b.remaining());
            b.get(chunk, 0, n);
            zip.write(chunk, 0, n);
        }
        zip.closeEntry();
    }

    /** The few pickle opcodes the dict needs. */
    private static final class PickleOut {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        PickleOut op(int code) {
            out.write(code);
            return this;
        }

        /** BINUNICODE: 4-byte little-endian length, UTF-8. */
        PickleOut string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            int32(utf8.length);
            out.write(utf8, 0, utf8.length);
            return this;
        }

        /** GLOBAL: module and name, each ending in a newline. */
        PickleOut global(String module, String name) {
            op('c');
            byte[] text = (module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII);
            out.write(text, 0, text.length);
            return this;
        }

        /** BININT (signed 4 bytes) or LONG1 for larger values. */
        PickleOut integer(long v) {
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                op('J');
                int32((int) v);
            } else {
                op(0x8a).op(8);
                for (int i = 0; i < 8; i++) {
                    out.write((int) (v >>> (8 * i)) & 0xff);
                }
            }
            return this;
        }

        private void int32(int v) {
            for (int i = 0; i < 4; i++) {
                out.write((v >>> (8 * i)) & 0xff);
            }
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
