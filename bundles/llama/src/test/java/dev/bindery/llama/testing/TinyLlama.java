package dev.bindery.llama.testing;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.llama.internal.load.LlamaBuilder;
import dev.bindery.llama.internal.load.MetaSource;
import dev.bindery.llama.internal.load.ModelFiles;
import dev.bindery.llama.internal.load.WeightSet;
import dev.bindery.llama.internal.model.Llama;
import dev.bindery.tensor.kernel.Parallel;
import dev.bindery.tensor.testing.Golden;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The fixtures' tiny ImageBind-LLM: files, weight set and built model. */
public final class TinyLlama {
    /** Upstream's max_seq_len for the fixtures. */
    public static final int CONTEXT = 512;
    private static final Parallel POOL = new Parallel(2, "tiny-llama-test");

    private TinyLlama() {
    }

    public static Path dir() {
        return GoldenDir.llamaTiny();
    }

    /** Meta checkpoint folder, tokenizer and adapter of the fixtures. */
    public static ModelFiles files() {
        Path d = dir();
        return ModelFiles.meta(d.resolve("llama/tiny"), d.resolve("llama/tokenizer.model"), d.resolve("adapter.pth"));
    }

    /** The weight set as upstream loads it (base + adapter). */
    public static WeightSet weights() {
        ModelFiles f = files();
        try {
            return MetaSource.read(f.llamaDir(), f.tokenizer(), f.adapter());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ModelMismatchException e) {
            throw new AssertionError(e);
        }
    }

    /** The base LLaMA alone (no adapter file). */
    public static WeightSet baseWeights() {
        ModelFiles f = files();
        try {
            return MetaSource.read(f.llamaDir(), f.tokenizer(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ModelMismatchException e) {
            throw new AssertionError(e);
        }
    }

    public static Llama build(WeightSet ws) {
        try {
            return LlamaBuilder.build(ws, CONTEXT, POOL);
        } catch (ModelMismatchException e) {
            throw new AssertionError(e);
        }
    }

    public static Parallel pool() {
        return POOL;
    }

    /** A golden array of the group as float32. */
    public static float[] floats(String relative) {
        return Golden.npy(GoldenDir.GROUP + "/" + relative).toFloatArray();
    }

    /** A golden int64 array of the group as ints. */
    public static int[] ints(String relative) {
        long[] l = Golden.npy(GoldenDir.GROUP + "/" + relative).toLongArray();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = Math.toIntExact(l[i]);
        }
        return out;
    }
}
