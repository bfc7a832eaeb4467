package dev.bindery.encoder.pointcloud.internal;

import java.io.ByteArrayOutputStream;

/** A small greedy LZF compressor for tests (literal runs and back references), the inverse of {@link Lzf}. */
final class TestLzf {
    private TestLzf() {
    }

    static byte[] compress(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream literals = new ByteArrayOutputStream();
        int i = 0;
        while (i < in.length) {
            int bestLength = 0;
            int bestDistance = 0;
            for (int ref = Math.max(0, i - 8192); ref < i; ref++) {
                int length = 0;
                while (i + length < in.length && length < 264 && in[ref + length] == in[i + length]) {
                    length++;
                }
                if (length > bestLength) {
                    bestLength = length;
                    bestDistance = i - ref;
                }
            }
            if (bestLength >= 3) {
                flush(literals, out);
                int len = bestLength - 2;
                int off = bestDistance - 1;
                if (len < 7) {
                    out.write((len << 5) | (off >> 8));
                } else {
                    out.write((7 << 5) | (off >> 8));
                    out.write(len - 7);
                }
                out.write(off & 0xff);
                i += bestLength;
            } else {
                literals.write(in[i++]);
                if (literals.size() == 32) {
                    flush(literals, out);
                }
            }
        }
        flush(literals, out);
        return out.toByteArray();
    }

    private static void flush(ByteArrayOutputStream literals, ByteArrayOutputStream out) {
        if (literals.size() > 0) {
            out.write(literals.size() - 1);
            out.writeBytes(literals.toByteArray());
            literals.reset();
        }
    }
}
