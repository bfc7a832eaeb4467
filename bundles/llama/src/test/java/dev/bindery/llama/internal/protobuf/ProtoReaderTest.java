package dev.bindery.llama.internal.protobuf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.llama.testing.ProtoWriter;
import org.junit.jupiter.api.Test;

class ProtoReaderTest {

    @Test
    void readsEveryScalarTypeAndNestedMessages() throws ProtoFormatException {
        byte[] data = new ProtoWriter()
                .varint(1, 300)
                .varint(2, -1) // int32 -1 is a 10-byte varint
                .varint(3, 1)
                .floatField(4, -0.75f)
                .fixed64(5, 0x0102030405060708L)
                .string(6, "\u2581h\u00e9llo \uD83D\uDC36")
                .message(7, new ProtoWriter().varint(1, 42).string(2, "inner"))
                .varint(536870911, 7) // the largest field number
                .toByteArray();
        ProtoReader r = ProtoReader.of(data, "test");
        assertTrue(r.next());
        assertEquals(1, r.fieldNumber());
        assertEquals(WireType.VARINT, r.wireType());
        assertEquals(300, r.readVarint());
        assertTrue(r.next());
        assertEquals(-1, r.readInt32());
        assertTrue(r.next());
        assertTrue(r.readBool());
        assertTrue(r.next());
        assertEquals(-0.75f, r.readFloat());
        assertTrue(r.next());
        assertEquals(0x0102030405060708L, r.readFixed64());
        assertTrue(r.next());
        assertEquals("\u2581h\u00e9llo \uD83D\uDC36", r.readString());
        assertTrue(r.next());
        ProtoReader inner = r.readMessage("inner");
        assertTrue(inner.next());
        assertEquals(42, inner.readInt32());
        assertTrue(inner.next());
        assertEquals("inner", inner.readString());
        assertFalse(inner.next());
        assertEquals("test.inner", inner.context());
        assertTrue(r.next());
        assertEquals(536870911, r.fieldNumber());
        assertEquals(7, r.readVarint());
        assertFalse(r.next());
    }

    @Test
    void skipsFieldsOfEveryWireType() throws ProtoFormatException {
        byte[] data = new ProtoWriter().varint(1, 1L << 40).fixed32(2, 5).fixed64(3, 6).string(4, "skip me")
                .varint(9, 99).toByteArray();
        ProtoReader r = ProtoReader.of(data, "test");
        for (int i = 0; i < 4; i++) {
            assertTrue(r.next());
            r.skip();
        }
        assertTrue(r.next());
        assertEquals(9, r.fieldNumber());
        assertEquals(99, r.readVarint());
        assertFalse(r.next());
    }

    @Test
    void rejectsAWireTypeMismatch() throws ProtoFormatException {
        ProtoReader r = ProtoReader.of(new ProtoWriter().varint(3, 1).toByteArray(), "model.bin");
        assertTrue(r.next());
        ProtoFormatException e = assertThrows(ProtoFormatException.class, r::readString);
        assertMessage(e, "model.bin", "field 3", "VARINT", "LENGTH_DELIMITED");
    }

    @Test
    void rejectsGroupsAndUndefinedWireTypes() {
        for (int wireType : new int[] {3, 4, 6, 7}) {
            ProtoReader r = ProtoReader.of(new ProtoWriter().key(2, wireType).toByteArray(), "model.bin");
            ProtoFormatException e = assertThrows(ProtoFormatException.class, r::next);
            assertMessage(e, "model.bin", "wire type " + wireType);
        }
    }

    @Test
    void rejectsFieldNumberZero() {
        ProtoReader r = ProtoReader.of(new ProtoWriter().key(0, 0).rawVarint(1).toByteArray(), "model.bin");
        assertMessage(assertThrows(ProtoFormatException.class, r::next), "model.bin", "field number 0");
    }

    @Test
    void rejectsTruncatedData() throws ProtoFormatException {
        byte[] full = new ProtoWriter().string(1, "hello world").toByteArray();
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 3);
        ProtoReader r = ProtoReader.of(cut, "cut.model");
        assertTrue(r.next());
        assertMessage(assertThrows(ProtoFormatException.class, r::readBytes), "cut.model", "truncated");

        ProtoReader varint = ProtoReader.of(new byte[] {0x08, (byte) 0x80, (byte) 0x80}, "cut.model");
        assertTrue(varint.next());
        assertMessage(assertThrows(ProtoFormatException.class, varint::readVarint), "cut.model", "truncated");

        ProtoReader fixed = ProtoReader.of(new byte[] {0x0D, 1, 2}, "cut.model");
        assertTrue(fixed.next());
        assertMessage(assertThrows(ProtoFormatException.class, fixed::readFixed32), "cut.model", "truncated");
    }

    @Test
    void rejectsAnOverlongVarint() throws ProtoFormatException {
        byte[] data = new byte[12];
        data[0] = 0x08;
        java.util.Arrays.fill(data, 1, 12, (byte) 0xFF);
        ProtoReader r = ProtoReader.of(data, "bad.model");
        assertTrue(r.next());
        assertMessage(assertThrows(ProtoFormatException.class, r::readVarint), "bad.model", "longer than 10 bytes");
    }

    @Test
    void rejectsInvalidUtf8InAString() throws ProtoFormatException {
        ProtoReader r = ProtoReader.of(new ProtoWriter().bytes(1, new byte[] {'a', (byte) 0xC3}).toByteArray(),
                "bad.model");
        assertTrue(r.next());
        assertMessage(assertThrows(ProtoFormatException.class, r::readString), "bad.model", "invalid UTF-8");
        ProtoReader bytes = ProtoReader.of(new ProtoWriter().bytes(1, new byte[] {'a', (byte) 0xC3}).toByteArray(),
                "bad.model");
        assertTrue(bytes.next());
        assertArrayEquals(new byte[] {'a', (byte) 0xC3}, bytes.readBytes());
    }

    static void assertMessage(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should mention '" + part + "'");
        }
    }
}
