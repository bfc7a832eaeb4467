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
import dev.bindery.onnx.imagebind.TrunkModality;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ModalityEncoder} for inputs made of several clips, such as an audio file (3 clips of 2 s): each input
 * becomes {@code clips} rows of the graph, and its embedding is the mean of those rows' {@code embedding} outputs.
 * This is upstream {@code ImageBindModel.forward} for inputs of 5 or more dimensions: every clip is normalised and
 * scaled on its own, then the clips are averaged, and the mean is not normalised again.
 *
 * <p>Whole inputs go into one run together, at most {@code batchSize} inputs ({@code batchSize x clips} rows) at a
 * time; the clips of one input are never split across runs. Thread-safe; {@link #close()} closes the session after
 * the runs in flight.
 */
public final class ClipMeanEncoder implements ModalityEncoder, AutoCloseable {
    private final EncoderInfo info;
    private final EncoderSession session;
    private final int clips;
    private final int batchSize;
    private final TrunkEncoder.Preparer preparer;
    private final long[] inputShape;

    /**
     * @param clips    graph rows per input
     * @param preparer turns one input into {@code clips} graph items laid out one after the other; it is given the
     *                 shape of a whole input, {@code [clips, <graph item shape>]}
     */
    public ClipMeanEncoder(Modality modality, String modelId, EncoderSession session, int clips, int batchSize,
            TrunkEncoder.Preparer preparer) {
        if (clips <= 0) {
            throw new IllegalArgumentException("clips per input must be positive, was " + clips);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
        }
        this.session = Objects.requireNonNull(session, "session");
        if (session.takesIds()) {
            throw new IllegalArgumentException("model " + session.model().getFileName()
                    + " takes token ids; clip averaging is for float inputs");
        }
        this.info = new EncoderInfo(modality, session.device(), modelId, session.dimension());
        this.clips = clips;
        this.batchSize = batchSize;
        this.preparer = Objects.requireNonNull(preparer, "preparer");
        long[] item = session.itemShape();
        this.inputShape = new long[item.length + 1];
        inputShape[0] = clips;
        System.arraycopy(item, 0, inputShape, 1, item.length);
    }

    /**
     * Builds the trunk's graph if needed (see {@link EncoderSettings#files()}), opens its session with the settings'
     * device and threads, and wraps it; {@link EncoderSettings#batchSize()} counts inputs, not rows.
     *
     * @throws IOException when the graph cannot be built or loaded (the message names the file and, for a bad
     *                     checkpoint, the tensor)
     */
    public static ClipMeanEncoder open(EncoderSettings settings, TrunkModality trunk, Modality modality, int clips,
            TrunkEncoder.Preparer preparer) throws IOException {
        EncoderSession s = EncoderSession.open(settings.files().ensure(trunk), settings.session());
        try {
            return new ClipMeanEncoder(modality, settings.modelId(), s, clips, settings.batchSize(), preparer);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public EncoderInfo info() {
        return info;
    }

    public EncoderSession session() {
        return session;
    }

    /** Graph rows per input. */
    public int clips() {
        return clips;
    }

    /** Most inputs per run. */
    public int batchSize() {
        return batchSize;
    }

    /** The shape of one whole input: {@code [clips, <graph item shape>]}. */
    public long[] inputShape() {
        return inputShape.clone();
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
            for (int i = 0; i < chunk.size(); i++) {
                out.add(new Embedding(info.modality(), info.modelId(), meanOfClips(result.embedding(), i)));
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
        EncoderInput item = preparer.prepare(input, inputShape.clone());
        if (item.isIds() || (long) item.size() != (long) clips * session.itemSize()) {
            throw new InvalidInputException(input.describe() + " gives " + item.size() + " values but the "
                    + info.modality() + " model takes " + Arrays.toString(inputShape));
        }
        return item;
    }

    private EncoderSession.Outputs run(List<EncoderInput> chunk) throws BinderyException {
        int per = clips * session.itemSize();
        float[] batch = new float[chunk.size() * per];
        for (int i = 0; i < chunk.size(); i++) {
            System.arraycopy(chunk.get(i).floats(), 0, batch, i * per, per);
        }
        try {
            return session.run(batch, chunk.size() * clips);
        } catch (IllegalStateException e) {
            throw new ServiceUnavailableException("the " + info + " was shut down", e);
        } catch (OrtException e) {
            int n = chunk.size();
            throw new BinderyException("the " + info + " failed on " + chunk.get(0).source()
                    + (n > 1 ? " and " + (n - 1) + " more" : "") + ": " + e.getMessage(), e);
        }
    }

    /** The mean of input {@code i}'s clip rows, summed in double so that it does not depend on the order of additions. */
    private float[] meanOfClips(float[] rows, int i) {
        int dim = info.dimension();
        float[] mean = new float[dim];
        for (int d = 0; d < dim; d++) {
            double sum = 0;
            for (int c = 0; c < clips; c++) {
                sum += rows[(i * clips + c) * dim + d];
            }
            mean[d] = (float) (sum / clips);
        }
        return mean;
    }

    @Override
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        return info + " [" + session.model().getFileName() + ", " + clips + " clips per input, batch " + batchSize
                + "]";
    }
}
