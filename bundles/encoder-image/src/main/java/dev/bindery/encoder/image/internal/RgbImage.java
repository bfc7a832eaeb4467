package dev.bindery.encoder.image.internal;

import java.util.Objects;

/**
 * An 8-bit RGB raster in row-major, channel-interleaved order (height x width x 3), the layout of a PIL "RGB" image
 * and of the golden {@code *.resized_rgb.npy} arrays. The pixel array is shared, not copied: the pipeline hands one
 * raster from stage to stage and nobody writes to a raster after creating it.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final byte[] pixels;

    /**
     * @param pixels {@code height * width * 3} bytes, taken over (not copied)
     * @throws IllegalArgumentException if a dimension is not positive or the array length does not match
     */
    public RgbImage(int width, int height, byte[] pixels) {
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, was " + width + "x" + height);
        }
        if ((long) width * height * 3 != pixels.length) {
            throw new IllegalArgumentException("a " + width + "x" + height + " RGB image needs "
                    + ((long) width * height * 3) + " bytes, got " + pixels.length);
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The shared pixel array (height x width x 3); callers must not modify it. */
    public byte[] pixels() {
        return pixels;
    }

    /** One channel value (0..255) at column {@code x}, row {@code y}; channel 0 = red, 1 = green, 2 = blue. */
    public int get(int x, int y, int channel) {
        return pixels[(y * width + x) * 3 + channel] & 0xFF;
    }

    @Override
    public String toString() {
        return "RgbImage " + width + "x" + height;
    }
}
