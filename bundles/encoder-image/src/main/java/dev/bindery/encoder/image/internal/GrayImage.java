package dev.bindery.encoder.image.internal;

/**
 * A single-channel raster as read from a depth or thermal image: row-major values (raw integer samples, e.g.
 * 0..65535 for a 16-bit PNG) and the largest value the format can hold ({@code 255} or {@code 65535}).
 */
public record GrayImage(int width, int height, float[] values, int maxValue) {
    public GrayImage {
        if (width <= 0 || height <= 0 || (long) width * height != values.length) {
            throw new IllegalArgumentException("a " + width + "x" + height + " raster cannot hold " + values.length
                    + " values");
        }
    }
}
