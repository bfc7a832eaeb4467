package dev.bindery.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bindery.api.assistant.WeightedInput;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the media content parts of a message (or of an embeddings input) into weighted inputs: OpenAI's
 * {@code image_url} and {@code input_audio}, and Bindery's {@code point_cloud}, {@code video}, {@code depth},
 * {@code thermal} and {@code imu} parts, which carry {@code {"data": BASE64, "format": EXT}} or {@code {"url": URL}}.
 * Every part may carry a {@code weight} (default 1).
 */
final class ContentParts {
    /** Bindery's own part types and their modalities. */
    static final Map<String, Modality> BINDERY_TYPES = Map.of("point_cloud", Modality.POINT, "video", Modality.VIDEO,
            "depth", Modality.DEPTH, "thermal", Modality.THERMAL, "imu", Modality.IMU);

    private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/jpg", "image/pjpeg",
            "image/gif", "image/bmp", "image/x-bmp", "image/x-ms-bmp", "application/x-npy", "application/npy",
            "application/octet-stream");
    private static final Map<String, String> AUDIO_FORMATS = Map.of("wav", "audio/wav", "wave", "audio/wav",
            "npy", "application/x-npy");
    private static final Set<String> AUDIO_TYPES = Set.of("audio/wav", "audio/x-wav", "audio/wave",
            "audio/vnd.wave", "application/x-npy", "application/npy", "application/octet-stream");

    private final MediaSource media;

    ContentParts(MediaSource media) {
        this.media = media;
    }

    /** Whether {@code type} names a media part this class reads. */
    static boolean isMedia(String type) {
        return "image_url".equals(type) || "input_audio".equals(type) || BINDERY_TYPES.containsKey(type);
    }

    /** The part's input with its weight; {@code param} is the part's JSON path for messages. */
    WeightedInput read(JsonNode part, String type, String param) throws ApiError {
        ModalityInput input;
        if ("image_url".equals(type)) {
            input = image(part.get("image_url"), param + ".image_url");
        } else if ("input_audio".equals(type)) {
            input = audio(part.get("input_audio"), param + ".input_audio");
        } else {
            input = bindery(BINDERY_TYPES.get(type), part.get(type), param + "." + type);
        }
        return new WeightedInput(input, weight(part, param));
    }

    private ModalityInput image(JsonNode node, String param) throws ApiError {
        String url = node == null ? null : node.isTextual() ? node.asText() : text(node.get("url"));
        if (url == null) {
            throw ApiError.invalid("missing_url", param, param + ".url is missing");
        }
        Media m = media.fromUrl(url, param + ".url");
        checkType(m, IMAGE_TYPES, "image", "PNG, JPEG, GIF, BMP or .npy", param + ".url");
        return toInput(Modality.IMAGE, m);
    }

    private ModalityInput audio(JsonNode node, String param) throws ApiError {
        if (node == null || !node.isObject()) {
            throw ApiError.invalid("missing_audio", param, param + " must be an object {\"data\": BASE64,"
                    + " \"format\": \"wav\"}");
        }
        String format = text(node.get("format"));
        String type = null;
        if (format != null) {
            type = AUDIO_FORMATS.get(format.toLowerCase(Locale.ROOT));
            if (type == null) {
                throw ApiError.invalid("unsupported_audio_format", param + ".format", "audio format '" + format
                        + "' is not supported; supported: wav, npy");
            }
        }
        Media m = media.fromBase64(text(node.get("data")), type, param + ".data");
        checkType(m, AUDIO_TYPES, "audio", "WAV or .npy", param + ".data");
        return toInput(Modality.AUDIO, m);
    }

    private ModalityInput bindery(Modality modality, JsonNode node, String param) throws ApiError {
        if (node == null || !node.isObject()) {
            throw ApiError.invalid("missing_" + modality, param, param + " must be an object {\"data\": BASE64,"
                    + " \"format\": EXTENSION} or {\"url\": URL}");
        }
        String format = text(node.get("format"));
        Media m = node.hasNonNull("url") ? media.fromUrl(text(node.get("url")), param + ".url")
                : media.fromBase64(text(node.get("data")), null, param + ".data");
        if (format != null) {
            m = m.withMediaType(format);
        }
        return toInput(modality, m);
    }

    private static void checkType(Media m, Set<String> allowed, String kind, String list, String param)
            throws ApiError {
        if (m.mediaType() != null && !allowed.contains(m.mediaType())) {
            throw ApiError.invalid("unsupported_media_type", param, "'" + m.mediaType()
                    + "' is not a supported " + kind + " type; send " + list);
        }
    }

    private static ModalityInput toInput(Modality modality, Media m) {
        return m.file() != null ? ModalityInput.ofFile(modality, m.file())
                : ModalityInput.ofBytes(modality, m.bytes(), m.mediaType());
    }

    static float weight(JsonNode part, String param) throws ApiError {
        JsonNode w = part.get("weight");
        if (w == null || w.isNull()) {
            return 1f;
        }
        if (!w.isNumber() || !(w.asDouble() >= 0) || !Double.isFinite(w.asDouble())) {
            throw ApiError.invalid("invalid_weight", param + ".weight", param + ".weight must be a number >= 0, was "
                    + w);
        }
        return (float) w.asDouble();
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode() ? null : node.asText();
    }
}
