package dev.bindery.onnx.session;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX Runtime session of an encoder graph: one input (float, or int64 ids) with a leading batch dimension, an
 * output {@code embedding} {@code (batch, dim)} and optionally {@code prenorm}. A session is created once and used by
 * many threads at once ({@code OrtSession.run} is thread-safe); {@link #close()} waits for runs in flight.
 *
 * <p>CUDA: when the settings ask for it, the CUDA execution provider is added; if that fails (no
 * {@code onnxruntime_gpu} build, no driver, no device) one line is logged and the session runs on the CPU.
 * {@link #device()} says where it actually runs.
 */
public final class EncoderSession implements AutoCloseable {
    /** The output every encoder graph must have. */
    public static final String EMBEDDING = "embedding";
    /** The optional head output before postprocessing. */
    public static final String PRENORM = "prenorm";

    private static final Logger LOG = LoggerFactory.getLogger(EncoderSession.class);

    private final Path model;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String device;
    private final String inputName;
    private final boolean idsInput;
    private final long[] itemShape;
    private final int dimension;
    private final boolean hasPrenorm;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private EncoderSession(Path model, OrtEnvironment env, OrtSession session, String device) throws IOException,
            OrtException {
        this.model = model;
        this.env = env;
        this.session = session;
        this.device = device;
        Map<String, NodeInfo> inputs = session.getInputInfo();
        if (inputs.size() != 1) {
            throw new IOException("encoder model " + model + " has " + inputs.size() + " inputs " + inputs.keySet()
                    + "; an encoder graph takes exactly one");
        }
        NodeInfo in = inputs.values().iterator().next();
        this.inputName = in.getName();
        if (!(in.getInfo() instanceof TensorInfo ti) || ti.getShape().length < 1) {
            throw new IOException("encoder model " + model + ": input '" + inputName + "' is not a batched tensor");
        }
        if (ti.type != OnnxJavaType.FLOAT && ti.type != OnnxJavaType.INT64) {
            throw new IOException("encoder model " + model + ": input '" + inputName + "' is " + ti.type
                    + ", expected float32 or int64");
        }
        this.idsInput = ti.type == OnnxJavaType.INT64;
        long[] full = ti.getShape();
        this.itemShape = Arrays.copyOfRange(full, 1, full.length);
        for (long d : itemShape) {
            if (d <= 0) {
                throw new IOException("encoder model " + model + ": input '" + inputName + "' has shape "
                        + Arrays.toString(full) + "; only the batch dimension may be dynamic");
            }
        }
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        NodeInfo emb = outputs.get(EMBEDDING);
        if (emb == null || !(emb.getInfo() instanceof TensorInfo et) || et.getShape().length != 2
                || et.getShape()[1] <= 0) {
            throw new IOException("encoder model " + model + " has no output '" + EMBEDDING
                    + "' of shape (batch, dim); outputs: " + outputs.keySet());
        }
        this.dimension = (int) et.getShape()[1];
        this.hasPrenorm = outputs.containsKey(PRENORM);
    }

    private static volatile boolean telemetryOff;

    /**
     * The JVM's ONNX Runtime environment, with telemetry events switched off the first time it is obtained here.
     * ONNX Runtime creates its device id and event database under {@code ~/.cache/Microsoft} when the environment is
     * created, before any call can reach it: only {@code ORT_DISABLE_TELEMETRY=1} in the process environment
     * ({@code bin/setenv}, the surefire and failsafe configurations) prevents that; this call stops the events that
     * sessions would record afterwards.
     */
    static OrtEnvironment environment() {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        if (!telemetryOff) {
            synchronized (EncoderSession.class) {
                if (!telemetryOff) {
                    try {
                        env.setTelemetry(false);
                    } catch (OrtException e) {
                        LOG.debug("ONNX Runtime telemetry could not be switched off: {}", firstLine(e));
                    }
                    telemetryOff = true;
                }
            }
        }
        return env;
    }

    /**
     * Opens a session of {@code model} (its external data file, if any, next to it).
     *
     * @throws IOException if the file is missing or is not an encoder graph ONNX Runtime can load
     */
    public static EncoderSession open(Path model, SessionSettings settings) throws IOException {
        if (!Files.isRegularFile(model)) {
            throw new IOException("encoder model " + model + " does not exist");
        }
        OrtEnvironment env = environment();
        OrtSession.SessionOptions options = null;
        OrtSession session = null;
        try {
            options = new OrtSession.SessionOptions();
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (settings.intraOpThreads() > 0) {
                options.setIntraOpNumThreads(settings.intraOpThreads());
            }
            String device = SessionSettings.CPU;
            if (settings.wantsCuda()) {
                try {
                    options.addCUDA(settings.cudaDevice());
                    device = SessionSettings.CUDA;
                } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                    LOG.warn("CUDA requested for {} but the CUDA execution provider is unavailable ({}); running on CPU",
                            model.getFileName(), firstLine(e));
                }
            }
            session = env.createSession(model.toString(), options);
            EncoderSession s = new EncoderSession(model, env, session, device);
            session = null; // owned by s now
            return s;
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime cannot load encoder model " + model + ": " + firstLine(e), e);
        } finally {
            if (session != null) {
                try {
                    session.close();
                } catch (OrtException ignored) {
                    // closing a half-built session
                }
            }
            if (options != null) {
                options.close();
            }
        }
    }

    public Path model() {
        return model;
    }

    /** Where the session runs: {@code cpu} or {@code cuda}. */
    public String device() {
        return device;
    }

    public String inputName() {
        return inputName;
    }

    /** True when the input is int64 token ids, false for float32. */
    public boolean takesIds() {
        return idsInput;
    }

    /** The shape of one item of the input (without the batch dimension). */
    public long[] itemShape() {
        return itemShape.clone();
    }

    /** Values in one item of the input. */
    public int itemSize() {
        long n = 1;
        for (long d : itemShape) {
            n *= d;
        }
        return (int) n;
    }

    /** The embedding dimension. */
    public int dimension() {
        return dimension;
    }

    /** A custom metadata entry of the model, if present. */
    public Optional<String> metadata(String key) {
        try {
            return Optional.ofNullable(session.getMetadata().getCustomMetadata().get(key));
        } catch (OrtException e) {
            return Optional.empty();
        }
    }

    /** The outputs of one run, row-major {@code rows x dim}; {@code prenorm} is null when the model lacks it. */
    public record Outputs(int rows, int dim, float[] embedding, float[] prenorm) {
        public float[] embeddingRow(int row) {
            return Arrays.copyOfRange(embedding, row * dim, (row + 1) * dim);
        }

        public float[] prenormRow(int row) {
            return prenorm == null ? null : Arrays.copyOfRange(prenorm, row * dim, (row + 1) * dim);
        }
    }

    /** Runs a float batch of {@code rows} items laid out one after the other. */
    public Outputs run(float[] batch, int rows) throws OrtException {
        checkBatch(batch.length, rows, false);
        lock.readLock().lock();
        try {
            ensureOpen();
            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch), batchShape(rows))) {
                return run(t, rows);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs a batch of {@code rows} token-id sequences laid out one after the other. */
    public Outputs runIds(long[] batch, int rows) throws OrtException {
        checkBatch(batch.length, rows, true);
        lock.readLock().lock();
        try {
            ensureOpen();
            try (OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(batch), batchShape(rows))) {
                return run(t, rows);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private Outputs run(OnnxTensor input, int rows) throws OrtException {
        try (OrtSession.Result result = session.run(Map.of(inputName, input))) {
            float[] embedding = floats(result.get(EMBEDDING).orElseThrow());
            float[] prenorm = hasPrenorm ? floats(result.get(PRENORM).orElseThrow()) : null;
            return new Outputs(rows, dimension, embedding, prenorm);
        }
    }

    private static float[] floats(OnnxValue v) {
        FloatBuffer b = ((OnnxTensor) v).getFloatBuffer();
        float[] f = new float[b.remaining()];
        b.get(f);
        return f;
    }

    private long[] batchShape(int rows) {
        long[] s = new long[itemShape.length + 1];
        s[0] = rows;
        System.arraycopy(itemShape, 0, s, 1, itemShape.length);
        return s;
    }

    private void checkBatch(int length, int rows, boolean ids) {
        if (ids != idsInput) {
            throw new IllegalArgumentException("model " + model.getFileName() + " takes "
                    + (idsInput ? "int64 ids" : "float32 values"));
        }
        if (rows <= 0 || (long) rows * itemSize() != length) {
            throw new IllegalArgumentException(rows + " rows of " + Arrays.toString(itemShape) + " need "
                    + (long) rows * itemSize() + " values, got " + length);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("encoder session of " + model + " is closed");
        }
    }

    public boolean isClosed() {
        lock.readLock().lock();
        try {
            return closed;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Closes the session after the runs in flight finish; later runs fail with IllegalStateException. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                session.close();
            }
        } catch (OrtException e) {
            LOG.warn("closing the session of {} failed: {}", model, e.getMessage());
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public String toString() {
        return "EncoderSession[" + model.getFileName() + ", " + device + ", input " + inputName + " "
                + Arrays.toString(itemShape) + " -> " + dimension + "]";
    }
}
