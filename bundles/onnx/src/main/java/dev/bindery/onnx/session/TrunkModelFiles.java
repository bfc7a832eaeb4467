package dev.bindery.onnx.session;

import dev.bindery.onnx.imagebind.ImageBindConfig;
import dev.bindery.onnx.imagebind.ImageBindTrunks;
import dev.bindery.onnx.imagebind.TrunkModality;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model package of an ImageBind encoder: a folder of {@code <modality>.onnx} graphs (for example
 * {@code vision.onnx}, {@code text.onnx}) and, optionally, the checkpoint they are built from.
 *
 * <p>{@link #ensure} returns the modality's graph file, building it from the checkpoint on first use and writing it
 * into the folder so that later starts only load it; a graph older than its checkpoint is rebuilt. A folder without a
 * checkpoint may hold users' own graphs, which must follow the encoder graph contract (one input with a leading batch
 * dimension, an output {@code embedding} of shape {@code (batch, dim)}; see {@link EncoderSession}).
 */
public final class TrunkModelFiles {
    private static final Logger LOG = LoggerFactory.getLogger(TrunkModelFiles.class);
    private static final ConcurrentHashMap<Path, Object> BUILD_LOCKS = new ConcurrentHashMap<>();

    private final Path checkpoint;
    private final Path onnxDir;
    private final Path configJson;

    /**
     * @param checkpoint an ImageBind {@code .pth}, or null when the folder holds prebuilt graphs only
     * @param onnxDir    the graph folder, or null for {@link #defaultOnnxDir} of the checkpoint
     * @param configJson a {@code config.json} with the head counts, or null: {@code config.json} beside the checkpoint
     *                   if there is one, else {@link ImageBindConfig#released()}
     */
    public TrunkModelFiles(Path checkpoint, Path onnxDir, Path configJson) {
        if (checkpoint == null && onnxDir == null) {
            throw new IllegalArgumentException("an encoder needs a checkpoint or a folder of .onnx graphs");
        }
        this.checkpoint = checkpoint == null ? null : checkpoint.toAbsolutePath();
        this.onnxDir = onnxDir != null ? onnxDir.toAbsolutePath() : defaultOnnxDir(this.checkpoint);
        this.configJson = configJson;
    }

    /** {@code <checkpoint folder>/bindery-onnx/<checkpoint name without extension>}. */
    public static Path defaultOnnxDir(Path checkpoint) {
        return checkpoint.toAbsolutePath().resolveSibling("bindery-onnx").resolve(baseName(checkpoint));
    }

    public Path onnxDir() {
        return onnxDir;
    }

    /** The checkpoint, or null. */
    public Path checkpoint() {
        return checkpoint;
    }

    /** Where the modality's graph lives. */
    public Path modelFile(TrunkModality modality) {
        return onnxDir.resolve(modality.key() + ".onnx");
    }

    /** A model id for these files: the checkpoint's name without extension, else the folder's name. */
    public String defaultModelId() {
        return checkpoint != null ? baseName(checkpoint) : onnxDir.getFileName().toString();
    }

    /** The hyper-parameters used to build graphs. */
    public ImageBindConfig config() throws IOException {
        if (configJson != null) {
            return ImageBindConfig.fromJson(configJson);
        }
        if (checkpoint != null) {
            Path beside = checkpoint.resolveSibling("config.json");
            if (Files.isRegularFile(beside)) {
                return ImageBindConfig.fromJson(beside);
            }
        }
        return ImageBindConfig.released();
    }

    /**
     * The modality's graph file, built from the checkpoint first if it is missing or older than the checkpoint.
     *
     * @throws IOException if there is neither a graph nor a checkpoint, or the checkpoint cannot be turned into one
     *                     (the message names the file and the tensor)
     */
    public Path ensure(TrunkModality modality) throws IOException {
        Path file = modelFile(modality);
        synchronized (BUILD_LOCKS.computeIfAbsent(file, f -> new Object())) {
            if (Files.isRegularFile(file) && !olderThanCheckpoint(file)) {
                return file;
            }
            if (checkpoint == null) {
                throw new IOException("no " + modality + " graph " + file + " and no checkpoint to build it from");
            }
            if (!Files.isRegularFile(checkpoint)) {
                throw new IOException("checkpoint " + checkpoint + " does not exist");
            }
            long start = System.nanoTime();
            try (ImageBindTrunks trunks = ImageBindTrunks.open(checkpoint, config())) {
                if (!trunks.modalities().contains(modality)) {
                    throw new IOException("checkpoint " + checkpoint + " has no " + modality + " trunk (it has "
                            + trunks.modalities() + ")");
                }
                LOG.info("building the {} graph ({}) from {} into {}", modality, trunks.spec(modality), checkpoint,
                        file);
                trunks.graph(modality).write(file);
            }
            LOG.info("{} graph written in {} ms", modality, (System.nanoTime() - start) / 1_000_000);
            return file;
        }
    }

    private boolean olderThanCheckpoint(Path file) throws IOException {
        return checkpoint != null && Files.isRegularFile(checkpoint)
                && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(checkpoint)) < 0;
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
