package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Fixed-size records from the binary body of a point file. Each call fills one reusable buffer, so memory stays at
 * one record however large the file; a short read is reported as a truncated file.
 */
final class BinaryInput {
    private final InputStream in;
    private final String file;
    private final ByteOrder order;
    private byte[] bytes = new byte[64];
    private ByteBuffer view = ByteBuffer.wrap(bytes);

    BinaryInput(InputStream in, String file, ByteOrder order) {
        this.in = in;
        this.file = file;
        this.order = order;
        view.order(order);
    }

    /**
     * Reads the next {@code n} bytes and returns them as a buffer in the file's byte order (valid until the next
     * call).
     *
     * @param what names the data in the truncation message
     */
    ByteBuffer read(int n, String what) throws InvalidInputException {
        if (n > bytes.length) {
            bytes = new byte[Math.max(n, 2 * bytes.length)];
            view = ByteBuffer.wrap(bytes).order(order);
        }
        int done = 0;
        try {
            while (done < n) {
                int r = in.read(bytes, done, n - done);
                if (r < 0) {
                    throw PointFileErrors.of(file, "truncated: the file ends inside " + what);
                }
                done += r;
            }
        } catch (IOException e) {
            throw PointFileErrors.io(file, e);
        }
        return view;
    }

    /** Skips {@code n} bytes. */
    void skip(long n, String what) throws InvalidInputException {
        long left = n;
        while (left > 0) {
            int chunk = (int) Math.min(left, 1 << 16);
            read(chunk, what);
            left -= chunk;
        }
    }
}
