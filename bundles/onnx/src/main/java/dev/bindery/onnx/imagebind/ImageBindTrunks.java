package dev.bindery.onnx.imagebind;

import dev.bindery.onnx.GraphBuilder;
import dev.bindery.onnx.OnnxModelWriter;
import dev.bindery.tensor.io.FormatException;
import dev.bindery.tensor.io.TorchCheckpoint;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the ONNX graph of each ImageBind modality encoder from an ImageBind state dict ({@code imagebind_huge.pth},
 * {@code imagebind_w3D.pth} or a checkpoint with the same key names) with no Python involved.
 *
 * <p>Each graph takes one modality's preprocessed input with a dynamic batch dimension — image {@code (B,3,224,224)}
 * float, text ids {@code (B,77)} int64, audio clip {@code (B,1,128,204)}, depth and thermal {@code (B,1,224,224)},
 * IMU {@code (B,6,2000)} — and has two outputs: {@code embedding} (upstream's {@code forward} output: L2-normalised
 * head output times the modality's logit scale) and {@code prenorm} (the head output before postprocessing). Audio
 * clips are encoded one row per clip; averaging clips is the audio encoder's job, as upstream does it after
 * postprocessing.
 *
 * <p>Usage: {@code try (ImageBindTrunks t = ImageBindTrunks.open(pth, config)) { t.graph(VISION).write(file); }}.
 * The returned writer streams the weights from the memory-mapped checkpoint: write it before closing this object.
 */
public final class ImageBindTrunks implements Closeable {
    private final TorchCheckpoint checkpoint;
    private final CheckpointWeights weights;
    private final ImageBindConfig config;

    private ImageBindTrunks(TorchCheckpoint checkpoint, ImageBindConfig config) {
        this.checkpoint = checkpoint;
        this.weights = new CheckpointWeights(checkpoint);
        this.config = config;
    }

    /** Opens a checkpoint (reads its index only). */
    public static ImageBindTrunks open(Path checkpoint, ImageBindConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        return new ImageBindTrunks(TorchCheckpoint.open(checkpoint), config);
    }

    /** The checkpoint file. */
    public Path file() {
        return checkpoint.file();
    }

    /** The modalities whose trunk the checkpoint holds. */
    public Set<TrunkModality> modalities() {
        Set<TrunkModality> out = EnumSet.noneOf(TrunkModality.class);
        for (TrunkModality m : TrunkModality.values()) {
            if (checkpoint.contains(m.trunkKey("blocks.0.attn.in_proj_weight"))) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * The shape of a modality's encoder as the checkpoint defines it.
     *
     * @throws FormatException naming the file and key when a tensor is missing or has an unexpected shape
     */
    public TrunkSpec spec(TrunkModality modality) throws FormatException {
        return TrunkSpec.infer(weights, modality, config);
    }

    /** The modality's graph with the outputs {@code embedding} and {@code prenorm}. */
    public OnnxModelWriter graph(TrunkModality modality) throws IOException {
        return graph(modality, false);
    }

    /**
     * The modality's graph; with {@code intermediates} it also outputs {@code tokens} (the trunk's input, after
     * stem, CLS and positional table) and {@code trunk_out} (the trunk's output), each {@code (B, tokens, width)},
     * for locating a mismatch.
     *
     * @throws FormatException naming the file and key when a tensor is missing or has an unexpected shape
     */
    public OnnxModelWriter graph(TrunkModality modality, boolean intermediates) throws IOException {
        TrunkSpec spec = spec(modality);
        GraphBuilder g = new GraphBuilder("imagebind_" + modality.key());
        new TrunkGraph(g, weights, spec).build(intermediates);
        return new OnnxModelWriter(g)
                .metadata(Metadata.MODALITY, modality.key())
                .metadata(Metadata.EMBEDDING_DIM, Integer.toString(spec.outputDim()))
                .metadata(Metadata.SOURCE, checkpoint.file().getFileName().toString())
                .metadata(Metadata.DESCRIPTION, spec.toString());
    }

    @Override
    public void close() throws IOException {
        checkpoint.close();
    }

    /** The {@code metadata_props} keys written into every trunk model. */
    public static final class Metadata {
        /** The modality key, e.g. {@code vision}. */
        public static final String MODALITY = "bindery.modality";
        /** The embedding dimension as a decimal string. */
        public static final String EMBEDDING_DIM = "bindery.embedding_dim";
        /** The checkpoint file name the graph was built from. */
        public static final String SOURCE = "bindery.source";
        /** The trunk's spec in words. */
        public static final String DESCRIPTION = "bindery.description";

        private Metadata() {
        }
    }
}
