package dev.bindery.tensor.io;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file: an 8-byte little-endian header length, a JSON header
 * ({@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}}) and the
 * tensor bytes. Reading maps each tensor's bytes from the file; {@link #write} produces files other tools read.
 */
public final class Safetensors implements Closeable {
    private static final long MAX_HEADER = 100L << 20;

    private record Info(DType dtype, long[] shape, long begin, long end) {
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Info> infos;
    private final Map<String, String> metadata;
    private final RegionChannel regions;

    private Safetensors(Path file, FileChannel channel, long dataStart, Map<String, Info> infos,
                        Map<String, String> metadata) throws IOException {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.infos = infos;
        this.metadata = metadata;
        this.regions = new RegionChannel(file);
    }

    /** Opens a file and validates its header (dtypes, shapes, offsets within the file). */
    public static Safetensors open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return parse(file, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static Safetensors parse(Path file, FileChannel ch) throws IOException {
        String src = file.toString();
        long size = ch.size();
        if (size < 8) {
            throw new FormatException(src, "truncated: " + size + " bytes is shorter than the safetensors header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(lenBuf, 0);
        long headerLen = lenBuf.getLong(0);
        if (headerLen < 2 || headerLen > MAX_HEADER) {
            throw new FormatException(src, "not a safetensors file (header length " + headerLen + ")");
        }
        if (8 + headerLen > size) {
            throw new FormatException(src, "truncated: header of " + headerLen + " bytes runs past the end of the file");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        while (hb.hasRemaining() && ch.read(hb, 8 + hb.position()) > 0) {
            // read fully
        }
        String json = new String(hb.array(), StandardCharsets.UTF_8);
        Map<String, Object> header;
        try {
            header = Json.parseObject(json);
        } catch (IllegalArgumentException e) {
            throw new FormatException(src, null, "not a safetensors file (header is not a JSON object: " + e.getMessage() + ")", e);
        }
        long dataStart = 8 + headerLen;
        long dataLen = size - dataStart;
        Map<String, Info> infos = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                if (e.getValue() instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> meta.put(String.valueOf(k), String.valueOf(v)));
                }
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> t)) {
                throw new FormatException(src, name, "header entry is not an object");
            }
            DType dtype = dtypeOf(t.get("dtype"), src, name);
            long[] shape = longs(t.get("shape"), src, name, "shape");
            long[] offsets = longs(t.get("data_offsets"), src, name, "data_offsets");
            if (offsets.length != 2 || offsets[0] > offsets[1]) {
                throw new FormatException(src, name, "bad data_offsets");
            }
            long numel = 1;
            for (long d : shape) {
                numel = Math.multiplyExact(numel, d);
            }
            if (offsets[1] - offsets[0] != dtype.byteSize(numel)) {
                throw new FormatException(src, name, "data_offsets span " + (offsets[1] - offsets[0]) + " bytes but "
                        + dtype + " " + java.util.Arrays.toString(shape) + " needs " + dtype.byteSize(numel));
            }
            if (offsets[1] > dataLen) {
                throw new FormatException(src, name, "truncated: data ends at " + offsets[1] + " but the file holds only "
                        + dataLen + " data bytes");
            }
            infos.put(name, new Info(dtype, shape, offsets[0], offsets[1]));
        }
        return new Safetensors(file, ch, dataStart, Collections.unmodifiableMap(infos), Collections.unmodifiableMap(meta));
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** Tensor names in header order. */
    public List<String> names() {
        return new ArrayList<>(infos.keySet());
    }

    /** True when the file holds {@code name}. */
    public boolean contains(String name) {
        return infos.containsKey(name);
    }

    /** The {@code __metadata__} string map (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * A tensor, memory-mapped from the file.
     *
     * @throws IllegalArgumentException if there is no such tensor
     */
    public TensorData get(String name) throws IOException {
        Info info = infos.get(name);
        if (info == null) {
            throw new IllegalArgumentException(file + ": no tensor '" + name + "'");
        }
        long len = info.end() - info.begin();
        if (len > Integer.MAX_VALUE) {
            throw new FormatException(file.toString(), name, "a single tensor of " + len + " bytes exceeds the 2 GiB buffer limit");
        }
        if (len == 0) {
            return TensorData.of(name, info.dtype(), info.shape(), ByteBuffer.allocate(0));
        }
        long at = dataStart + info.begin();
        ByteBuffer b = channel.map(FileChannel.MapMode.READ_ONLY, at, len);
        return TensorData.of(name, info.dtype(), info.shape(), b.order(ByteOrder.LITTLE_ENDIAN), regions.region(at, len));
    }

    /** Every tensor, in header order. */
    public Map<String, TensorData> loadAll() throws IOException {
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (String n : infos.keySet()) {
            out.put(n, get(n));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Writes {@code tensors} (in the given order, names must be unique) with an optional string metadata map.
     *
     * @throws IllegalArgumentException for block-format tensors or duplicate names
     */
    public static void write(Path file, Collection<TensorData> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            header.put("__metadata__", new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (TensorData t : tensors) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", nameOf(t));
            List<Long> shape = new ArrayList<>();
            for (long d : t.shape()) {
                shape.add(d);
            }
            entry.put("shape", shape);
            entry.put("data_offsets", List.of(offset, offset + t.byteSize()));
            if (header.put(t.name(), entry) != null) {
                throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "'");
            }
            offset += t.byteSize();
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // the data starts 8-byte aligned; the padding is spaces
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(json);
            out.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
            for (TensorData t : tensors) {
                Npy.writeBytes(out, t.bytes());
            }
        }
    }

    private static String nameOf(TensorData t) {
        return switch (t.dtype()) {
            case F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL -> t.dtype().name();
            default -> throw new IllegalArgumentException("tensor '" + t.name() + "': safetensors cannot hold " + t.dtype());
        };
    }

    private static DType dtypeOf(Object o, String src, String name) throws FormatException {
        if (o instanceof String s) {
            switch (s) {
                case "F32": return DType.F32;
                case "F16": return DType.F16;
                case "BF16": return DType.BF16;
                case "F64": return DType.F64;
                case "I64": return DType.I64;
                case "I32": return DType.I32;
                case "I16": return DType.I16;
                case "I8": return DType.I8;
                case "U8": return DType.U8;
                case "BOOL": return DType.BOOL;
                default: break;
            }
        }
        throw new FormatException(src, name, "unsupported dtype " + o);
    }

    private static long[] longs(Object o, String src, String name, String field) throws FormatException {
        if (!(o instanceof List<?> l)) {
            throw new FormatException(src, name, "missing " + field);
        }
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Long v) || v < 0) {
                throw new FormatException(src, name, field + " must hold non-negative integers: " + l);
            }
            out[i] = v;
        }
        return out;
    }
}
