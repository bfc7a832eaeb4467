package dev.bindery.onnx.session;

import dev.bindery.api.modality.Modality;
import dev.bindery.onnx.imagebind.TrunkModality;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What an encoder configuration says, already checked: the model package ({@link TrunkModelFiles}), the model id,
 * the session settings and the batch size. The encoder bundles' DS components build one from their metatype
 * configuration and {@link #open} their encoder with it.
 */
public final class EncoderSettings {
    private final TrunkModelFiles files;
    private final String modelId;
    private final SessionSettings session;
    private final int batchSize;

    public EncoderSettings(TrunkModelFiles files, String modelId, SessionSettings session, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
        }
        this.files = files;
        this.modelId = modelId == null || modelId.isBlank() ? files.defaultModelId() : modelId.trim();
        this.session = session;
        this.batchSize = batchSize;
    }

    /**
     * Parses configuration strings: blank paths mean "not given"; {@code device} is {@code cpu}, {@code cuda} or
     * {@code cuda:N}.
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public static EncoderSettings parse(String checkpoint, String onnxDir, String configJson, String modelId,
            String device, int intraOpThreads, int batchSize) {
        Path ckpt = path(checkpoint);
        Path dir = path(onnxDir);
        if (ckpt == null && dir == null) {
            throw new IllegalArgumentException("set 'checkpoint' (an ImageBind .pth) or 'onnx_dir' (a folder of"
                    + " <modality>.onnx graphs)");
        }
        return new EncoderSettings(new TrunkModelFiles(ckpt, dir, path(configJson)), modelId,
                SessionSettings.of(device, intraOpThreads), batchSize);
    }

    public TrunkModelFiles files() {
        return files;
    }

    public String modelId() {
        return modelId;
    }

    public SessionSettings session() {
        return session;
    }

    public int batchSize() {
        return batchSize;
    }

    /**
     * Builds the trunk's graph if needed, opens its session and wraps it as an encoder of {@code modality}.
     *
     * @throws IOException when the graph cannot be built or loaded (the message names the file and, for a bad
     *                     checkpoint, the tensor)
     */
    public TrunkEncoder open(TrunkModality trunk, Modality modality, TrunkEncoder.Preparer preparer)
            throws IOException {
        EncoderSession s = EncoderSession.open(files.ensure(trunk), session);
        try {
            return new TrunkEncoder(modality, modelId, s, batchSize, preparer);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static Path path(String s) {
        return s == null || s.isBlank() ? null : Paths.get(s.trim());
    }

    @Override
    public String toString() {
        return "model " + modelId + " in " + files.onnxDir() + (files.checkpoint() == null ? ""
                : " (from " + files.checkpoint() + ")") + ", " + session + ", batch " + batchSize;
    }
}
