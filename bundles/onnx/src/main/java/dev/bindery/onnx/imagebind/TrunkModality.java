package dev.bindery.onnx.imagebind;

import java.util.Locale;

/**
 * The ImageBind modalities that have a transformer trunk, with the checkpoint key names of their stems, positional
 * tables and heads ({@code imagebind_huge.pth} / {@code imagebind_w3D.pth} layout) and the name of their graph input.
 */
public enum TrunkModality {
    /** Images (and 2-frame video clips): Conv3d stem over the frame repeated twice, CLS, pre-transformer LayerNorm. */
    VISION("vision", "image", "rgbt_stem.proj.1.weight", null, "pos_embedding_helper.pos_embed",
            "modality_heads.vision.0", "modality_heads.vision.2.weight"),
    /** Texts: token ids, learned token and positional embeddings, causal mask, pooled at {@code argmax(ids)}. */
    TEXT("text", "ids", "token_embedding.weight", null, "pos_embed",
            "modality_heads.text.proj.0", "modality_heads.text.proj.1.weight"),
    /** Log-mel spectrogram clips: Conv2d stem (kernel 16, stride 10) with LayerNorm. */
    AUDIO("audio", "fbank", "rgbt_stem.proj.weight", "rgbt_stem.norm_layer", "pos_embedding_helper.pos_embed",
            "modality_heads.audio.0", "modality_heads.audio.2.weight"),
    /** Depth (disparity) maps: Conv2d stem (kernel = stride = 16) with LayerNorm. */
    DEPTH("depth", "depth", "depth_stem.proj.weight", "depth_stem.norm_layer", "pos_embedding_helper.pos_embed",
            "modality_heads.depth.0", "modality_heads.depth.2.weight"),
    /** Thermal images: Conv2d stem (kernel = stride = 16) with LayerNorm. */
    THERMAL("thermal", "thermal", "rgbt_stem.proj.weight", "rgbt_stem.norm_layer", "pos_embedding_helper.pos_embed",
            "modality_heads.thermal.0", "modality_heads.thermal.2.weight"),
    /** IMU windows (6 channels x 2000 samples): windows of 8 samples, Linear stem with LayerNorm. */
    IMU("imu", "imu", "imu_stem.proj.weight", "imu_stem.norm_layer", "pos_embed",
            "modality_heads.imu.0", "modality_heads.imu.3.weight");

    private final String key;
    private final String inputName;
    private final String stemWeight;
    private final String stemNorm;
    private final String posEmbed;
    private final String headNorm;
    private final String headProjection;

    TrunkModality(String key, String inputName, String stemWeight, String stemNorm, String posEmbed, String headNorm,
            String headProjection) {
        this.key = key;
        this.inputName = inputName;
        this.stemWeight = stemWeight;
        this.stemNorm = stemNorm;
        this.posEmbed = posEmbed;
        this.headNorm = headNorm;
        this.headProjection = headProjection;
    }

    /** The modality's name in checkpoint keys, e.g. {@code vision}. */
    public String key() {
        return key;
    }

    /** The name of the graph's input. */
    public String inputName() {
        return inputName;
    }

    /** The modality whose checkpoint name is {@code name} (case-insensitive). */
    public static TrunkModality of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (TrunkModality m : values()) {
            if (m.key.equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not an ImageBind trunk modality (vision, text, audio,"
                + " depth, thermal, imu)");
    }

    String preprocessorKey(String suffix) {
        return "modality_preprocessors." + key + "." + suffix;
    }

    String trunkKey(String suffix) {
        return "modality_trunks." + key + "." + suffix;
    }

    String stemWeightKey() {
        return preprocessorKey(stemWeight);
    }

    /** Prefix of the stem's LayerNorm ({@code .weight}/{@code .bias}), or null when the stem has none. */
    String stemNormKey() {
        return stemNorm == null ? null : preprocessorKey(stemNorm);
    }

    String posEmbedKey() {
        return preprocessorKey(posEmbed);
    }

    String clsTokenKey() {
        return this == TEXT ? null : preprocessorKey("cls_token");
    }

    String headNormKey() {
        return headNorm;
    }

    String headProjectionKey() {
        return headProjection;
    }

    String logitScaleKey() {
        return "modality_postprocessors." + key + ".1.log_logit_scale";
    }

    @Override
    public String toString() {
        return key;
    }
}
