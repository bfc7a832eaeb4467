package dev.bindery.tensor.io;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Meta LLaMA checkpoint folder: {@code params.json} plus model-parallel shards {@code consolidated.00.pth},
 * {@code consolidated.01.pth}, ... Each tensor is the concatenation of its shards along the axis Meta split it
 * on ({@link #shardAxis}); with one shard the tensors are the mapped slices of that file.
 */
public final class MetaCheckpoint implements Closeable {
    private final Path dir;
    private final LlamaParams params;
    private final List<TorchCheckpoint> shards;

    private MetaCheckpoint(Path dir, LlamaParams params, List<TorchCheckpoint> shards) {
        this.dir = dir;
        this.params = params;
        this.shards = shards;
    }

    /**
     * Opens the folder, checking that every shard holds the same tensor names.
     *
     * @throws FormatException if params.json or the shards are missing or inconsistent
     */
    public static MetaCheckpoint open(Path dir) throws IOException {
        Path paramsFile = dir.resolve("params.json");
        if (!Files.isRegularFile(paramsFile)) {
            throw new FormatException(dir.toString(), "no params.json in the checkpoint folder");
        }
        LlamaParams params = LlamaParams.read(paramsFile);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "consolidated.*.pth")) {
            s.forEach(files::add);
        }
        files.sort(null);
        if (files.isEmpty()) {
            throw new FormatException(dir.toString(), "no consolidated.*.pth shards in the checkpoint folder");
        }
        List<TorchCheckpoint> shards = new ArrayList<>();
        try {
            for (Path f : files) {
                shards.add(TorchCheckpoint.open(f));
            }
            List<String> names = shards.get(0).names();
            for (TorchCheckpoint s : shards) {
                if (!s.names().equals(names)) {
                    throw new FormatException(s.file().toString(), "shard holds different tensors than " + files.get(0).getFileName());
                }
            }
            return new MetaCheckpoint(dir, params, List.copyOf(shards));
        } catch (IOException | RuntimeException e) {
            for (TorchCheckpoint s : shards) {
                s.close();
            }
            throw e;
        }
    }

    /** The checkpoint folder. */
    public Path dir() {
        return dir;
    }

    /** The parsed params.json. */
    public LlamaParams params() {
        return params;
    }

    /** Number of model-parallel shards. */
    public int shardCount() {
        return shards.size();
    }

    /** Tensor names in file order (as in the first shard). */
    public List<String> names() {
        return shards.get(0).names();
    }

    /** True when the checkpoint holds {@code name}. */
    public boolean contains(String name) {
        return shards.get(0).contains(name);
    }

    /** The full (merged) tensor; reads and, with several shards, concatenates them. */
    public TensorData get(String name) throws IOException {
        if (shards.size() == 1) {
            return shards.get(0).get(name);
        }
        List<TensorData> parts = new ArrayList<>();
        for (TorchCheckpoint s : shards) {
            parts.add(s.get(name));
        }
        try {
            return concat(name, parts);
        } catch (IllegalArgumentException e) {
            throw new FormatException(dir.toString(), name, e.getMessage(), e);
        }
    }

    /**
     * The axis Meta's model-parallel layout splits a tensor on: 1 for {@code tok_embeddings} and the
     * row-parallel {@code wo}/{@code w2}; 0 for the column-parallel {@code wq/wk/wv/w1/w3} and {@code output};
     * -1 (replicated) for norms, {@code rope.freqs} and anything else.
     */
    public static int shardAxis(String name) {
        if (name.equals("tok_embeddings.weight")) {
            return 1;
        }
        if (name.equals("output.weight")) {
            return 0;
        }
        for (String s : new String[] {"attention.wq.weight", "attention.wk.weight", "attention.wv.weight",
                "feed_forward.w1.weight", "feed_forward.w3.weight"}) {
            if (name.endsWith(s)) {
                return 0;
            }
        }
        if (name.endsWith("attention.wo.weight") || name.endsWith("feed_forward.w2.weight")) {
            return 1;
        }
        return -1;
    }

    /**
     * Merges one tensor's shards: concatenated along {@link #shardAxis(String)}, or, for replicated tensors,
     * the first shard after checking the others are identical.
     *
     * @throws IllegalArgumentException if the shards disagree in dtype, rank or the non-split dimensions
     */
    public static TensorData concat(String name, List<TensorData> parts) {
        TensorData first = parts.get(0);
        int axis = shardAxis(name);
        if (parts.size() == 1) {
            return first;
        }
        for (TensorData p : parts) {
            if (p.dtype() != first.dtype() || p.rank() != first.rank()) {
                throw new IllegalArgumentException("shards differ in dtype or rank: " + p + " vs " + first);
            }
        }
        if (axis < 0 || axis >= first.rank()) {
            for (TensorData p : parts) {
                if (!Arrays.equals(p.shape(), first.shape()) || !p.bytes().equals(first.bytes())) {
                    throw new IllegalArgumentException("replicated tensor differs between shards");
                }
            }
            return first;
        }
        if (first.dtype().isQuantized()) {
            throw new IllegalArgumentException("cannot concatenate " + first.dtype() + " shards");
        }
        long[] shape = first.shape();
        long total = 0;
        for (TensorData p : parts) {
            long[] s = p.shape();
            for (int d = 0; d < s.length; d++) {
                if (d != axis && s[d] != shape[d]) {
                    throw new IllegalArgumentException("shards differ outside axis " + axis + ": " + Arrays.toString(s)
                            + " vs " + Arrays.toString(shape));
                }
            }
            total += s[axis];
        }
        shape[axis] = total;
        long outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape[d];
        }
        long inner = first.dtype().bytesPerBlock();
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(first.dtype().byteSize(outerTimes(shape))))
                .order(ByteOrder.LITTLE_ENDIAN);
        // Row-major: for each index before the axis, the shards' runs follow one another.
        for (long o = 0; o < outer; o++) {
            for (TensorData p : parts) {
                int run = Math.toIntExact(p.dim(axis) * inner);
                ByteBuffer src = p.bytes();
                src.position(Math.toIntExact(o * run)).limit(Math.toIntExact(o * run + run));
                out.put(src);
            }
        }
        return TensorData.of(name, first.dtype(), shape, out.flip());
    }

    private static long outerTimes(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (TorchCheckpoint s : shards) {
            try {
                s.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The element type of a tensor (same in every shard). */
    public DType dtype(String name) throws FormatException {
        return shards.get(0).dtype(name);
    }
}
