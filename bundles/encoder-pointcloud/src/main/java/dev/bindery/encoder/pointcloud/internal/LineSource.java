package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads text lines from a byte stream, one byte per character (the numbers and keywords of point files are ASCII),
 * so that a binary body can follow a text header in the same stream. A line longer than the limit is an error, not
 * an unbounded buffer. Line ends are LF, CRLF or a lone CR.
 */
final class LineSource {
    private final InputStream in;
    private final String file;
    private final int maxLineBytes;
    private byte[] buffer = new byte[256];
    private int lineNumber;
    private int pushedBack = -1;
    private long consumed;

    LineSource(InputStream in, String file, int maxLineBytes) {
        this.in = in;
        this.file = file;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its terminator, or null at the end of the stream. */
    String next() throws InvalidInputException {
        int length = 0;
        boolean any = false;
        try {
            while (true) {
                int b = pushedBack >= 0 ? pushedBack : read();
                pushedBack = -1;
                if (b < 0) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
                any = true;
                if (b == '\n') {
                    break;
                }
                if (b == '\r') {
                    int after = read();
                    if (after != '\n' && after >= 0) {
                        pushedBack = after;
                    }
                    break;
                }
                if (length == maxLineBytes) {
                    throw PointFileErrors.at(file, lineNumber + 1, "line longer than " + maxLineBytes + " bytes");
                }
                if (length == buffer.length) {
                    byte[] bigger = new byte[Math.min(maxLineBytes, 2 * buffer.length)];
                    System.arraycopy(buffer, 0, bigger, 0, length);
                    buffer = bigger;
                }
                buffer[length++] = (byte) b;
            }
        } catch (IOException e) {
            throw PointFileErrors.io(file, e);
        }
        lineNumber++;
        return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
    }

    private int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            consumed++;
        }
        return b;
    }

    /** The bytes of the stream taken by the lines returned so far (with their line ends). */
    long consumed() {
        return pushedBack >= 0 ? consumed - 1 : consumed;
    }

    /** The number of the line {@link #next()} returned last (1-based). */
    int lineNumber() {
        return lineNumber;
    }

    /**
     * The stream positioned right after the last line read, for a binary body. Only valid when the last line ended
     * with LF (the binary header formats require it); a pushed-back byte would be lost.
     */
    InputStream remaining() throws InvalidInputException {
        if (pushedBack >= 0) {
            throw PointFileErrors.at(file, lineNumber, "header line ends with a lone CR before binary data");
        }
        return in;
    }
}
