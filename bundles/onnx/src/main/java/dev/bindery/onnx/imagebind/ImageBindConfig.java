package dev.bindery.onnx.imagebind;

import dev.bindery.tensor.io.FormatException;
import dev.bindery.tensor.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The ImageBind hyper-parameters a checkpoint's tensor shapes do not reveal: the attention head count of each trunk,
 * the audio stem's stride and the audio spectrogram size. Everything else (widths, depths, output dimension, kernel
 * sizes, token counts) is read from the shapes.
 */
public final class ImageBindConfig {
    private final Map<TrunkModality, Integer> heads;
    private final int audioStride;
    private final int audioMelBins;
    private final int audioFrames;

    private ImageBindConfig(Map<TrunkModality, Integer> heads, int audioStride, int audioMelBins, int audioFrames) {
        this.heads = heads;
        this.audioStride = audioStride;
        this.audioMelBins = audioMelBins;
        this.audioFrames = audioFrames;
    }

    /**
     * The released {@code imagebind_huge} values: heads vision 16, text 16, audio 12, depth 8, thermal 12, IMU 8;
     * audio stride 10 over a 128 x 204 log-mel spectrogram.
     */
    public static ImageBindConfig released() {
        Map<TrunkModality, Integer> h = new EnumMap<>(TrunkModality.class);
        h.put(TrunkModality.VISION, 16);
        h.put(TrunkModality.TEXT, 16);
        h.put(TrunkModality.AUDIO, 12);
        h.put(TrunkModality.DEPTH, 8);
        h.put(TrunkModality.THERMAL, 12);
        h.put(TrunkModality.IMU, 8);
        return new ImageBindConfig(h, 10, 128, 204);
    }

    /**
     * Reads a {@code config.json} in the golden-fixture layout: {@code ImageBindModel_kwargs.<modality>_num_heads}
     * and, when present, {@code constructor_defaults_used.audio_stride / audio_num_mel_bins / audio_target_len};
     * missing entries keep the released values.
     */
    @SuppressWarnings("unchecked")
    public static ImageBindConfig fromJson(Path file) throws IOException {
        Map<String, Object> root;
        try {
            root = Json.parseObject(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new FormatException(file.toString(), "not valid JSON: " + e.getMessage());
        }
        ImageBindConfig base = released();
        Map<TrunkModality, Integer> h = new EnumMap<>(base.heads);
        Object kwargs = root.get("ImageBindModel_kwargs");
        if (kwargs instanceof Map<?, ?> k) {
            for (TrunkModality m : TrunkModality.values()) {
                Object v = k.get(m.key() + "_num_heads");
                if (v != null) {
                    h.put(m, positive(file, m.key() + "_num_heads", v));
                }
            }
        }
        int stride = base.audioStride;
        int mels = base.audioMelBins;
        int frames = base.audioFrames;
        Object defaults = root.get("constructor_defaults_used");
        if (defaults instanceof Map<?, ?> d) {
            Map<String, Object> dm = (Map<String, Object>) d;
            stride = dm.containsKey("audio_stride") ? positive(file, "audio_stride", dm.get("audio_stride")) : stride;
            mels = dm.containsKey("audio_num_mel_bins") ? positive(file, "audio_num_mel_bins",
                    dm.get("audio_num_mel_bins")) : mels;
            frames = dm.containsKey("audio_target_len") ? positive(file, "audio_target_len",
                    dm.get("audio_target_len")) : frames;
        }
        return new ImageBindConfig(h, stride, mels, frames);
    }

    /** A copy with another head count for one modality. */
    public ImageBindConfig withHeads(TrunkModality modality, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("head count must be positive, was " + count);
        }
        Map<TrunkModality, Integer> h = new EnumMap<>(heads);
        h.put(modality, count);
        return new ImageBindConfig(h, audioStride, audioMelBins, audioFrames);
    }

    public int heads(TrunkModality modality) {
        return heads.get(modality);
    }

    public int audioStride() {
        return audioStride;
    }

    public int audioMelBins() {
        return audioMelBins;
    }

    public int audioFrames() {
        return audioFrames;
    }

    private static int positive(Path file, String key, Object v) throws FormatException {
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() <= 0) {
            throw new FormatException(file.toString(), key, "must be a positive integer, was " + v);
        }
        return n.intValue();
    }

    @Override
    public String toString() {
        return "ImageBindConfig[heads=" + heads + ", audio stride " + audioStride + ", " + audioMelBins + "x"
                + audioFrames + "]";
    }
}
