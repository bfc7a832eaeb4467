package dev.bindery.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds an ONNX graph (opset {@value OnnxModelWriter#OPSET}) node by node. Values are named by strings: each helper
 * returns the name of the value it produces, so graphs read like the math they compute. Every node input must already
 * exist (a graph input, an initializer or an earlier node's output), which keeps the node list topologically sorted
 * and catches wiring mistakes when they are made rather than when ONNX Runtime loads the file.
 *
 * <p>Not thread-safe; build one graph per thread.
 */
public final class GraphBuilder {
    /** A graph input or output: name, element type and dimensions (Long sizes or String symbolic names). */
    record ValueInfo(String name, ElementType type, Object[] dims) {
    }

    /** A constant tensor of the graph. */
    record Initializer(String name, ElementType type, long[] dims, TensorSource data) {
    }

    /** One operator application. */
    record Node(String name, String opType, List<String> inputs, List<String> outputs, List<Attribute> attributes) {
    }

    private final String name;
    private final List<ValueInfo> inputs = new ArrayList<>();
    private final List<ValueInfo> outputs = new ArrayList<>();
    private final List<Initializer> initializers = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Set<String> defined = new HashSet<>();
    private int counter;

    public GraphBuilder(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public String name() {
        return name;
    }

    /**
     * Declares a graph input.
     *
     * @param dims each a {@link Long}/{@link Integer} size or a {@link String} naming a dynamic dimension
     * @return the input's name
     */
    public String input(String valueName, ElementType type, Object... dims) {
        define(valueName);
        inputs.add(new ValueInfo(valueName, type, checkDims(dims)));
        return valueName;
    }

    /** Declares an existing value as a graph output. */
    public void output(String valueName, ElementType type, Object... dims) {
        requireDefined(valueName, "graph output");
        outputs.add(new ValueInfo(valueName, type, checkDims(dims)));
    }

    /** Adds a constant tensor whose bytes come from {@code data} when the model is written. */
    public String initializer(String valueName, ElementType type, long[] dims, TensorSource data) {
        long count = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("initializer '" + valueName + "' has a negative dimension "
                        + Arrays.toString(dims));
            }
            count = Math.multiplyExact(count, d);
        }
        if (data.byteSize() != count * type.bytes()) {
            throw new IllegalArgumentException("initializer '" + valueName + "' " + type + " " + Arrays.toString(dims)
                    + " needs " + count * type.bytes() + " bytes but its source has " + data.byteSize());
        }
        define(valueName);
        initializers.add(new Initializer(valueName, type, dims.clone(), data));
        return valueName;
    }

    /** A float32 constant of the given shape (a scalar when {@code dims} is empty). */
    public String constantFloats(long[] dims, float... values) {
        return initializer(fresh("const"), ElementType.FLOAT, dims, TensorSource.ofFloats(values));
    }

    /** A float32 scalar constant. */
    public String scalar(float value) {
        return constantFloats(new long[0], value);
    }

    /** A 1-D int64 constant (shapes, axes, indices). */
    public String constantLongs(long... values) {
        return initializer(fresh("const"), ElementType.INT64, new long[] {values.length}, TensorSource.ofLongs(values));
    }

    /** An int64 scalar constant. */
    public String scalarLong(long value) {
        return initializer(fresh("const"), ElementType.INT64, new long[0], TensorSource.ofLongs(value));
    }

    /** Adds a node with one output, named after the operator; returns the output's name. */
    public String node(String opType, List<String> nodeInputs, Attribute... attributes) {
        return node(opType, nodeInputs, 1, attributes).get(0);
    }

    /** Adds a node with {@code outputCount} outputs; returns their names. */
    public List<String> node(String opType, List<String> nodeInputs, int outputCount, Attribute... attributes) {
        for (String in : nodeInputs) {
            if (!in.isEmpty()) {
                requireDefined(in, opType + " input");
            }
        }
        String base = fresh(opType);
        List<String> outs = new ArrayList<>(outputCount);
        for (int i = 0; i < outputCount; i++) {
            String out = outputCount == 1 ? base : base + "_" + i;
            define(out);
            outs.add(out);
        }
        nodes.add(new Node(base, opType, List.copyOf(nodeInputs), List.copyOf(outs), List.of(attributes)));
        return outs;
    }

    // ---- element-wise arithmetic (NumPy broadcasting) ----

    public String add(String a, String b) {
        return node("Add", List.of(a, b));
    }

    public String sub(String a, String b) {
        return node("Sub", List.of(a, b));
    }

    public String mul(String a, String b) {
        return node("Mul", List.of(a, b));
    }

    public String div(String a, String b) {
        return node("Div", List.of(a, b));
    }

    public String max(String a, String b) {
        return node("Max", List.of(a, b));
    }

    public String min(String a, String b) {
        return node("Min", List.of(a, b));
    }

    public String erf(String x) {
        return node("Erf", List.of(x));
    }

    public String exp(String x) {
        return node("Exp", List.of(x));
    }

    // ---- linear algebra and normalisation ----

    public String matMul(String a, String b) {
        return node("MatMul", List.of(a, b));
    }

    /** {@code x · w + bias} with {@code w} already laid out (in, out); a null bias is left out. */
    public String linear(String x, String w, String bias) {
        String y = matMul(x, w);
        return bias == null ? y : add(y, bias);
    }

    /** LayerNormalization over the last axis (opset 17). */
    public String layerNorm(String x, String scale, String bias, float epsilon) {
        return node("LayerNormalization", List.of(x, scale, bias), Attribute.of("axis", -1L),
                Attribute.of("epsilon", epsilon));
    }

    public String softmax(String x, long axis) {
        return node("Softmax", List.of(x), Attribute.of("axis", axis));
    }

    /**
     * The exact (erf) GELU, {@code x * 0.5 * (1 + erf(x / sqrt(2)))}, written in the pattern ONNX Runtime fuses into
     * its Gelu kernel.
     */
    public String gelu(String x) {
        String inner = erf(div(x, scalar((float) Math.sqrt(2.0))));
        return mul(mul(x, add(inner, scalar(1f))), scalar(0.5f));
    }

    /** {@code x / max(||x||_2, eps)} over the last axis, as {@code torch.nn.functional.normalize}. */
    public String l2Normalize(String x, float eps) {
        String norm = node("ReduceL2", List.of(x), Attribute.ints("axes", -1), Attribute.of("keepdims", 1L));
        return div(x, max(norm, scalar(eps)));
    }

    /** A 2-D convolution without bias; no padding, no dilation. */
    public String conv(String x, String w, long[] kernel, long[] strides) {
        return node("Conv", List.of(x, w), Attribute.ints("kernel_shape", kernel), Attribute.ints("strides", strides));
    }

    // ---- shape manipulation ----

    /** Reshape to a constant shape; 0 copies the input's dimension, -1 is inferred. */
    public String reshape(String x, long... shape) {
        return node("Reshape", List.of(x, constantLongs(shape)));
    }

    public String transpose(String x, long... perm) {
        return node("Transpose", List.of(x), Attribute.ints("perm", perm));
    }

    public String concat(long axis, String... parts) {
        return node("Concat", List.of(parts), Attribute.of("axis", axis));
    }

    public String gather(String data, String indices, long axis) {
        return node("Gather", List.of(data, indices), Attribute.of("axis", axis));
    }

    public String gatherNd(String data, String indices, long batchDims) {
        return node("GatherND", List.of(data, indices), Attribute.of("batch_dims", batchDims));
    }

    public String argMax(String x, long axis, boolean keepDims) {
        return node("ArgMax", List.of(x), Attribute.of("axis", axis), Attribute.of("keepdims", keepDims ? 1L : 0L));
    }

    /** Broadcasts {@code x} to {@code shape} (a 1-D int64 value). */
    public String expand(String x, String shape) {
        return node("Expand", List.of(x, shape));
    }

    /** The 1-D int64 shape of {@code x}, dimensions [start, end). */
    public String shape(String x, long start, long end) {
        return node("Shape", List.of(x), Attribute.of("start", start), Attribute.of("end", end));
    }

    public String slice(String x, long[] starts, long[] ends, long[] axes) {
        return node("Slice", List.of(x, constantLongs(starts), constantLongs(ends), constantLongs(axes)));
    }

    /** Splits {@code x} into {@code parts} equal pieces along {@code axis}. */
    public List<String> split(String x, long axis, int parts) {
        return node("Split", List.of(x), parts, Attribute.of("axis", axis));
    }

    public String squeeze(String x, long... axes) {
        return node("Squeeze", List.of(x, constantLongs(axes)));
    }

    public String unsqueeze(String x, long... axes) {
        return node("Unsqueeze", List.of(x, constantLongs(axes)));
    }

    /** Gives an existing value a chosen name (for graph outputs). */
    public String identity(String x, String newName) {
        requireDefined(x, "Identity input");
        define(newName);
        nodes.add(new Node(newName, "Identity", List.of(x), List.of(newName), List.of()));
        return newName;
    }

    // ---- read access for the writer ----

    List<ValueInfo> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    List<ValueInfo> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    List<Initializer> initializers() {
        return Collections.unmodifiableList(initializers);
    }

    List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** Number of nodes so far. */
    public int nodeCount() {
        return nodes.size();
    }

    /** Total bytes of all initializers. */
    public long initializerBytes() {
        long n = 0;
        for (Initializer i : initializers) {
            n += i.data().byteSize();
        }
        return n;
    }

    private String fresh(String prefix) {
        String candidate;
        do {
            candidate = prefix + "_" + counter++;
        } while (defined.contains(candidate));
        return candidate;
    }

    private void define(String valueName) {
        if (valueName == null || valueName.isEmpty()) {
            throw new IllegalArgumentException("graph '" + name + "': value names must not be empty");
        }
        if (!defined.add(valueName)) {
            throw new IllegalArgumentException("graph '" + name + "': value '" + valueName + "' is defined twice");
        }
    }

    private void requireDefined(String valueName, String role) {
        if (!defined.contains(valueName)) {
            throw new IllegalArgumentException("graph '" + name + "': " + role + " '" + valueName
                    + "' is not defined yet (not an input, initializer or earlier output)");
        }
    }

    private Object[] checkDims(Object[] dims) {
        Object[] out = new Object[dims.length];
        for (int i = 0; i < dims.length; i++) {
            Object d = dims[i];
            if (d instanceof Integer || d instanceof Long) {
                long v = ((Number) d).longValue();
                if (v < 0) {
                    throw new IllegalArgumentException("graph '" + name + "': negative dimension " + v);
                }
                out[i] = v;
            } else if (d instanceof String s && !s.isEmpty()) {
                out[i] = s;
            } else {
                throw new IllegalArgumentException("graph '" + name + "': dimension " + d
                        + " is neither a size nor a symbolic name");
            }
        }
        return out;
    }
}
