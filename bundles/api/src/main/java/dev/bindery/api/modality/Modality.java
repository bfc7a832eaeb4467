package dev.bindery.api.modality;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A modality: an open, case-insensitive identifier such as {@code image} or {@code audio}. The constants name the
 * modalities ImageBind and Point-Bind know; a third-party bundle introduces a new one simply by registering an encoder
 * whose {@code bindery.modality} service property carries the new name.
 *
 * <p>Names are lower-case letters, digits, {@code -} and {@code _}, starting with a letter, at most 64 characters.
 */
public final class Modality implements Comparable<Modality> {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    public static final Modality IMAGE = new Modality("image");
    public static final Modality VIDEO = new Modality("video");
    public static final Modality AUDIO = new Modality("audio");
    public static final Modality TEXT = new Modality("text");
    public static final Modality POINT = new Modality("point");
    public static final Modality DEPTH = new Modality("depth");
    public static final Modality THERMAL = new Modality("thermal");
    public static final Modality IMU = new Modality("imu");

    private final String name;

    private Modality(String name) {
        this.name = name;
    }

    /**
     * The modality with this name.
     *
     * @throws IllegalArgumentException if the name is not a valid modality identifier
     */
    public static Modality of(String name) {
        Objects.requireNonNull(name, "modality name");
        String normalised = name.trim().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(normalised).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a modality name: use lower-case letters, digits,"
                    + " '-' and '_', starting with a letter, at most 64 characters");
        }
        return new Modality(normalised);
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Modality && ((Modality) other).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public int compareTo(Modality other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
