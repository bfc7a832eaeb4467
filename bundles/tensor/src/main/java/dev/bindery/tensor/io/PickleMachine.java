package dev.bindery.tensor.io;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A data-only interpreter for Python pickles (protocols 0-5, the opcodes {@code torch.save} and ordinary
 * containers use). It never runs code: GLOBAL yields a {@link PickleGlobal}, and REDUCE/NEWOBJ ask
 * {@link Hooks#reduce} what the call means, so unknown classes become inert {@link PickleObject}s.
 *
 * <p>Values: dict to {@code LinkedHashMap}, list to {@code ArrayList}, tuple to an unmodifiable {@code List},
 * str to {@code String}, int to {@code Long} (or {@code BigInteger}), float to {@code Double}, bytes to
 * {@code byte[]}, None to {@code null}.
 */
final class PickleMachine {

    /** What the caller decides for persistent ids and calls. */
    interface Hooks {
        /** The object for a BINPERSID/PERSID id. */
        Object persistentLoad(Object pid) throws FormatException;

        /** The result of calling {@code callable(*args)}; return a {@link PickleObject} when unknown. */
        Object reduce(PickleGlobal callable, List<Object> args) throws FormatException;
    }

    private static final Object MARK = new Object() {
        @Override
        public String toString() {
            return "<mark>";
        }
    };

    private final ByteBuffer in;
    private final String source;
    private final Hooks hooks;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private int opPos;

    private PickleMachine(ByteBuffer in, String source, Hooks hooks) {
        this.in = in.slice().order(ByteOrder.LITTLE_ENDIAN);
        this.source = source;
        this.hooks = hooks;
    }

    /** Runs the pickle in {@code data} (position to limit) up to STOP and returns the result. */
    static Object load(ByteBuffer data, String source, Hooks hooks) throws FormatException {
        return new PickleMachine(data, source, hooks).run();
    }

    private Object run() throws FormatException {
        try {
            while (true) {
                opPos = in.position();
                int op = in.get() & 0xff;
                if (op == '.') {
                    if (stack.size() != 1) {
                        throw corrupt("STOP with " + stack.size() + " values on the stack");
                    }
                    return stack.get(0);
                }
                step(op);
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new FormatException(source, null, "truncated pickle: data ends inside the opcode at offset " + opPos);
        }
    }

    @SuppressWarnings("unchecked")
    private void step(int op) throws FormatException {
        switch (op) {
            case 0x80 -> in.get(); // PROTO: the version needs no action
            case 0x95 -> in.getLong(); // FRAME: framing is only a read-ahead hint
            case '(' -> {
                marks.add(stack.size());
                stack.add(MARK);
            }
            case '0' -> pop();
            case '1' -> popMark();
            case '2' -> push(peek());
            case 'N' -> push(null);
            case 0x88 -> push(Boolean.TRUE);
            case 0x89 -> push(Boolean.FALSE);
            case 'J' -> push((long) in.getInt());
            case 'K' -> push((long) (in.get() & 0xff));
            case 'M' -> push((long) (in.getShort() & 0xffff));
            case 0x8a -> push(longBytes(in.get() & 0xff));
            case 0x8b -> push(longBytes(checkedLength(in.getInt() & 0xffffffffL)));
            case 'I' -> push(textInt(line()));
            case 'L' -> {
                String s = line();
                push(toLong(new BigInteger(s.endsWith("L") ? s.substring(0, s.length() - 1) : s)));
            }
            case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // BINFLOAT is big-endian
            case 'F' -> push(Double.parseDouble(line()));
            case 'X' -> push(utf8(checkedLength(in.getInt() & 0xffffffffL)));
            case 0x8c -> push(utf8(in.get() & 0xff));
            case 0x8d -> push(utf8(checkedLength(in.getLong())));
            case 'V' -> push(line()); // raw-unicode-escape: ASCII keys are all torch writes
            case 'T' -> push(latin1(checkedLength(in.getInt() & 0xffffffffL)));
            case 'U' -> push(latin1(in.get() & 0xff));
            case 'S' -> push(unquote(line()));
            case 'B' -> push(bytes(checkedLength(in.getInt() & 0xffffffffL)));
            case 'C' -> push(bytes(in.get() & 0xff));
            case 0x8e -> push(bytes(checkedLength(in.getLong())));
            case ')' -> push(Collections.emptyList());
            case 't' -> push(tuple(popMark()));
            case 0x85 -> push(tuple(pop(1)));
            case 0x86 -> push(tuple(pop(2)));
            case 0x87 -> push(tuple(pop(3)));
            case ']' -> push(new ArrayList<>());
            case 'l' -> push(new ArrayList<>(popMark()));
            case 'a' -> {
                Object v = pop();
                list(peek()).add(v);
            }
            case 'e' -> {
                List<Object> items = popMark();
                list(peek()).addAll(items);
            }
            case '}' -> push(new LinkedHashMap<>());
            case 'd' -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                putPairs(m, popMark());
                push(m);
            }
            case 's' -> {
                Object v = pop();
                Object k = pop();
                dict(peek()).put(k, v);
            }
            case 'u' -> {
                List<Object> items = popMark();
                putPairs(dict(peek()), items);
            }
            case 0x8f -> push(new LinkedHashSet<>());
            case 0x90 -> {
                List<Object> items = popMark();
                Object s = peek();
                if (!(s instanceof Set)) {
                    throw corrupt("ADDITEMS on a " + typeName(s));
                }
                ((Set<Object>) s).addAll(items);
            }
            case 0x91 -> push(Collections.unmodifiableSet(new LinkedHashSet<>(popMark())));
            case 'c' -> {
                String module = line();
                push(new PickleGlobal(module, line()));
            }
            case 0x93 -> {
                Object name = pop();
                Object module = pop();
                if (!(module instanceof String) || !(name instanceof String)) {
                    throw corrupt("STACK_GLOBAL needs two strings");
                }
                push(new PickleGlobal((String) module, (String) name));
            }
            case 'R' -> {
                Object args = pop();
                push(call(pop(), args));
            }
            case 0x81 -> {
                Object args = pop();
                push(call(pop(), args));
            }
            case 0x92 -> {
                pop(); // keyword arguments: only inert objects are built this way
                Object args = pop();
                push(call(pop(), args));
            }
            case 'b' -> build(pop(), peek());
            case 'p' -> memo.put(Long.parseLong(line()), peek());
            case 'q' -> memo.put((long) (in.get() & 0xff), peek());
            case 'r' -> memo.put(in.getInt() & 0xffffffffL, peek());
            case 0x94 -> memo.put((long) memo.size(), peek());
            case 'g' -> push(memoGet(Long.parseLong(line())));
            case 'h' -> push(memoGet(in.get() & 0xff));
            case 'j' -> push(memoGet(in.getInt() & 0xffffffffL));
            case 'Q' -> push(hooks.persistentLoad(pop()));
            case 'P' -> push(hooks.persistentLoad(line()));
            default -> throw new FormatException(source, null,
                    "unsupported pickle opcode 0x" + Integer.toHexString(op) + " at offset " + opPos);
        }
    }

    private Object call(Object callable, Object args) throws FormatException {
        if (!(callable instanceof PickleGlobal)) {
            throw corrupt("call of a " + typeName(callable) + ", not a global");
        }
        if (!(args instanceof List)) {
            throw corrupt("call of " + callable + " with " + typeName(args) + " arguments");
        }
        @SuppressWarnings("unchecked")
        List<Object> a = (List<Object>) args;
        return hooks.reduce((PickleGlobal) callable, a);
    }

    private static void build(Object state, Object target) {
        if (target instanceof PickleObject o) {
            o.state = state;
        }
        // BUILD on a dict sets attributes (e.g. a state dict's _metadata), not items; on tensors it restores
        // autograd flags. Neither affects the data we read.
    }

    private void putPairs(Map<Object, Object> m, List<Object> items) throws FormatException {
        if (items.size() % 2 != 0) {
            throw corrupt("odd number of items for a dict");
        }
        for (int i = 0; i < items.size(); i += 2) {
            m.put(items.get(i), items.get(i + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) throws FormatException {
        if (!(o instanceof ArrayList)) {
            throw corrupt("append to a " + typeName(o));
        }
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) throws FormatException {
        if (!(o instanceof Map)) {
            throw corrupt("set item on a " + typeName(o));
        }
        return (Map<Object, Object>) o;
    }

    private static List<Object> tuple(List<Object> items) {
        return Collections.unmodifiableList(new ArrayList<>(items));
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object peek() throws FormatException {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw corrupt("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private Object pop() throws FormatException {
        Object o = peek();
        stack.remove(stack.size() - 1);
        return o;
    }

    private List<Object> pop(int n) throws FormatException {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop();
        }
        return Arrays.asList(items);
    }

    private List<Object> popMark() throws FormatException {
        if (marks.isEmpty()) {
            throw corrupt("no MARK on the stack");
        }
        int at = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(at + 1, stack.size()));
        stack.subList(at, stack.size()).clear();
        return items;
    }

    private Object memoGet(long key) throws FormatException {
        if (!memo.containsKey(key)) {
            throw corrupt("memo key " + key + " was never stored");
        }
        return memo.get(key);
    }

    private int checkedLength(long n) throws FormatException {
        if (n < 0 || n > in.remaining()) {
            throw new FormatException(source, null, "truncated pickle: a value of " + n + " bytes at offset " + opPos
                    + " runs past the end");
        }
        return (int) n;
    }

    private byte[] bytes(int n) throws FormatException {
        byte[] b = new byte[checkedLength(n)];
        in.get(b);
        return b;
    }

    private String utf8(int n) throws FormatException {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    private String latin1(int n) throws FormatException {
        return new String(bytes(n), StandardCharsets.ISO_8859_1);
    }

    private Object longBytes(int n) throws FormatException {
        byte[] le = bytes(n);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        return toLong(new BigInteger(be));
    }

    private static Object toLong(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static Object textInt(String s) {
        // Protocol 0 spells booleans as INT 01 / 00.
        if (s.equals("01")) {
            return Boolean.TRUE;
        }
        if (s.equals("00")) {
            return Boolean.FALSE;
        }
        return toLong(new BigInteger(s));
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private String line() throws FormatException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (!in.hasRemaining()) {
                throw new FormatException(source, null, "truncated pickle: unterminated text argument at offset " + opPos);
            }
            byte b = in.get();
            if (b == '\n') {
                return sb.toString();
            }
            sb.append((char) (b & 0xff));
        }
    }

    private static String typeName(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    private FormatException corrupt(String problem) {
        return new FormatException(source, null, "corrupt pickle: " + problem + " at offset " + opPos);
    }
}
