package dev.bindery.api.encoder;

import dev.bindery.api.BinderyException;
import dev.bindery.api.InvalidInputException;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.ModalityInput;
import java.util.ArrayList;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Encodes inputs of one modality into the shared embedding space.
 *
 * <p>Register an implementation as an OSGi service of this interface with the service properties
 * {@link #MODALITY}, {@link #DEVICE}, {@link #MODEL_ID} and {@link #DIMENSION} (the same values {@link #info()}
 * returns). The pipeline picks, per modality, the encoder with the highest {@code service.ranking}; when it goes away
 * the next one takes over, so a CUDA encoder usually ranks above a CPU one for the same model. Embeddings of
 * encoders with different model ids do not share a space: the pipeline only mixes embeddings of one model id.
 *
 * <p>Implementations are thread-safe: the pipeline encodes several inputs at once. An input of the wrong modality, an
 * unreadable file or a tensor of the wrong shape is answered with {@link InvalidInputException}, never with a vector.
 */
@ConsumerType
public interface ModalityEncoder {
    /** Service property: the modality name, e.g. {@code image} (see {@link dev.bindery.api.modality.Modality}). */
    String MODALITY = "bindery.modality";
    /** Service property: where the encoder runs, {@code cpu} or {@code cuda} (or another execution device). */
    String DEVICE = "bindery.device";
    /** Service property: the id of the embedding model, e.g. {@code imagebind_huge}. */
    String MODEL_ID = "bindery.model.id";
    /** Service property: the embedding dimension as an Integer, e.g. 1024. */
    String DIMENSION = "bindery.dimension";

    /** What this encoder is; constant for the service's lifetime. */
    EncoderInfo info();

    /**
     * Encodes one input.
     *
     * @throws InvalidInputException if the input is not of this encoder's modality or cannot be read or used
     * @throws BinderyException      if the encoder cannot run (for example its model was unloaded)
     */
    Embedding encode(ModalityInput input) throws BinderyException;

    /**
     * Encodes several inputs, in order. Encoders that run a model in batches override this; the default encodes one
     * input after the other. Fails as a whole if any input is invalid, naming it.
     */
    default List<Embedding> encodeAll(List<ModalityInput> inputs) throws BinderyException {
        List<Embedding> out = new ArrayList<>(inputs.size());
        for (ModalityInput input : inputs) {
            out.add(encode(input));
        }
        return out;
    }
}
