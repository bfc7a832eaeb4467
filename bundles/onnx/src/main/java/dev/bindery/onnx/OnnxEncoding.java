package dev.bindery.onnx;

import dev.bindery.onnx.internal.ProtoMessage;
import java.util.Map;

/**
 * Maps the graph builder's records onto the ONNX protobuf schema ({@code onnx.proto}, IR version 8). Field numbers
 * are those of the published schema; each method builds one message type.
 */
final class OnnxEncoding {
    private OnnxEncoding() {
    }

    /** Where an initializer's bytes go: inside the message, or at an offset of the external data file. */
    record ExternalLocation(String file, long offset, long length) {
    }

    static ProtoMessage model(GraphBuilder graph, Map<String, ExternalLocation> external, Map<String, String> metadata,
            String producer, String producerVersion) {
        ProtoMessage m = new ProtoMessage();
        m.varint(1, OnnxModelWriter.IR_VERSION); // ir_version
        m.string(2, producer); // producer_name
        m.string(3, producerVersion); // producer_version
        m.message(7, graph(graph, external)); // graph
        m.message(8, new ProtoMessage().string(1, "").varint(2, OnnxModelWriter.OPSET)); // opset_import (ai.onnx)
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            m.message(14, entry(e.getKey(), e.getValue())); // metadata_props
        }
        return m;
    }

    static ProtoMessage graph(GraphBuilder graph, Map<String, ExternalLocation> external) {
        ProtoMessage g = new ProtoMessage();
        for (GraphBuilder.Node n : graph.nodes()) {
            g.message(1, node(n)); // node
        }
        g.string(2, graph.name()); // name
        for (GraphBuilder.Initializer i : graph.initializers()) {
            g.message(5, tensor(i, external.get(i.name()))); // initializer
        }
        for (GraphBuilder.ValueInfo v : graph.inputs()) {
            g.message(11, valueInfo(v)); // input
        }
        for (GraphBuilder.ValueInfo v : graph.outputs()) {
            g.message(12, valueInfo(v)); // output
        }
        return g;
    }

    static ProtoMessage node(GraphBuilder.Node n) {
        ProtoMessage m = new ProtoMessage();
        for (String in : n.inputs()) {
            m.string(1, in); // input
        }
        for (String out : n.outputs()) {
            m.string(2, out); // output
        }
        m.string(3, n.name()); // name
        m.string(4, n.opType()); // op_type
        for (Attribute a : n.attributes()) {
            m.message(5, attribute(a)); // attribute
        }
        return m;
    }

    static ProtoMessage attribute(Attribute a) {
        ProtoMessage m = new ProtoMessage().string(1, a.name()); // name
        switch (a.kind()) {
            case FLOAT -> m.floatValue(2, a.floatValues()[0]); // f
            case INT -> m.varint(3, a.intValues()[0]); // i
            case STRING -> m.string(4, a.stringValue()); // s
            case FLOATS -> {
                for (float f : a.floatValues()) {
                    m.floatValue(7, f); // floats
                }
            }
            case INTS -> {
                for (long i : a.intValues()) {
                    m.varint(8, i); // ints
                }
            }
            default -> throw new IllegalStateException(a.kind().toString());
        }
        m.varint(20, a.kind().code); // type
        return m;
    }

    static ProtoMessage tensor(GraphBuilder.Initializer i, ExternalLocation where) {
        ProtoMessage t = new ProtoMessage();
        for (long d : i.dims()) {
            t.varint(1, d); // dims
        }
        t.varint(2, i.type().onnxCode()); // data_type
        t.string(8, i.name()); // name
        if (where == null) {
            TensorSource data = i.data();
            t.blob(9, new ProtoMessage.Blob() { // raw_data
                public long length() {
                    return data.byteSize();
                }

                public void writeTo(java.io.OutputStream out) throws java.io.IOException {
                    data.writeTo(out);
                }
            });
        } else {
            t.message(13, entry("location", where.file())); // external_data
            t.message(13, entry("offset", Long.toString(where.offset())));
            t.message(13, entry("length", Long.toString(where.length())));
            t.varint(14, 1); // data_location = EXTERNAL
        }
        return t;
    }

    static ProtoMessage valueInfo(GraphBuilder.ValueInfo v) {
        ProtoMessage shape = new ProtoMessage();
        for (Object d : v.dims()) {
            ProtoMessage dim = new ProtoMessage();
            if (d instanceof Long size) {
                dim.varint(1, size); // dim_value
            } else {
                dim.string(2, (String) d); // dim_param
            }
            shape.message(1, dim); // dim
        }
        ProtoMessage tensorType = new ProtoMessage().varint(1, v.type().onnxCode()).message(2, shape); // elem_type, shape
        ProtoMessage type = new ProtoMessage().message(1, tensorType); // tensor_type
        return new ProtoMessage().string(1, v.name()).message(2, type); // name, type
    }

    static ProtoMessage entry(String key, String value) {
        return new ProtoMessage().string(1, key).string(2, value);
    }
}
