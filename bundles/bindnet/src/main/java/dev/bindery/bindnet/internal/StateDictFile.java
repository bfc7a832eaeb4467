package dev.bindery.bindnet.internal;

import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.FormatException;
import dev.bindery.tensor.io.GgufFile;
import dev.bindery.tensor.io.Safetensors;
import dev.bindery.tensor.io.TorchCheckpoint;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * One state dict read from a PyTorch zip checkpoint ({@code torch.save}, including {@code {'model': ...}} wrappers),
 * a safetensors file or a GGUF file, chosen by the file's first bytes rather than its name so that a renamed file
 * still loads. Tensors are mapped from the file and stay valid after {@link #close()}.
 */
public final class StateDictFile implements Closeable {
    /** The reading operations the three formats share. */
    private interface Source extends Closeable {
        List<String> names();

        TensorData get(String name) throws IOException;
    }

    private final Path file;
    private final String format;
    private final Source source;

    private StateDictFile(Path file, String format, Source source) {
        this.file = file;
        this.format = format;
        this.source = source;
    }

    /**
     * Opens {@code file}.
     *
     * @throws FormatException (naming the file) if it is none of the three formats or is corrupt
     * @throws IOException     if it cannot be read
     */
    public static StateDictFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such checkpoint file");
        }
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            TorchCheckpoint c = TorchCheckpoint.open(file);
            return new StateDictFile(file, "PyTorch checkpoint", new Source() {
                public List<String> names() {
                    return c.names();
                }

                public TensorData get(String name) throws IOException {
                    return c.get(name);
                }

                public void close() throws IOException {
                    c.close();
                }
            });
        }
        if (n >= 4 && head[0] == 'G' && head[1] == 'G' && head[2] == 'U' && head[3] == 'F') {
            GgufFile g = GgufFile.open(file);
            return new StateDictFile(file, "GGUF", new Source() {
                public List<String> names() {
                    return g.names();
                }

                public TensorData get(String name) throws IOException {
                    return g.get(name);
                }

                public void close() throws IOException {
                    g.close();
                }
            });
        }
        if (n == 8) {
            // safetensors starts with the little-endian length of its JSON header; it is the only candidate left.
            Safetensors s = Safetensors.open(file);
            return new StateDictFile(file, "safetensors", new Source() {
                public List<String> names() {
                    return s.names();
                }

                public TensorData get(String name) throws IOException {
                    return s.get(name);
                }

                public void close() throws IOException {
                    s.close();
                }
            });
        }
        throw new FormatException(file, null, "not a PyTorch zip checkpoint, safetensors or GGUF file (" + n + " bytes)");
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The detected format, for messages. */
    public String format() {
        return format;
    }

    /** Every tensor name, in file order. */
    public List<String> names() {
        return source.names();
    }

    /** One tensor, memory-mapped where the format allows. */
    public TensorData get(String name) throws IOException {
        return source.get(name);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
