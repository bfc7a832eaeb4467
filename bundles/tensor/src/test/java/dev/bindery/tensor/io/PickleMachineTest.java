package dev.bindery.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Opcodes beyond what the fixture checkpoints use: protocol 4 framing, memo forms, longs, text opcodes. */
class PickleMachineTest {
    private static final PickleMachine.Hooks INERT = new PickleMachine.Hooks() {
        @Override
        public Object persistentLoad(Object pid) {
            return "pid:" + pid;
        }

        @Override
        public Object reduce(PickleGlobal callable, List<Object> args) {
            return new PickleObject(callable, args);
        }
    };

    private static Object load(PickleBytes p) throws FormatException {
        return PickleMachine.load(ByteBuffer.wrap(p.toByteArray()), "test", INERT);
    }

    @Test
    void protocol4FramesShortStringsMemoizeAndStackGlobal() throws Exception {
        PickleBytes p = new PickleBytes().proto(4).op(0x95);
        for (int i = 0; i < 8; i++) {
            p.raw(0); // frame length (ignored)
        }
        byte[] key = "k".getBytes(StandardCharsets.UTF_8);
        p.op('}').op(0x94) // EMPTY_DICT, MEMOIZE -> memo 0
                .op(0x8c).raw(key.length).raw(key[0]).op(0x94) // SHORT_BINUNICODE 'k' -> memo 1
                .op(0x8c).raw(4).raw('m').raw('o').raw('d').raw('a').op(0x8c).raw(1).raw('F').op(0x93) // STACK_GLOBAL moda.F
                .op(')').op('R') // F()
                .op('s') // d['k'] = F()
                .op(0x8c).raw(1).raw('j').op('h').raw(1).op(0x86) // ('k', 'k') via BINGET
                .op('0') // POP it again
                .stop();
        Map<?, ?> d = (Map<?, ?>) load(p);
        PickleObject o = (PickleObject) d.get("k");
        assertEquals("moda.F", o.type.toString());
    }

    @Test
    void integersOfEveryWidthAndFloats() throws Exception {
        PickleBytes p = new PickleBytes().proto(2).mark()
                .integer(200).integer(60000).integer(-7).integer(Long.MIN_VALUE)
                .op(0x8a).raw(9).raw(0).raw(0).raw(0).raw(0).raw(0).raw(0).raw(0).raw(0).raw(1) // 2^64
                .op(0x8a).raw(0) // 0
                .floatValue(-2.5).bool(true).none()
                .op('l').stop();
        List<?> l = (List<?>) load(p);
        assertEquals(List.of(200L, 60000L, -7L, Long.MIN_VALUE, BigInteger.ONE.shiftLeft(64), 0L, -2.5, true), l.subList(0, 8));
        assertEquals(null, l.get(8));
    }

    @Test
    void protocol0TextOpcodes() throws Exception {
        String text = "(dp0\nS'a'\np1\nI01\nsS'b'\ng1\nsVc\nL12345678901234567890L\ns.";
        Map<?, ?> d = (Map<?, ?>) PickleMachine.load(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), "t", INERT);
        assertEquals(Boolean.TRUE, d.get("a"));
        assertEquals("a", d.get("b"));
        assertEquals(new BigInteger("12345678901234567890"), d.get("c"));
    }

    @Test
    void buildStoresStateOnUnknownObjects() throws Exception {
        PickleBytes p = new PickleBytes().proto(2).global("argparse", "Namespace").emptyTuple().op(0x81)
                .emptyDict().str("lr").floatValue(0.5).setItem().op('b').stop();
        PickleObject o = (PickleObject) load(p);
        assertTrue(o.state instanceof Map<?, ?> m && m.get("lr").equals(0.5));
    }
}
