package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.InvalidInputException;

/**
 * Whitespace-separated tokens across lines, for text bodies whose records need not end at line ends (ASCII PLY, as
 * rply reads it word by word).
 */
final class TokenStream {
    private final LineSource lines;
    private final String file;
    private String line;
    private int pos;

    TokenStream(LineSource lines, String file) {
        this.lines = lines;
        this.file = file;
    }

    /**
     * The next token.
     *
     * @param what names the expected value in the message when the file ends
     */
    String next(String what) throws InvalidInputException {
        while (true) {
            if (line != null) {
                int n = line.length();
                while (pos < n && isSpace(line.charAt(pos))) {
                    pos++;
                }
                if (pos < n) {
                    int start = pos;
                    while (pos < n && !isSpace(line.charAt(pos))) {
                        pos++;
                    }
                    return line.substring(start, pos);
                }
            }
            line = lines.next();
            pos = 0;
            if (line == null) {
                throw PointFileErrors.of(file, "truncated: the file ends before " + what);
            }
        }
    }

    /** The line of the token returned last. */
    int lineNumber() {
        return lines.lineNumber();
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == 0x0b;
    }
}
