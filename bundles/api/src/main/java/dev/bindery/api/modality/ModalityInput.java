package dev.bindery.api.modality;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One input of one modality, in one of four forms: a {@link Kind#FILE file}, {@link Kind#BYTES bytes} with a media
 * type (for uploads), a {@link Kind#TENSOR tensor} that is already preprocessed or natively numeric (depth maps, IMU
 * windows), or a {@link Kind#TEXT text}. Immutable; arrays are copied in and out.
 */
public final class ModalityInput {
    /** The form the input arrives in. */
    public enum Kind { FILE, BYTES, TENSOR, TEXT }

    private final Modality modality;
    private final Kind kind;
    private final Path file;
    private final byte[] bytes;
    private final String mediaType;
    private final float[] tensor;
    private final long[] shape;
    private final String text;

    private ModalityInput(Modality modality, Kind kind, Path file, byte[] bytes, String mediaType, float[] tensor,
            long[] shape, String text) {
        this.modality = Objects.requireNonNull(modality, "modality");
        this.kind = kind;
        this.file = file;
        this.bytes = bytes;
        this.mediaType = mediaType;
        this.tensor = tensor;
        this.shape = shape;
        this.text = text;
    }

    /** An input read from a file; the encoder recognises the format from the content and the file name. */
    public static ModalityInput ofFile(Modality modality, Path file) {
        return new ModalityInput(modality, Kind.FILE, Objects.requireNonNull(file, "file"), null, null, null, null,
                null);
    }

    /**
     * An input given as bytes, e.g. an upload.
     *
     * @param mediaType the media type such as {@code image/png} or {@code audio/wav}, or {@code null} to let the
     *                  encoder recognise the content
     */
    public static ModalityInput ofBytes(Modality modality, byte[] bytes, String mediaType) {
        return new ModalityInput(modality, Kind.BYTES, null, Objects.requireNonNull(bytes, "bytes").clone(), mediaType,
                null, null, null);
    }

    /**
     * A numeric input in row-major order, e.g. a preprocessed 3x224x224 image or a 6x2000 IMU window.
     *
     * @throws IllegalArgumentException if the shape's element count differs from the data length
     */
    public static ModalityInput ofTensor(Modality modality, float[] data, long... shape) {
        Objects.requireNonNull(data, "data");
        long count = 1;
        for (long dim : Objects.requireNonNull(shape, "shape")) {
            if (dim <= 0) {
                throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " has a dimension <= 0");
            }
            count = Math.multiplyExact(count, dim);
        }
        if (count != data.length) {
            throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " holds " + count
                    + " values but " + data.length + " were given");
        }
        return new ModalityInput(modality, Kind.TENSOR, null, null, null, data.clone(), shape.clone(), null);
    }

    /** A text input of the {@link Modality#TEXT text} modality. */
    public static ModalityInput ofText(String text) {
        return new ModalityInput(Modality.TEXT, Kind.TEXT, null, null, null, null, null,
                Objects.requireNonNull(text, "text"));
    }

    public Modality modality() {
        return modality;
    }

    public Kind kind() {
        return kind;
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** A copy of the bytes of a {@link Kind#BYTES} input. */
    public Optional<byte[]> bytes() {
        return Optional.ofNullable(bytes).map(byte[]::clone);
    }

    public Optional<String> mediaType() {
        return Optional.ofNullable(mediaType);
    }

    /** A copy of the values of a {@link Kind#TENSOR} input. */
    public Optional<float[]> tensor() {
        return Optional.ofNullable(tensor).map(float[]::clone);
    }

    /** A copy of the shape of a {@link Kind#TENSOR} input. */
    public Optional<long[]> shape() {
        return Optional.ofNullable(shape).map(long[]::clone);
    }

    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    /** A short human-readable description for messages and logs: the file name, the media type or the shape. */
    public String describe() {
        switch (kind) {
            case FILE:
                return modality + " file " + file;
            case BYTES:
                return modality + " bytes (" + bytes.length + " bytes" + (mediaType == null ? "" : ", " + mediaType)
                        + ")";
            case TENSOR:
                return modality + " tensor " + Arrays.toString(shape);
            default:
                return modality + " text (" + text.length() + " chars)";
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
