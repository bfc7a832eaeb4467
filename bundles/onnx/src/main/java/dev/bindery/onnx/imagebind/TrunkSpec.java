package dev.bindery.onnx.imagebind;

import dev.bindery.tensor.io.FormatException;
import java.util.Arrays;

/**
 * The shape of one modality's encoder as read from a checkpoint: trunk width, depth and heads, the MLP width, the
 * token count, the output (embedding) dimension, whether attention has learned {@code bias_k/bias_v}, the stem's
 * kernel and stride, and the per-item input shape the graph takes (after the dynamic batch dimension).
 */
public final class TrunkSpec {
    private final TrunkModality modality;
    private final int width;
    private final int blocks;
    private final int heads;
    private final int mlpWidth;
    private final int tokens;
    private final int outputDim;
    private final boolean biasKv;
    private final int kernel;
    private final int stride;
    private final long[] inputShape;

    private TrunkSpec(TrunkModality modality, int width, int blocks, int heads, int mlpWidth, int tokens,
            int outputDim, boolean biasKv, int kernel, int stride, long[] inputShape) {
        this.modality = modality;
        this.width = width;
        this.blocks = blocks;
        this.heads = heads;
        this.mlpWidth = mlpWidth;
        this.tokens = tokens;
        this.outputDim = outputDim;
        this.biasKv = biasKv;
        this.kernel = kernel;
        this.stride = stride;
        this.inputShape = inputShape;
    }

    public TrunkModality modality() {
        return modality;
    }

    /** Token width of the trunk (e.g. 1280 for the huge vision trunk). */
    public int width() {
        return width;
    }

    public int blocks() {
        return blocks;
    }

    public int heads() {
        return heads;
    }

    public int mlpWidth() {
        return mlpWidth;
    }

    /** Tokens per item, CLS included (257 for images, 77 for texts). */
    public int tokens() {
        return tokens;
    }

    /** The embedding dimension (1024 for the released model). */
    public int outputDim() {
        return outputDim;
    }

    public boolean biasKv() {
        return biasKv;
    }

    /** Stem kernel size (spatial; for IMU the window length); 0 for text. */
    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    /**
     * The shape of one item of the graph's input, e.g. {3, 2, 224, 224} for vision (a 2-frame clip: an image is its
     * frame repeated, upstream's {@code PadIm2Video}), {1, 224, 224} for depth; text: {77} (int64 ids).
     */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** Number of values in one item of the input. */
    public int inputSize() {
        long n = 1;
        for (long d : inputShape) {
            n *= d;
        }
        return (int) n;
    }

    /** Reads the spec from the checkpoint's shapes; the heads and audio geometry come from {@code config}. */
    static TrunkSpec infer(CheckpointWeights w, TrunkModality m, ImageBindConfig config) throws FormatException {
        long[] norm1 = w.shape(m.trunkKey("blocks.0.norm_1.weight"), 1);
        int width = (int) norm1[0];
        int blocks = 0;
        while (w.has(m.trunkKey("blocks." + blocks + ".attn.in_proj_weight"))) {
            blocks++;
        }
        int heads = config.heads(m);
        if (width % heads != 0) {
            throw new FormatException(w.file(), m.trunkKey("blocks.0.norm_1.weight"), "width " + width
                    + " is not divisible by the configured " + heads + " heads of the " + m + " trunk");
        }
        int mlp = (int) w.shape(m.trunkKey("blocks.0.mlp.fc1.weight"), 2)[0];
        long[] pos = w.shape(m.posEmbedKey(), 3);
        int tokens = (int) pos[1];
        if (pos[2] != width) {
            throw new FormatException(w.file(), m.posEmbedKey(), "has width " + pos[2] + ", the trunk " + width);
        }
        long[] proj = w.shape(m.headProjectionKey(), 2);
        if (proj[1] != width) {
            throw new FormatException(w.file(), m.headProjectionKey(), "takes " + proj[1] + " inputs, the trunk is "
                    + width + " wide");
        }
        boolean biasKv = w.has(m.trunkKey("blocks.0.attn.bias_k"));
        long[] stem = w.shape(m.stemWeightKey());
        int kernel;
        int stride;
        long[] input;
        int patches = tokens - 1;
        switch (m) {
            case VISION -> {
                check(w, m.stemWeightKey(), stem.length == 5 && stem[0] == width && stem[3] == stem[4],
                        "expected (" + width + ", 3, T, k, k)", stem);
                kernel = (int) stem[3];
                stride = kernel;
                int grid = squareRoot(w, m, patches);
                // a clip of stem[2] frames (channels, time, height, width): one temporal patch, as upstream's
                // Conv3d with temporal kernel = stride = T makes of a 2-frame video clip or a PadIm2Video image
                input = new long[] {stem[1], stem[2], (long) grid * kernel, (long) grid * kernel};
            }
            case TEXT -> {
                check(w, m.stemWeightKey(), stem.length == 2 && stem[1] == width, "expected (vocab, " + width + ")",
                        stem);
                kernel = 0;
                stride = 0;
                patches = tokens;
                input = new long[] {tokens};
            }
            case AUDIO -> {
                check(w, m.stemWeightKey(), stem.length == 4 && stem[0] == width && stem[1] == 1 && stem[2] == stem[3],
                        "expected (" + width + ", 1, k, k)", stem);
                kernel = (int) stem[2];
                stride = config.audioStride();
                long gh = (config.audioMelBins() - kernel) / stride + 1;
                long gw = (config.audioFrames() - kernel) / stride + 1;
                if (gh * gw != patches) {
                    throw new FormatException(w.file(), m.posEmbedKey(), "has " + tokens + " rows but a "
                            + config.audioMelBins() + "x" + config.audioFrames() + " spectrogram with kernel " + kernel
                            + " and stride " + stride + " gives 1 + " + gh * gw + " tokens");
                }
                input = new long[] {1, config.audioMelBins(), config.audioFrames()};
            }
            case DEPTH, THERMAL -> {
                check(w, m.stemWeightKey(), stem.length == 4 && stem[0] == width && stem[1] == 1 && stem[2] == stem[3],
                        "expected (" + width + ", 1, k, k)", stem);
                kernel = (int) stem[2];
                stride = kernel;
                int grid = squareRoot(w, m, patches);
                input = new long[] {1, (long) grid * kernel, (long) grid * kernel};
            }
            case IMU -> {
                check(w, m.stemWeightKey(), stem.length == 2 && stem[0] == width && stem[1] % IMU_CHANNELS == 0,
                        "expected (" + width + ", " + IMU_CHANNELS + " * window)", stem);
                kernel = (int) (stem[1] / IMU_CHANNELS);
                stride = kernel;
                input = new long[] {IMU_CHANNELS, (long) patches * kernel};
            }
            default -> throw new IllegalStateException(m.toString());
        }
        return new TrunkSpec(m, width, blocks, heads, mlp, tokens, (int) proj[0], biasKv, kernel, stride, input);
    }

    /** IMU channels: accelerometer and gyroscope, x/y/z each. */
    static final int IMU_CHANNELS = 6;

    private static void check(CheckpointWeights w, String key, boolean ok, String expected, long[] shape)
            throws FormatException {
        if (!ok) {
            throw new FormatException(w.file(), key, "has shape " + Arrays.toString(shape) + ", " + expected);
        }
    }

    private static int squareRoot(CheckpointWeights w, TrunkModality m, int patches) throws FormatException {
        int grid = (int) Math.round(Math.sqrt(patches));
        if (grid * grid != patches) {
            throw new FormatException(w.file(), m.posEmbedKey(), "has 1 + " + patches
                    + " rows, not 1 + a square patch grid");
        }
        return grid;
    }

    @Override
    public String toString() {
        return modality + " trunk " + width + "-d x " + blocks + " blocks, " + heads + " heads, " + tokens
                + " tokens -> " + outputDim + "-d" + (biasKv ? ", bias_kv" : "") + ", input "
                + Arrays.toString(inputShape);
    }
}
