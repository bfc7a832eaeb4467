package dev.bindery.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.Float16;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.quant.Quantizer;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MatricesTest {

    @Test
    void eachStorageFormatGetsItsOwnMatrixWithIdenticalValues() {
        Random rnd = new Random(101);
        float[] x = Ref.randomFloats(rnd, 6 * 64, 1f);
        long[] shape = {6, 64};
        TensorData[] tensors = {
            TensorData.ofFloats("f32", shape, x),
            TensorData.ofFloatsAsF16("f16", shape, x),
            TensorData.ofFloatsAsBf16("bf16", shape, x),
            Quantizer.quantize("q8", shape, x, DType.Q8_0),
            Quantizer.quantize("q4", shape, x, DType.Q4_0),
        };
        Class<?>[] kinds = {F32Matrix.class, F16Matrix.class, BF16Matrix.class, Q8_0Matrix.class, Q4_0Matrix.class};
        for (int i = 0; i < tensors.length; i++) {
            Matrix m = Matrices.of(tensors[i]);
            assertInstanceOf(kinds[i], m);
            assertEquals(tensors[i].dtype(), m.dtype());
            assertEquals(6, m.rows());
            assertEquals(64, m.cols());
            assertEquals(tensors[i].byteSize(), m.byteSize());
            assertArrayEquals(tensors[i].toFloatArray(), m.toFloatArray(), 0f, tensors[i].name());
        }
    }

    @Test
    void float64IsRoundedAndConvolutionWeightsAreFlattened() {
        double[] v = new double[4 * 3 * 2 * 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.PI * i;
        }
        Matrix m = Matrices.of(TensorData.ofDoubles("conv.weight", new long[] {4, 3, 2, 2}, v));
        assertInstanceOf(F32Matrix.class, m);
        assertEquals(4, m.rows());
        assertEquals(12, m.cols());
        assertEquals((float) v[13], m.toFloatArray()[13], 0f);
    }

    @Test
    void directBuffersAreCopiedOnceIntoTheSameLayout() {
        float[] x = Ref.randomFloats(new Random(102), 2 * 32, 1f);
        TensorData heap = Quantizer.quantize("q", new long[] {2, 32}, x, DType.Q8_0);
        ByteBuffer direct = ByteBuffer.allocateDirect((int) heap.byteSize());
        direct.put(heap.bytes()).flip();
        TensorData mapped = TensorData.of("q", DType.Q8_0, new long[] {2, 32}, direct);
        assertTrue(mapped.isDirect());
        assertArrayEquals(heap.toFloatArray(), Matrices.of(mapped).toFloatArray(), 0f);
    }

    @Test
    void kQuantsAreRequantisedToQ8_0WithinItsStep() {
        Random rnd = new Random(103);
        for (DType k : new DType[] {DType.Q4_K, DType.Q6_K}) {
            int rows = 3;
            int cols = 512;
            byte[] data = new byte[(int) k.byteSize((long) rows * cols)];
            rnd.nextBytes(data);
            for (int at = 0; at < data.length; at += k.bytesPerBlock()) {
                int dAt = k == DType.Q4_K ? at : at + 208;
                put16(data, dAt, Float16.fromFloat(0.01f + 0.01f * rnd.nextFloat()));
                if (k == DType.Q4_K) {
                    put16(data, at + 2, Float16.fromFloat(0.005f * rnd.nextFloat()));
                }
            }
            TensorData t = TensorData.of("blk." + k, k, new long[] {rows, cols}, ByteBuffer.wrap(data));
            Matrix m = Matrices.of(t);
            assertInstanceOf(Q8_0Matrix.class, m);
            float[] exact = t.toFloatArray();
            float[] approx = m.toFloatArray();
            for (int b = 0; b < exact.length / 32; b++) {
                double amax = 0;
                for (int j = 0; j < 32; j++) {
                    amax = Math.max(amax, Math.abs(exact[b * 32 + j]));
                }
                for (int j = 0; j < 32; j++) {
                    int i = b * 32 + j;
                    assertEquals(exact[i], approx[i], amax / 127 * (0.5 + 127 * 0x1p-11) + 1e-30, k + " value " + i);
                }
            }
        }
    }

    @Test
    void nonMatricesAndNonWeightTypesAreRejectedByName() {
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> Matrices.of(TensorData.ofFloats("norm.weight", new long[] {8}, new float[8])));
        assertTrue(rank.getMessage().contains("norm.weight"), rank.getMessage());
        IllegalArgumentException ints = assertThrows(IllegalArgumentException.class,
                () -> Matrices.of(TensorData.ofLongs("ids", new long[] {2, 2}, new long[4])));
        assertTrue(ints.getMessage().contains("ids") && ints.getMessage().contains("I64"), ints.getMessage());
    }

    private static void put16(byte[] d, int at, short v) {
        d[at] = (byte) v;
        d[at + 1] = (byte) (v >>> 8);
    }
}
