package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Fixed-size records from the binary body of a point file. Each call fills one reusable buffer, so memory stays at
 * one record however large the file; a short read is reported as a truncated file.
 *
 * <p>The body's length is known up front (the file size less the header), so a read or skip past its end is refused
 * as truncated before any buffer is grown or any byte is read: a header stating huge records or counts costs
 * nothing, and readers can compare what a header declares with {@link #remaining()} before reading.
 */
final class BinaryInput {
    /** The chunk {@link #skip} reads at a time; the buffer never grows beyond this for skipped data. */
    private static final int SKIP_CHUNK = 1 << 16;

    private final InputStream in;
    private final String file;
    private final ByteOrder order;
    private long remaining;
    private byte[] bytes = new byte[64];
    private ByteBuffer view = ByteBuffer.wrap(bytes);

    /**
     * @param length the bytes of the body: the file size less what the header took (negative counts as 0)
     */
    BinaryInput(InputStream in, String file, ByteOrder order, long length) {
        this.in = in;
        this.file = file;
        this.order = order;
        this.remaining = Math.max(0, length);
        view.order(order);
    }

    /** The bytes of the body not yet read or skipped. */
    long remaining() {
        return remaining;
    }

    /**
     * Reads the next {@code n} bytes and returns them as a buffer in the file's byte order (valid until the next
     * call).
     *
     * @param what names the data in the truncation message
     */
    ByteBuffer read(int n, String what) throws InvalidInputException {
        claim(n, what);
        if (n > bytes.length) {
            bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(n, 2L * bytes.length))];
            view = ByteBuffer.wrap(bytes).order(order);
        }
        fill(bytes, n, what);
        return view;
    }

    /** Reads the next {@code n} bytes into a new array of exactly that size (for a body read as a whole). */
    byte[] readArray(int n, String what) throws InvalidInputException {
        claim(n, what);
        byte[] out = new byte[n];
        fill(out, n, what);
        return out;
    }

    /** Skips {@code n} bytes. */
    void skip(long n, String what) throws InvalidInputException {
        if (n < 0) {
            throw new IllegalArgumentException("negative skip " + n);
        }
        if (n > remaining) {
            throw truncated(what);
        }
        long left = n;
        while (left > 0) {
            int chunk = (int) Math.min(left, SKIP_CHUNK);
            read(chunk, what);
            left -= chunk;
        }
    }

    private void claim(int n, String what) throws InvalidInputException {
        if (n < 0) {
            throw new IllegalArgumentException("negative read " + n);
        }
        if (n > remaining) {
            throw truncated(what);
        }
        remaining -= n;
    }

    private void fill(byte[] into, int n, String what) throws InvalidInputException {
        int done = 0;
        try {
            while (done < n) {
                int r = in.read(into, done, n - done);
                if (r < 0) {
                    throw truncated(what);
                }
                done += r;
            }
        } catch (IOException e) {
            throw PointFileErrors.io(file, e);
        }
    }

    private InvalidInputException truncated(String what) {
        return PointFileErrors.of(file, "truncated: the file ends inside " + what);
    }
}
