package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.BinderyException;
import dev.bindery.api.InvalidInputException;
import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.encoder.EncoderInfo;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.tensor.kernel.Parallel;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The {@code point} {@link ModalityEncoder}: reads the input ({@link PointInputs}), builds the model-ready cloud and
 * runs the Java Point-BERT ({@link PointBertEncoder}) on the CPU; the embedding is upstream's postprocessed point
 * embedding. Thread-safe; {@link #close()} waits for calls in flight, then releases the encoder's own thread pool
 * (if it has one), and later calls fail with {@link ServiceUnavailableException}.
 */
final class PointModalityEncoder implements ModalityEncoder, AutoCloseable {
    /** The device these encoders run on. */
    static final String DEVICE = "cpu";

    private final PointBertEncoder encoder;
    private final PointInputs inputs;
    private final Parallel ownPool;
    private final EncoderInfo info;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /**
     * @param ownPool the pool {@code encoder} runs on when this encoder owns it (closed with it), else null
     */
    PointModalityEncoder(PointBertEncoder encoder, PointInputs inputs, String modelId, Parallel ownPool) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.ownPool = ownPool;
        this.info = new EncoderInfo(Modality.POINT, DEVICE, modelId, encoder.outputDim());
    }

    @Override
    public EncoderInfo info() {
        return info;
    }

    /** The Point-BERT this service runs. */
    PointBertEncoder model() {
        return encoder;
    }

    @Override
    public Embedding encode(ModalityInput input) throws BinderyException {
        Objects.requireNonNull(input, "input");
        if (!input.modality().equals(Modality.POINT)) {
            throw new InvalidInputException("the point encoder cannot encode " + input.describe() + ": it is a "
                    + input.modality() + " input");
        }
        lock.readLock().lock();
        try {
            if (closed) {
                throw new ServiceUnavailableException("the " + info + " was shut down");
            }
            ModelReadyCloud cloud = inputs.prepare(input);
            return new Embedding(Modality.POINT, info.modelId(), encoder.encode(cloud).embedding());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                if (ownPool != null) {
                    ownPool.close();
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return info + " [" + encoder + ", " + encoder.threads() + " threads, at most " + inputs.maxPoints()
                + " points]";
    }
}
