package dev.bindery.onnx.imagebind;

import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The imagebind_tiny manifest's {@code items}: which saved input feeds which embedding row. */
final class GoldenItems {
    private static final Pattern ROW_REF = Pattern.compile("(.+\\.npy)\\[(\\d+)]");

    /** One item: its row in the embedding files and the input reference ("file.npy" or "file.npy[row]"). */
    record Item(int row, String input) {
        /** The item's input values: the whole file, or one row of it. */
        float[] floats() {
            return slice().floats;
        }

        long[] longs() {
            return slice().longs;
        }

        /** The item's input shape (without the row dimension for a row reference). */
        long[] shape() {
            return slice().shape;
        }

        private Slice slice() {
            Matcher m = ROW_REF.matcher(input);
            String file = m.matches() ? m.group(1) : input;
            TensorData t = Golden.npy(file);
            long[] shape = t.shape();
            if (!m.matches()) {
                return new Slice(t, shape, 0, t.numel());
            }
            int row = Integer.parseInt(m.group(2));
            long per = t.numel() / shape[0];
            return new Slice(t, Arrays.copyOfRange(shape, 1, shape.length), row * per, per);
        }
    }

    private static final class Slice {
        final long[] shape;
        final float[] floats;
        final long[] longs;

        Slice(TensorData t, long[] shape, long from, long count) {
            this.shape = shape;
            boolean integer = t.dtype().isInteger();
            this.floats = integer ? null : Arrays.copyOfRange(t.toFloatArray(), (int) from, (int) (from + count));
            this.longs = integer ? Arrays.copyOfRange(t.toLongArray(), (int) from, (int) (from + count)) : null;
        }
    }

    private GoldenItems() {
    }

    /** The item groups of the manifest (vision, audio, text, text_head_ids, depth, ...), in manifest order. */
    @SuppressWarnings("unchecked")
    static List<String> groups(Manifest manifest) {
        return new ArrayList<>(((Map<String, Object>) manifest.root().get("items")).keySet());
    }

    @SuppressWarnings("unchecked")
    static List<Item> items(Manifest manifest, String group) {
        List<Item> out = new ArrayList<>();
        for (Object o : (List<Object>) ((Map<String, Object>) manifest.root().get("items")).get(group)) {
            Map<String, Object> e = (Map<String, Object>) o;
            out.add(new Item(((Number) e.get("row")).intValue(), (String) e.get("input")));
        }
        return out;
    }
}
