package dev.bindery.tensor.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Test helper: writes pickle opcodes by hand, the way {@code torch.save} (protocol 2) lays out a state dict. */
final class PickleBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleBytes proto(int v) {
        return op(0x80).raw(v);
    }

    PickleBytes op(int code) {
        out.write(code);
        return this;
    }

    PickleBytes raw(int b) {
        out.write(b);
        return this;
    }

    PickleBytes mark() {
        return op('(');
    }

    PickleBytes emptyDict() {
        return op('}');
    }

    PickleBytes emptyTuple() {
        return op(')');
    }

    PickleBytes tuple() {
        return op('t');
    }

    PickleBytes setItems() {
        return op('u');
    }

    PickleBytes setItem() {
        return op('s');
    }

    PickleBytes reduce() {
        return op('R');
    }

    PickleBytes stop() {
        return op('.');
    }

    PickleBytes global(String module, String name) {
        op('c');
        byte[] b = (module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
        return this;
    }

    PickleBytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X').int32(b.length);
        out.write(b, 0, b.length);
        return this;
    }

    PickleBytes integer(long v) {
        if (v >= 0 && v < 256) {
            return op('K').raw((int) v);
        }
        if (v >= 0 && v < 65536) {
            return op('M').raw((int) v & 0xff).raw((int) (v >>> 8));
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return op('J').int32((int) v);
        }
        op(0x8a).raw(8);
        for (int i = 0; i < 8; i++) {
            raw((int) (v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    PickleBytes floatValue(double d) {
        op('G');
        byte[] b = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(d).array();
        out.write(b, 0, 8);
        return this;
    }

    PickleBytes bool(boolean b) {
        return op(b ? 0x88 : 0x89);
    }

    PickleBytes none() {
        return op('N');
    }

    PickleBytes int32(int v) {
        for (int i = 0; i < 4; i++) {
            raw((v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    PickleBytes ints(long... values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        return tuple();
    }

    /** {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}. */
    PickleBytes tensor(String storageType, String key, long storageNumel, long offset, long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark().str("storage").global("torch", storageType).str(key).str("cpu").integer(storageNumel).tuple();
        op('Q');
        integer(offset).ints(size).ints(stride).bool(false);
        global("collections", "OrderedDict").emptyTuple().reduce();
        tuple();
        return reduce();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
