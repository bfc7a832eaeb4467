package dev.bindery.onnx.session;

import ai.onnxruntime.OrtException;
import dev.bindery.api.BinderyException;
import dev.bindery.api.InvalidInputException;
import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.encoder.EncoderInfo;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ModalityEncoder} that runs an encoder graph: it checks each input's modality, turns it into the graph's
 * item layout with a modality-specific {@link Preparer}, runs the items in batches of at most {@code batchSize} and
 * returns the graph's {@code embedding} rows. Thread-safe; the encoder bundles' DS components create one per
 * configuration and {@link #close()} it on deactivation.
 */
public final class TrunkEncoder implements ModalityEncoder, AutoCloseable {
    /** Turns one input of the encoder's modality into the graph's item layout. */
    @FunctionalInterface
    public interface Preparer {
        /**
         * @param itemShape the shape of one item of the graph's input (without the batch dimension)
         * @throws InvalidInputException naming the input when it cannot be read or used
         */
        EncoderInput prepare(ModalityInput input, long[] itemShape) throws InvalidInputException;
    }

    private final EncoderInfo info;
    private final EncoderSession session;
    private final int batchSize;
    private final Preparer preparer;

    public TrunkEncoder(Modality modality, String modelId, EncoderSession session, int batchSize, Preparer preparer) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
        }
        this.session = Objects.requireNonNull(session, "session");
        this.info = new EncoderInfo(modality, session.device(), modelId, session.dimension());
        this.batchSize = batchSize;
        this.preparer = Objects.requireNonNull(preparer, "preparer");
    }

    @Override
    public EncoderInfo info() {
        return info;
    }

    public EncoderSession session() {
        return session;
    }

    public int batchSize() {
        return batchSize;
    }

    @Override
    public Embedding encode(ModalityInput input) throws BinderyException {
        return encodeAll(List.of(input)).get(0);
    }

    @Override
    public List<Embedding> encodeAll(List<ModalityInput> inputs) throws BinderyException {
        List<EncoderInput> prepared = new ArrayList<>(inputs.size());
        for (ModalityInput input : inputs) {
            prepared.add(prepare(input));
        }
        List<Embedding> out = new ArrayList<>(inputs.size());
        for (int start = 0; start < prepared.size(); start += batchSize) {
            List<EncoderInput> chunk = prepared.subList(start, Math.min(prepared.size(), start + batchSize));
            EncoderSession.Outputs result = run(chunk);
            for (int r = 0; r < chunk.size(); r++) {
                out.add(new Embedding(info.modality(), info.modelId(), result.embeddingRow(r)));
            }
        }
        return out;
    }

    private EncoderInput prepare(ModalityInput input) throws InvalidInputException {
        Objects.requireNonNull(input, "input");
        if (!input.modality().equals(info.modality())) {
            throw new InvalidInputException("the " + info.modality() + " encoder cannot encode " + input.describe()
                    + ": it is a " + input.modality() + " input");
        }
        EncoderInput item = preparer.prepare(input, session.itemShape());
        if (item.isIds() != session.takesIds() || item.size() != session.itemSize()) {
            throw new InvalidInputException(input.describe() + " gives " + item.size() + " values but the "
                    + info.modality() + " model takes " + Arrays.toString(session.itemShape()));
        }
        return item;
    }

    private EncoderSession.Outputs run(List<EncoderInput> chunk) throws BinderyException {
        int rows = chunk.size();
        int per = session.itemSize();
        try {
            if (session.takesIds()) {
                long[] batch = new long[rows * per];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(chunk.get(r).ids(), 0, batch, r * per, per);
                }
                return session.runIds(batch, rows);
            }
            float[] batch = new float[rows * per];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(chunk.get(r).floats(), 0, batch, r * per, per);
            }
            return session.run(batch, rows);
        } catch (IllegalStateException e) {
            throw new ServiceUnavailableException("the " + info + " was shut down", e);
        } catch (OrtException e) {
            throw new BinderyException("the " + info + " failed on " + chunk.get(0).source()
                    + (rows > 1 ? " and " + (rows - 1) + " more" : "") + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        return info + " [" + session.model().getFileName() + ", batch " + batchSize + "]";
    }
}
