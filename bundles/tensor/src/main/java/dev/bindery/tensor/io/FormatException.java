package dev.bindery.tensor.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that cannot be read as the format it claims: truncated, corrupt, or using a feature or type this
 * reader does not support. The message names the file, the tensor or key (when one is involved) and the problem.
 */
public class FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String tensor;

    /** A problem with the file as a whole (header, magic, directory). */
    public FormatException(String file, String problem) {
        this(file, null, problem, null);
    }

    /** A problem with one tensor or key of the file; {@code tensor} may be null. */
    public FormatException(String file, String tensor, String problem) {
        this(file, tensor, problem, null);
    }

    /** As {@link #FormatException(String, String, String)}, keeping the underlying cause. */
    public FormatException(String file, String tensor, String problem, Throwable cause) {
        super(file + (tensor == null ? "" : ": tensor '" + tensor + "'") + ": " + problem, cause);
        this.file = file;
        this.tensor = tensor;
    }

    /** Convenience for a problem in {@code file}. */
    public FormatException(Path file, String tensor, String problem) {
        this(String.valueOf(file), tensor, problem, null);
    }

    /** The file (or source description) that failed. */
    public String file() {
        return file;
    }

    /** The tensor or key involved, or null when the problem concerns the whole file. */
    public String tensor() {
        return tensor;
    }
}
