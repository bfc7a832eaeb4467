package dev.bindery.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.quant.Quantizer;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tensors that know their file region copy from the file. The "mapping" in these tests is a heap buffer of other
 * bytes, so a copy that reads the buffer instead of the file shows.
 */
class FileRegionTest {
    @TempDir
    Path dir;

    /** A file of {@code header} junk bytes followed by {@code payload}. */
    private Path file(int header, byte[] payload) throws Exception {
        Path f = dir.resolve("t.bin");
        byte[] all = new byte[header + payload.length];
        System.arraycopy(payload, 0, all, header, payload.length);
        Files.write(f, all);
        return f;
    }

    private static byte[] randomFloats(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat((float) r.nextGaussian());
        }
        return b.array();
    }

    @Test
    void copiesComeFromTheFileAcrossChunks() throws Exception {
        int n = FileRegion.CHUNK / 4 * 2 + 77; // two full chunks and a bit
        byte[] payload = randomFloats(n, 1);
        Path f = file(40, payload);
        try (FileChannel ch = FileRegion.openChannel(f)) {
            FileRegion region = FileRegion.of(ch, f.toString(), 40, payload.length);
            TensorData t = TensorData.of("w", DType.F32, new long[] {n}, ByteBuffer.allocate(payload.length), region);
            byte[] copy = new byte[payload.length];
            t.copyBytes(0, copy, 0, copy.length);
            assertArrayEquals(payload, copy);
            byte[] part = new byte[10];
            t.copyBytes(FileRegion.CHUNK - 3, part, 0, 10);
            assertArrayEquals(java.util.Arrays.copyOfRange(payload, FileRegion.CHUNK - 3, FileRegion.CHUNK + 7), part);
            float[] expected = new float[n];
            ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(expected);
            assertArrayEquals(expected, t.toFloatArray());
            assertArrayEquals(expected, t.reshape(1, n).toFloatArray(), "a reshaped tensor keeps its region");
        }
    }

    @Test
    void blockFormatsConvertChunkByChunk() throws Exception {
        int rows = 700;
        int cols = 1024; // 700 rows of 32 Q8_0 blocks: 761,600 bytes, below one chunk; Q4_0 x 2 rows crosses
        float[] values = new float[rows * cols * 2];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) r.nextGaussian();
        }
        for (DType type : new DType[] {DType.Q8_0, DType.Q4_0}) {
            TensorData heap = Quantizer.quantize("q", new long[] {2 * rows, cols}, values, type);
            byte[] payload = new byte[(int) heap.byteSize()];
            heap.bytes().get(payload);
            Path f = file(64, payload);
            try (FileChannel ch = FileRegion.openChannel(f)) {
                TensorData t = TensorData.of("q", type, heap.shape(), ByteBuffer.allocate(payload.length),
                        FileRegion.of(ch, f.toString(), 64, payload.length));
                assertArrayEquals(heap.toFloatArray(), t.toFloatArray(), type.toString());
            }
        }
    }

    @Test
    void aClosedChannelFallsBackToTheMapping() throws Exception {
        byte[] payload = randomFloats(16, 3);
        Path f = file(0, payload);
        FileChannel ch = FileRegion.openChannel(f);
        ch.close();
        ByteBuffer mapped = ByteBuffer.wrap(randomFloats(16, 4));
        TensorData t = TensorData.of("w", DType.F32, new long[] {16}, mapped,
                FileRegion.of(ch, f.toString(), 0, payload.length));
        byte[] copy = new byte[payload.length];
        t.copyBytes(0, copy, 0, copy.length);
        assertArrayEquals(mapped.array(), copy);
    }

    @Test
    void aFileThatShrankIsNamed() throws Exception {
        byte[] payload = randomFloats(64, 5);
        Path f = file(0, payload);
        try (FileChannel ch = FileRegion.openChannel(f)) {
            TensorData t = TensorData.of("w", DType.F32, new long[] {64}, ByteBuffer.allocate(payload.length),
                    FileRegion.of(ch, f.toString(), 0, payload.length));
            try (FileChannel w = FileChannel.open(f, StandardOpenOption.WRITE)) {
                w.truncate(100);
            }
            UncheckedIOException e = assertThrows(UncheckedIOException.class, t::toFloatArray);
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
    }

    @Test
    void regionAndTensorSizesMustAgree() throws Exception {
        Path f = file(0, new byte[16]);
        try (FileChannel ch = FileRegion.openChannel(f)) {
            assertThrows(IllegalArgumentException.class, () -> TensorData.of("w", DType.F32, new long[] {4},
                    ByteBuffer.allocate(16), FileRegion.of(ch, f.toString(), 0, 12)));
            assertThrows(IllegalArgumentException.class, () -> FileRegion.of(ch, f.toString(), -1, 4));
        }
    }
}
