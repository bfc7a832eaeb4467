package dev.bindery.onnx;

/** The ONNX tensor element types the graph builder uses, with their {@code TensorProto.DataType} codes. */
public enum ElementType {
    FLOAT(1, 4),
    INT32(6, 4),
    INT64(7, 8),
    BOOL(9, 1);

    private final int onnxCode;
    private final int bytes;

    ElementType(int onnxCode, int bytes) {
        this.onnxCode = onnxCode;
        this.bytes = bytes;
    }

    /** The {@code TensorProto.DataType} value. */
    public int onnxCode() {
        return onnxCode;
    }

    /** Bytes per element in {@code raw_data}. */
    public int bytes() {
        return bytes;
    }
}
