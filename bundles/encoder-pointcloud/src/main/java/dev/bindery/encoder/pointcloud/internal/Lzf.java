package dev.bindery.encoder.pointcloud.internal;

/**
 * Decompression of LZF (liblzf's format), the codec of PCD {@code binary_compressed} data. A control byte below 32
 * starts a run of {@code ctrl + 1} literal bytes; otherwise its top three bits give a copy length (7 means an extra
 * length byte follows), and the low five bits with the next byte give the distance back into the output.
 */
final class Lzf {
    /**
     * The most output bytes per input byte: a back reference of three bytes copies at most 264 bytes (a literal run
     * is never shorter than its input, a two-byte reference copies at most 8), so no valid input of {@code n} bytes
     * decompresses to more than {@code 88 n}.
     */
    static final int MAX_EXPANSION = 88;

    private Lzf() {
    }

    /**
     * Decompresses {@code in[0 .. inLength)} into {@code out}, which must be exactly the expected size.
     *
     * @return null on success, else a description of the corruption
     */
    static String decompress(byte[] in, int inLength, byte[] out) {
        int ip = 0;
        int op = 0;
        while (ip < inLength) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < 32) {
                int run = ctrl + 1;
                if (ip + run > inLength) {
                    return "literal run past the end of the compressed data";
                }
                if (op + run > out.length) {
                    return "data decompresses to more than the " + out.length + " bytes stated";
                }
                System.arraycopy(in, ip, out, op, run);
                ip += run;
                op += run;
            } else {
                int length = ctrl >>> 5;
                if (length == 7) {
                    if (ip >= inLength) {
                        return "copy length past the end of the compressed data";
                    }
                    length += in[ip++] & 0xff;
                }
                if (ip >= inLength) {
                    return "copy distance past the end of the compressed data";
                }
                int ref = op - ((ctrl & 0x1f) << 8) - (in[ip++] & 0xff) - 1;
                length += 2;
                if (ref < 0) {
                    return "back reference before the start of the data";
                }
                if (op + length > out.length) {
                    return "data decompresses to more than the " + out.length + " bytes stated";
                }
                // Byte by byte: source and destination may overlap (a run that repeats itself).
                for (int k = 0; k < length; k++) {
                    out[op++] = out[ref++];
                }
            }
        }
        if (op != out.length) {
            return "data decompresses to " + op + " bytes, not the " + out.length + " stated";
        }
        return null;
    }
}
