package dev.bindery.tensor.io;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PyTorch {@code torch.save} zip checkpoint holding a state dict: a plain dict, an OrderedDict, or a wrapper
 * such as {@code {'model': state_dict, 'optimizer': ..., 'args': Namespace}} (the tensors under {@code model},
 * {@code state_dict} or {@code module} are chosen; everything else is skipped without being interpreted).
 *
 * <p>Opening reads only the zip directory and {@code data.pkl}, and checks that every tensor's storage exists
 * and is large enough. {@link #get} maps the tensor's bytes straight from the file (entries are STORED);
 * non-contiguous views are copied into dense row-major order. Close the checkpoint when done; tensors already
 * returned stay valid.
 */
public final class TorchCheckpoint implements Closeable {
    private static final List<String> WRAPPER_KEYS = List.of("model", "state_dict", "module", "model_state_dict");

    private final Path file;
    private final ZipIndex zip;
    private final String prefix;
    private final Map<String, TorchTensorRef> tensors;

    private TorchCheckpoint(Path file, ZipIndex zip, String prefix, Map<String, TorchTensorRef> tensors) {
        this.file = file;
        this.zip = zip;
        this.prefix = prefix;
        this.tensors = tensors;
    }

    /** Opens a checkpoint, choosing the state dict automatically (see the class description). */
    public static TorchCheckpoint open(Path file) throws IOException {
        return open(file, null);
    }

    /**
     * Opens a checkpoint whose top-level dict holds the state dict under {@code key}; a null key chooses
     * automatically.
     */
    public static TorchCheckpoint open(Path file, String key) throws IOException {
        rejectLegacyFormat(file);
        ZipIndex zip = ZipIndex.open(file);
        try {
            String prefix = findPrefix(zip);
            checkByteOrder(zip, prefix);
            ZipIndex.Entry pkl = zip.entries().get(prefix + "data.pkl");
            Object root = PickleMachine.load(zip.readAll(pkl), file + "!" + pkl.name(), new TorchPickleHooks(file.toString()));
            Map<?, ?> dict = chooseStateDict(root, key, file);
            Map<String, TorchTensorRef> refs = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : dict.entrySet()) {
                if (e.getKey() instanceof String name && e.getValue() instanceof TorchTensorRef ref) {
                    refs.put(name, ref);
                }
            }
            TorchCheckpoint ckpt = new TorchCheckpoint(file, zip, prefix, Collections.unmodifiableMap(refs));
            for (String name : refs.keySet()) {
                ckpt.validate(name);
            }
            return ckpt;
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    /** The checkpoint file. */
    public Path file() {
        return file;
    }

    /** The tensor names of the chosen state dict, in file order. */
    public List<String> names() {
        return new ArrayList<>(tensors.keySet());
    }

    /** True when the state dict holds a tensor called {@code name}. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The shape of a tensor without reading its data. */
    public long[] shape(String name) {
        return ref(name).size().clone();
    }

    /** The element type of a tensor without reading its data. */
    public DType dtype(String name) throws FormatException {
        return storageDType(ref(name).storage(), name);
    }

    /**
     * The tensor's data: a slice of the mapped file when it is a contiguous view (copies of it read the file),
     * else a dense copy.
     *
     * @throws IllegalArgumentException if there is no such tensor
     */
    public TensorData get(String name) throws IOException {
        TorchTensorRef ref = ref(name);
        DType dtype = storageDType(ref.storage(), name);
        int es = dtype.bytesPerBlock();
        ZipIndex.Entry entry = storageEntry(ref.storage(), name);
        long extent = Strided.extent(ref.size(), ref.stride());
        ByteBuffer region = zip.slice(entry, ref.offset() * es, extent * es, name);
        if (!Strided.isContiguous(ref.size(), ref.stride())) {
            return TensorData.of(name, dtype, ref.size(), Strided.gather(region, ref.size(), ref.stride(), es));
        }
        if (region.capacity() == 0) {
            return TensorData.of(name, dtype, ref.size(), region);
        }
        return TensorData.of(name, dtype, ref.size(), region,
                zip.region(entry, ref.offset() * es, extent * es, name));
    }

    /** Every tensor of the state dict, in file order. */
    public Map<String, TensorData> loadAll() throws IOException {
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (String name : tensors.keySet()) {
            out.put(name, get(name));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    private TorchTensorRef ref(String name) {
        TorchTensorRef r = tensors.get(name);
        if (r == null) {
            throw new IllegalArgumentException(file + ": no tensor '" + name + "' in the state dict");
        }
        return r;
    }

    private void validate(String name) throws FormatException {
        TorchTensorRef ref = tensors.get(name);
        DType dtype = storageDType(ref.storage(), name);
        ZipIndex.Entry entry = storageEntry(ref.storage(), name);
        long es = dtype.bytesPerBlock();
        long extent = Strided.extent(ref.size(), ref.stride());
        long needed = extent == 0 ? 0 : (ref.offset() + extent) * es;
        if (needed > entry.size()) {
            throw new FormatException(file.toString(), name, "needs " + needed + " bytes of storage " + entry.name()
                    + " but the entry holds " + entry.size() + " (truncated or corrupt)");
        }
    }

    private ZipIndex.Entry storageEntry(TorchStorageRef storage, String name) throws FormatException {
        ZipIndex.Entry e = zip.entries().get(prefix + "data/" + storage.key());
        if (e == null) {
            throw new FormatException(file.toString(), name, "missing storage entry " + prefix + "data/" + storage.key());
        }
        return e;
    }

    private DType storageDType(TorchStorageRef storage, String name) throws FormatException {
        PickleGlobal t = storage.type();
        if (t.module().equals("torch")) {
            switch (t.name()) {
                case "FloatStorage": return DType.F32;
                case "HalfStorage": return DType.F16;
                case "BFloat16Storage": return DType.BF16;
                case "DoubleStorage": return DType.F64;
                case "LongStorage": return DType.I64;
                case "IntStorage": return DType.I32;
                case "ShortStorage": return DType.I16;
                case "CharStorage": return DType.I8;
                case "ByteStorage": return DType.U8;
                case "BoolStorage": return DType.BOOL;
                default: break;
            }
        }
        throw new FormatException(file.toString(), name, "unsupported storage type " + t + " (unknown dtype)");
    }

    private static String findPrefix(ZipIndex zip) throws FormatException {
        for (String n : zip.entries().keySet()) {
            int slash = n.indexOf('/');
            if (slash > 0 && n.equals(n.substring(0, slash + 1) + "data.pkl")) {
                return n.substring(0, slash + 1);
            }
        }
        throw new FormatException(zip.source(), "not a torch.save archive: no <folder>/data.pkl entry");
    }

    private static void checkByteOrder(ZipIndex zip, String prefix) throws IOException {
        ZipIndex.Entry e = zip.entries().get(prefix + "byteorder");
        if (e != null && e.size() < 16) {
            ByteBuffer b = zip.readAll(e);
            byte[] text = new byte[b.remaining()];
            b.get(text);
            if (!new String(text, StandardCharsets.US_ASCII).trim().equals("little")) {
                throw new FormatException(zip.source(), "big-endian storages are not supported");
            }
        }
    }

    private static void rejectLegacyFormat(Path file) throws IOException {
        byte[] head = new byte[2];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 2) == 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) {
                throw new FormatException(file.toString(), "legacy (pre-1.6, non-zip) torch.save format is not supported;"
                        + " re-save with a current PyTorch");
            }
        }
    }

    private static Map<?, ?> chooseStateDict(Object root, String key, Path file) throws FormatException {
        if (!(root instanceof Map<?, ?> top)) {
            throw new FormatException(file.toString(), "top-level object is " + describe(root) + ", not a dict");
        }
        if (key != null) {
            if (!(top.get(key) instanceof Map<?, ?> chosen)) {
                throw new FormatException(file.toString(), key, "no state dict under this top-level key (keys: " + top.keySet() + ")");
            }
            return chosen;
        }
        if (holdsTensors(top)) {
            return top;
        }
        for (String k : WRAPPER_KEYS) {
            if (top.get(k) instanceof Map<?, ?> inner && holdsTensors(inner)) {
                return inner;
            }
        }
        throw new FormatException(file.toString(), "no state dict found (top-level keys: " + top.keySet() + ")");
    }

    private static boolean holdsTensors(Map<?, ?> m) {
        for (Object v : m.values()) {
            if (v instanceof TorchTensorRef) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Object o) {
        return o == null ? "None" : o instanceof PickleObject ? o.toString() : o.getClass().getSimpleName();
    }
}
