package dev.bindery.tensor.io;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GGUF file opened for reading (versions 2 and 3): typed metadata and tensors whose bytes are mapped
 * from the file without copying. Shapes are given in PyTorch order (GGUF stores {@code ne}, fastest first).
 */
public final class GgufFile implements Closeable {
    /** Alignment used when {@code general.alignment} is absent. */
    public static final int DEFAULT_ALIGNMENT = 32;
    static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32

    private record Info(DType dtype, long[] shape, long offset, long bytes) {
    }

    private final Path file;
    private final FileChannel channel;
    private final int version;
    private final long alignment;
    private final long dataStart;
    private final Map<String, GgufValue> metadata;
    private final Map<String, Info> tensors;
    private final RegionChannel regions;

    private GgufFile(Path file, FileChannel channel, int version, long alignment, long dataStart,
                     Map<String, GgufValue> metadata, Map<String, Info> tensors) throws IOException {
        this.file = file;
        this.channel = channel;
        this.version = version;
        this.alignment = alignment;
        this.dataStart = dataStart;
        this.metadata = metadata;
        this.tensors = tensors;
        this.regions = new RegionChannel(file);
    }

    /** Opens and validates a GGUF file: header, metadata, tensor infos, data bounds. */
    public static GgufFile open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return read(file, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static GgufFile read(Path file, FileChannel ch) throws IOException {
        String src = file.toString();
        GgufInput in = new GgufInput(ch, src);
        if (in.fileSize() < 4 || in.i32() != MAGIC) {
            throw new FormatException(src, "not a GGUF file (wrong magic)");
        }
        int version = in.i32();
        if (version != 2 && version != 3) {
            throw new FormatException(src, "unsupported GGUF version " + version);
        }
        long tensorCount = in.i64();
        long kvCount = in.i64();
        if (tensorCount < 0 || kvCount < 0 || tensorCount > in.fileSize() || kvCount > in.fileSize()) {
            throw new FormatException(src, "corrupt header: " + tensorCount + " tensors, " + kvCount + " metadata entries");
        }
        Map<String, GgufValue> meta = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            in.context("metadata entry " + i);
            String key = in.string();
            in.context("metadata key '" + key + "'");
            long typeId = in.u32();
            GgufValueType type = GgufValueType.ofId(typeId);
            if (type == null) {
                throw new FormatException(src, key, "unknown metadata value type " + typeId);
            }
            meta.put(key, readValue(in, type, src, key, 0));
        }
        long alignment = DEFAULT_ALIGNMENT;
        GgufValue a = meta.get("general.alignment");
        if (a != null) {
            alignment = a.asLong();
            if (alignment <= 0 || Long.bitCount(alignment) != 1) {
                throw new FormatException(src, "general.alignment", "alignment must be a power of two, found " + alignment);
            }
        }
        List<String> names = new ArrayList<>();
        Map<String, Info> infos = new LinkedHashMap<>();
        for (long i = 0; i < tensorCount; i++) {
            in.context("tensor info " + i);
            String name = in.string();
            in.context("tensor info '" + name + "'");
            long nDims = in.u32();
            if (nDims > 8) {
                throw new FormatException(src, name, "implausible number of dimensions " + nDims);
            }
            long[] shape = new long[(int) nDims];
            for (int d = 0; d < nDims; d++) {
                shape[(int) nDims - 1 - d] = in.i64(); // ne[0] is the fastest-varying = last PyTorch dimension
            }
            long typeId = in.u32();
            long offset = in.i64();
            DType dtype = GgmlType.ofId(typeId);
            if (dtype == null) {
                throw new FormatException(src, name, "unsupported ggml tensor type " + typeId);
            }
            long numel = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new FormatException(src, name, "negative dimension");
                }
                numel = Math.multiplyExact(numel, d);
            }
            if (shape.length > 0 && shape[shape.length - 1] % dtype.blockSize() != 0) {
                throw new FormatException(src, name, "row length " + shape[shape.length - 1] + " is not a multiple of the "
                        + dtype + " block size " + dtype.blockSize());
            }
            if (offset < 0 || offset % alignment != 0) {
                throw new FormatException(src, name, "data offset " + offset + " is not aligned to " + alignment);
            }
            if (infos.put(name, new Info(dtype, shape, offset, dtype.byteSize(numel))) != null) {
                throw new FormatException(src, name, "duplicate tensor name");
            }
            names.add(name);
        }
        long dataStart = align(in.position(), alignment);
        for (String name : names) {
            Info info = infos.get(name);
            if (dataStart + info.offset() + info.bytes() > in.fileSize()) {
                throw new FormatException(src, name, "truncated: tensor data ends at " + (dataStart + info.offset() + info.bytes())
                        + " but the file has " + in.fileSize() + " bytes");
            }
        }
        return new GgufFile(file, ch, version, alignment, dataStart, Collections.unmodifiableMap(meta),
                Collections.unmodifiableMap(infos));
    }

    private static GgufValue readValue(GgufInput in, GgufValueType type, String src, String key, int depth) throws IOException {
        if (type != GgufValueType.ARRAY) {
            return new GgufValue(type, null, readScalar(in, type, src, key));
        }
        long elemId = in.u32();
        GgufValueType elem = GgufValueType.ofId(elemId);
        if (elem == null) {
            throw new FormatException(src, key, "unknown array element type " + elemId);
        }
        long n = in.i64();
        if (n < 0 || n > in.fileSize() - in.position()) {
            throw new FormatException(src, key, "corrupt or truncated: array of " + n + " elements");
        }
        if (depth > 16) {
            throw new FormatException(src, key, "arrays nested too deeply");
        }
        List<Object> items = new ArrayList<>((int) Math.min(n, 1 << 20));
        for (long i = 0; i < n; i++) {
            items.add(elem == GgufValueType.ARRAY ? readValue(in, elem, src, key, depth + 1) : readScalar(in, elem, src, key));
        }
        return new GgufValue(GgufValueType.ARRAY, elem, items);
    }

    private static Object readScalar(GgufInput in, GgufValueType type, String src, String key) throws IOException {
        return switch (type) {
            case UINT8 -> in.u8();
            case INT8 -> (int) (byte) in.u8();
            case UINT16 -> in.u16();
            case INT16 -> (int) (short) in.u16();
            case UINT32 -> in.u32();
            case INT32 -> in.i32();
            case UINT64, INT64 -> in.i64();
            case FLOAT32 -> Float.intBitsToFloat(in.i32());
            case FLOAT64 -> Double.longBitsToDouble(in.i64());
            case BOOL -> {
                int b = in.u8();
                if (b > 1) {
                    throw new FormatException(src, key, "boolean byte " + b + " is neither 0 nor 1");
                }
                yield b == 1;
            }
            case STRING -> in.string();
            case ARRAY -> throw new IllegalStateException("arrays are read by readValue");
        };
    }

    static long align(long offset, long alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The format version (2 or 3). */
    public int version() {
        return version;
    }

    /** The data alignment ({@code general.alignment} or 32). */
    public long alignment() {
        return alignment;
    }

    /** All metadata in file order. */
    public Map<String, GgufValue> metadata() {
        return metadata;
    }

    /** One metadata value, or null when absent. */
    public GgufValue metadata(String key) {
        return metadata.get(key);
    }

    /** Tensor names in file order. */
    public List<String> names() {
        return new ArrayList<>(tensors.keySet());
    }

    /** True when the file holds {@code name}. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** A tensor's shape (PyTorch order) without reading its data. */
    public long[] shape(String name) {
        return info(name).shape().clone();
    }

    /** A tensor's type without reading its data. */
    public DType dtype(String name) {
        return info(name).dtype();
    }

    /**
     * A tensor whose bytes are a mapped slice of the file; copies of it read the file ({@link TensorData#copyBytes}).
     *
     * @throws IllegalArgumentException if there is no such tensor
     */
    public TensorData get(String name) throws IOException {
        Info info = info(name);
        if (info.bytes() > Integer.MAX_VALUE) {
            throw new FormatException(file.toString(), name, "a single tensor of " + info.bytes() + " bytes exceeds the 2 GiB buffer limit");
        }
        if (info.bytes() == 0) {
            return TensorData.of(name, info.dtype(), info.shape(), ByteBuffer.allocate(0));
        }
        long at = dataStart + info.offset();
        ByteBuffer b = channel.map(FileChannel.MapMode.READ_ONLY, at, info.bytes());
        return TensorData.of(name, info.dtype(), info.shape(), b.order(ByteOrder.LITTLE_ENDIAN),
                regions.region(at, info.bytes()));
    }

    /** Every tensor, in file order. */
    public Map<String, TensorData> loadAll() throws IOException {
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (String n : tensors.keySet()) {
            out.put(n, get(n));
        }
        return out;
    }

    private Info info(String name) {
        Info i = tensors.get(name);
        if (i == null) {
            throw new IllegalArgumentException(file + ": no tensor '" + name + "'");
        }
        return i;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
