package dev.bindery.tensor.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Index arithmetic for strided tensor views (PyTorch's size/stride/storage_offset, all in elements). */
final class Strided {
    private Strided() {
    }

    /** True when the view is dense row-major; dimensions of size 1 may have any stride. */
    static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }

    /** Number of storage elements from the view's first element to its last, inclusive (0 for an empty view). */
    static long extent(long[] size, long[] stride) {
        long last = 0;
        for (int d = 0; d < size.length; d++) {
            if (size[d] == 0) {
                return 0;
            }
            last += (size[d] - 1) * stride[d];
        }
        return last + 1;
    }

    /**
     * Copies the view into a new dense row-major buffer. {@code src} holds the storage starting at the view's
     * first element (storage offset already applied).
     */
    static ByteBuffer gather(ByteBuffer src, long[] size, long[] stride, int elementSize) {
        long numel = 1;
        for (long s : size) {
            numel *= s;
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(numel * elementSize)).order(ByteOrder.LITTLE_ENDIAN);
        if (numel == 0) {
            return out;
        }
        int rank = size.length;
        long[] index = new long[rank];
        byte[] element = new byte[elementSize];
        long srcElem = 0;
        for (long n = 0; n < numel; n++) {
            src.get(Math.toIntExact(srcElem * elementSize), element);
            out.put(element);
            // advance the multi-index like an odometer, keeping the source position in step
            for (int d = rank - 1; d >= 0; d--) {
                index[d]++;
                srcElem += stride[d];
                if (index[d] < size[d]) {
                    break;
                }
                srcElem -= stride[d] * size[d];
                index[d] = 0;
            }
        }
        return out.flip();
    }
}
