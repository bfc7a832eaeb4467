package dev.bindery.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class TensorDataTest {

    @Test
    void floatTensorKeepsShapeAndValues() {
        float[] v = {1.5f, -2f, 3.25f, 0f, 1e-8f, -7f};
        TensorData t = TensorData.ofFloats("w", new long[] {2, 3}, v);
        assertEquals(6, t.numel());
        assertEquals(24, t.byteSize());
        assertEquals(3, t.dim(-1));
        assertArrayEquals(v, t.toFloatArray());
        assertArrayEquals(new long[] {3, 2}, t.reshape(3, 2).shape());
    }

    @Test
    void halfAndBfloatUpcastExactly() {
        float[] v = {1f, -0.333251953125f, 65504f, 0x1p-24f, -0f};
        TensorData h = TensorData.ofFloatsAsF16("h", new long[] {5}, v);
        assertArrayEquals(v, h.toFloatArray());
        // bfloat16 values are floats whose low 16 bits are zero
        float[] b = {1f, Float.intBitsToFloat(0xbeaa0000), Float.intBitsToFloat(0x7f7f0000), 0x1p-126f};
        assertArrayEquals(b, TensorData.ofFloatsAsBf16("b", new long[] {4}, b).toFloatArray());
    }

    @Test
    void integerTypesConvert() {
        long[] v = {Long.MAX_VALUE, -1, 0, 42};
        TensorData t = TensorData.ofLongs("ids", new long[] {4}, v);
        assertArrayEquals(v, t.toLongArray());
        ByteBuffer u8 = ByteBuffer.wrap(new byte[] {(byte) 255, 0, 7});
        assertArrayEquals(new long[] {255, 0, 7}, TensorData.of("u", DType.U8, new long[] {3}, u8).toLongArray());
        assertArrayEquals(new float[] {255, 0, 7}, TensorData.of("u", DType.U8, new long[] {3}, u8).toFloatArray());
        assertThrows(IllegalStateException.class, () -> TensorData.ofFloats("f", new long[] {1}, new float[1]).toLongArray());
    }

    @Test
    void wrongByteCountNamesTheTensor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorData.of("layer.w", DType.F32, new long[] {2, 2}, ByteBuffer.allocate(12)));
        assertTrue(e.getMessage().contains("layer.w"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TensorData.of("q", DType.Q8_0, new long[] {2, 16}, ByteBuffer.allocate(34)));
    }

    @Test
    void wrapsWithoutCopying() {
        ByteBuffer b = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN);
        TensorData t = TensorData.of("d", DType.F32, new long[] {2}, b);
        b.putFloat(4, 9f);
        assertEquals(9f, t.toFloatArray()[1]);
        assertTrue(t.isDirect());
        assertTrue(t.bytes().isReadOnly());
    }
}
