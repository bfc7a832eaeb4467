package dev.bindery.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-built torch.save archives: strided views, wrappers with foreign objects, and broken files. */
class TorchCheckpointTest {
    @TempDir
    Path tmp;

    private static byte[] floats(int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(i * 1.5f - 3f);
        }
        return b.array();
    }

    private static float storageValue(int i) {
        return i * 1.5f - 3f;
    }

    @Test
    void stridedViewsAndOffsetsAreMaterialisedInRowMajorOrder() throws Exception {
        long[][] sizes = {{3, 2}, {2, 2}, {4}, {2, 1, 3}, {0, 5}, {2, 3}};
        long[][] strides = {{1, 3}, {3, 1}, {2}, {1, 7, 2}, {1, 1}, {3, 1}};
        long[] offsets = {0, 4, 1, 2, 0, 5};
        PickleBytes p = new PickleBytes().proto(2).emptyDict().mark();
        for (int t = 0; t < sizes.length; t++) {
            p.str("t" + t).tensor("FloatStorage", "0", 12, offsets[t], sizes[t], strides[t]);
        }
        p.setItems().stop();
        Path f = new TorchZipBytes("views").pickle(p.toByteArray()).storage("0", floats(12)).write(tmp.resolve("v.pth"));
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(f)) {
            assertEquals(List.of("t0", "t1", "t2", "t3", "t4", "t5"), ckpt.names());
            for (int t = 0; t < sizes.length; t++) {
                TensorData d = ckpt.get("t" + t);
                assertArrayEquals(sizes[t], d.shape());
                assertArrayEquals(expectedView(offsets[t], sizes[t], strides[t]), d.toFloatArray(), "t" + t);
            }
            assertTrue(ckpt.get("t5").isDirect(), "a contiguous view with an offset is mapped, not copied");
            assertFalse(ckpt.get("t0").isDirect(), "a transposed view is gathered into a heap copy");
        }
    }

    /** The view's values computed from the storage formula value(offset + sum(i_d * stride_d)). */
    private static float[] expectedView(long offset, long[] size, long[] stride) {
        int n = (int) Arrays.stream(size).reduce(1, (a, b) -> a * b);
        float[] out = new float[n];
        for (int flat = 0; flat < n; flat++) {
            long rest = flat;
            long at = offset;
            for (int d = size.length - 1; d >= 0; d--) {
                at += (rest % size[d]) * stride[d];
                rest /= size[d];
            }
            out[flat] = storageValue((int) at);
        }
        return out;
    }

    @Test
    void wrapperWithNamespaceAndOptimizerStateYieldsOnlyTheModelTensors() throws Exception {
        PickleBytes p = new PickleBytes().proto(2).emptyDict().mark();
        p.str("model").global("collections", "OrderedDict").emptyTuple().reduce().mark()
                .str("w").tensor("HalfStorage", "0", 4, 0, new long[] {2, 2}, new long[] {2, 1})
                .str("ids").tensor("LongStorage", "1", 3, 0, new long[] {3}, new long[] {1})
                .str("step").integer(7)
                .setItems();
        // optimizer state with a storage type this reader does not know: it lies outside the model, so it is skipped
        p.str("optimizer").emptyDict().mark().str("state").emptyDict().integer(0)
                .tensor("ComplexFloatStorage", "2", 1, 0, new long[] {1}, new long[] {1}).setItem()
                .str("lr").floatValue(0.001).setItems();
        p.str("args").global("argparse", "Namespace").emptyTuple().op(0x81).emptyDict().mark()
                .str("epochs").integer(100000).str("name").str("x").str("flag").none().setItems().op('b');
        p.str("epoch").integer(-5).setItems().stop();
        ByteBuffer half = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        float[] hv = {0.5f, -2f, 1024f, 0.099975586f};
        for (float v : hv) {
            half.putShort(dev.bindery.tensor.Float16.fromFloat(v));
        }
        ByteBuffer longs = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putLong(5).putLong(-1).putLong(1L << 40);
        Path f = new TorchZipBytes("wrapped").pickle(p.toByteArray()).storage("0", half.array())
                .storage("1", longs.array()).storage("2", new byte[8]).write(tmp.resolve("w.pth"));
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(f)) {
            assertEquals(List.of("w", "ids"), ckpt.names());
            assertEquals(DType.F16, ckpt.dtype("w"));
            assertArrayEquals(hv, ckpt.get("w").toFloatArray());
            assertArrayEquals(new long[] {5, -1, 1L << 40}, ckpt.get("ids").toLongArray());
            assertThrows(IllegalArgumentException.class, () -> ckpt.get("optimizer"));
        }
    }

    @Test
    void deflatedArchivesAndAnyFolderNameLoad() throws Exception {
        PickleBytes p = new PickleBytes().proto(2).emptyDict().mark()
                .str("a").tensor("FloatStorage", "0", 5, 0, new long[] {5}, new long[] {1}).setItems().stop();
        Path f = new TorchZipBytes("some_other_name").deflated().pickle(p.toByteArray()).storage("0", floats(5))
                .write(tmp.resolve("d.pth"));
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(f)) {
            assertArrayEquals(expectedView(0, new long[] {5}, new long[] {1}), ckpt.get("a").toFloatArray());
        }
    }

    @Test
    void missingStorageEntryNamesTheTensor() throws Exception {
        PickleBytes p = new PickleBytes().proto(2).emptyDict().mark()
                .str("layer.w").tensor("FloatStorage", "9", 4, 0, new long[] {4}, new long[] {1}).setItems().stop();
        Path f = new TorchZipBytes("m").pickle(p.toByteArray()).write(tmp.resolve("missing.pth"));
        FormatException e = assertThrows(FormatException.class, () -> TorchCheckpoint.open(f));
        assertMessage(e, "missing.pth", "layer.w", "missing storage entry m/data/9");
    }

    @Test
    void unknownStorageTypeInTheStateDictIsAnUnknownDtype() throws Exception {
        PickleBytes p = new PickleBytes().proto(2).emptyDict().mark()
                .str("c").tensor("ComplexFloatStorage", "0", 1, 0, new long[] {1}, new long[] {1}).setItems().stop();
        Path f = new TorchZipBytes("u").pickle(p.toByteArray()).storage("0", new byte[8]).write(tmp.resolve("complex.pth"));
        FormatException e = assertThrows(FormatException.class, () -> TorchCheckpoint.open(f));
        assertMessage(e, "complex.pth", "'c'", "unknown dtype");
    }

    @Test
    void storageShorterThanTheViewIsReported() throws Exception {
        PickleBytes p = new PickleBytes().proto(2).emptyDict().mark()
                .str("big").tensor("FloatStorage", "0", 100, 2, new long[] {10, 10}, new long[] {10, 1}).setItems().stop();
        Path f = new TorchZipBytes("s").pickle(p.toByteArray()).storage("0", floats(50)).write(tmp.resolve("short.pth"));
        FormatException e = assertThrows(FormatException.class, () -> TorchCheckpoint.open(f));
        assertMessage(e, "short.pth", "'big'", "truncated or corrupt");
    }

    @Test
    void truncatedRealCheckpointIsRejectedWithTheFileName() throws Exception {
        byte[] full = Files.readAllBytes(Golden.path("imagebind_llm_tiny/adapter.pth"));
        for (int keep : new int[] {full.length / 2, full.length - 30, 10}) {
            Path f = tmp.resolve("cut" + keep + ".pth");
            Files.write(f, Arrays.copyOf(full, keep));
            FormatException e = assertThrows(FormatException.class, () -> TorchCheckpoint.open(f));
            assertMessage(e, f.getFileName().toString(), "", "truncated");
        }
    }

    @Test
    void wrongMagicAndLegacyFormatAreRejected() throws Exception {
        Path text = tmp.resolve("notes.pth");
        Files.writeString(text, "this is not a checkpoint at all, just some text that is long enough");
        assertMessage(assertThrows(FormatException.class, () -> TorchCheckpoint.open(text)), "notes.pth", "", "not a zip archive");
        Path legacy = tmp.resolve("legacy.pth");
        Files.write(legacy, new PickleBytes().proto(2).integer(1950).stop().toByteArray());
        assertMessage(assertThrows(FormatException.class, () -> TorchCheckpoint.open(legacy)), "legacy.pth", "", "legacy");
        Path zipOnly = new TorchZipBytes("x").storage("0", new byte[4]).write(tmp.resolve("plainzip.pth"));
        assertMessage(assertThrows(FormatException.class, () -> TorchCheckpoint.open(zipOnly)), "plainzip.pth", "", "data.pkl");
    }

    @Test
    void corruptPickleIsRejected() throws Exception {
        byte[] unknownOp = new PickleBytes().proto(2).emptyDict().op(0xff).stop().toByteArray();
        Path f = new TorchZipBytes("p").pickle(unknownOp).write(tmp.resolve("op.pth"));
        assertMessage(assertThrows(FormatException.class, () -> TorchCheckpoint.open(f)), "op.pth", "", "unsupported pickle opcode 0xff");
        byte[] cut = new PickleBytes().proto(2).emptyDict().mark().str("abcdef").toByteArray();
        Path g = new TorchZipBytes("p").pickle(Arrays.copyOf(cut, cut.length - 3)).write(tmp.resolve("cut.pth"));
        assertMessage(assertThrows(FormatException.class, () -> TorchCheckpoint.open(g)), "cut.pth", "", "truncated pickle");
        byte[] noState = new PickleBytes().proto(2).emptyDict().mark().str("k").integer(1).setItems().stop().toByteArray();
        Path h = new TorchZipBytes("p").pickle(noState).write(tmp.resolve("nostate.pth"));
        assertMessage(assertThrows(FormatException.class, () -> TorchCheckpoint.open(h)), "nostate.pth", "", "no state dict");
    }

    private static void assertMessage(FormatException e, String file, String tensor, String problem) {
        String m = e.getMessage();
        assertTrue(m.contains(file) && m.contains(tensor) && m.contains(problem), m);
        assertFalse(m.isBlank());
    }
}
