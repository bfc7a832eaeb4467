package dev.bindery.onnx;

import dev.bindery.onnx.internal.ProtoOutput;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Serialises a {@link GraphBuilder}'s graph as an ONNX model (IR version {@value #IR_VERSION}, default-domain opset
 * {@value #OPSET}).
 *
 * <p>A protobuf message cannot exceed 2 GiB, and ImageBind-Huge's vision trunk alone holds 2.5 GB of float32
 * weights. When the initializers together exceed {@link #externalDataThreshold(long) the threshold} (1 GiB by
 * default), every initializer of at least 1 KiB is written to a side file {@code <model file name>.data} (ONNX
 * external data, offsets aligned to 4 KiB so that ONNX Runtime can map them); ONNX Runtime finds it next to the model.
 * Files are written under temporary names and moved into place, so a crash never leaves a half-written model.
 */
public final class OnnxModelWriter {
    /** ONNX IR version written (the one that goes with opset 17). */
    public static final int IR_VERSION = 8;
    /** Opset of the default ONNX domain. */
    public static final int OPSET = 17;
    /** Default total initializer size above which weights go to an external data file. */
    public static final long DEFAULT_EXTERNAL_THRESHOLD = 1L << 30;

    private static final long PROTOBUF_LIMIT = (1L << 31) - 1;
    private static final long EXTERNAL_MIN_TENSOR = 1024;
    private static final int ALIGNMENT = 4096;

    private final GraphBuilder graph;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String producer = "bindery";
    private String producerVersion = "0.1.0";
    private long externalThreshold = DEFAULT_EXTERNAL_THRESHOLD;

    public OnnxModelWriter(GraphBuilder graph) {
        this.graph = Objects.requireNonNull(graph, "graph");
    }

    public GraphBuilder graph() {
        return graph;
    }

    /** Adds a {@code metadata_props} entry (readable through ONNX Runtime's model metadata). */
    public OnnxModelWriter metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    public OnnxModelWriter producer(String name, String version) {
        this.producer = Objects.requireNonNull(name, "name");
        this.producerVersion = Objects.requireNonNull(version, "version");
        return this;
    }

    /** Total initializer bytes above which {@link #write(Path)} stores weights in an external data file. */
    public OnnxModelWriter externalDataThreshold(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("threshold must be >= 0, was " + bytes);
        }
        this.externalThreshold = bytes;
        return this;
    }

    /** Whether {@link #write(Path)} will use an external data file for this graph. */
    public boolean usesExternalData() {
        return graph.initializerBytes() > externalThreshold;
    }

    /** The external data file that {@link #write(Path)} writes next to {@code modelFile}, if it uses one. */
    public static Path externalDataFile(Path modelFile) {
        return modelFile.resolveSibling(modelFile.getFileName() + ".data");
    }

    /**
     * Writes the model to {@code file} (and {@link #externalDataFile} when the weights are large), replacing
     * existing files. Creates the parent folder.
     */
    public void write(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Map<String, OnnxEncoding.ExternalLocation> external = Collections.emptyMap();
        Path dataTemp = null;
        Path dataFile = externalDataFile(target);
        if (usesExternalData()) {
            dataTemp = Files.createTempFile(parent, "." + dataFile.getFileName(), ".tmp");
            external = writeExternal(dataTemp, dataFile.getFileName().toString());
        }
        Path modelTemp = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(modelTemp), 1 << 16)) {
                writeModel(out, external);
            }
            if (dataTemp != null) {
                move(dataTemp, dataFile);
            } else {
                Files.deleteIfExists(dataFile); // a stale side file of an earlier, larger model
            }
            move(modelTemp, target);
        } finally {
            Files.deleteIfExists(modelTemp);
            if (dataTemp != null) {
                Files.deleteIfExists(dataTemp);
            }
        }
    }

    /**
     * The whole model in memory, weights inline.
     *
     * @throws IllegalStateException if the model exceeds the 2 GiB protobuf limit (use {@link #write(Path)})
     */
    public byte[] toByteArray() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeModel(out, Collections.emptyMap());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    private void writeModel(OutputStream out, Map<String, OnnxEncoding.ExternalLocation> external) throws IOException {
        var model = OnnxEncoding.model(graph, external, metadata, producer, producerVersion);
        if (model.size() > PROTOBUF_LIMIT) {
            throw new IllegalStateException("graph '" + graph.name() + "' needs " + model.size()
                    + " bytes inline, above the 2 GiB protobuf limit; write it to a file with external data");
        }
        model.writeTo(new ProtoOutput(out));
    }

    private Map<String, OnnxEncoding.ExternalLocation> writeExternal(Path temp, String location) throws IOException {
        Map<String, OnnxEncoding.ExternalLocation> where = new LinkedHashMap<>();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 20)) {
            long offset = 0;
            byte[] zeros = new byte[ALIGNMENT];
            for (GraphBuilder.Initializer i : graph.initializers()) {
                long length = i.data().byteSize();
                if (length < EXTERNAL_MIN_TENSOR) {
                    continue;
                }
                int pad = (int) ((ALIGNMENT - offset % ALIGNMENT) % ALIGNMENT);
                out.write(zeros, 0, pad);
                offset += pad;
                i.data().writeTo(out);
                where.put(i.name(), new OnnxEncoding.ExternalLocation(location, offset, length));
                offset += length;
            }
        }
        return where;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
