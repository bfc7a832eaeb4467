package dev.bindery.encoder.image.internal;

/**
 * torchvision's {@code CenterCrop(size)} for images at least {@code size} pixels in each direction. The offsets are
 * {@code int(round((extent - size) / 2))} with Python's {@code round}, which rounds halves to even: a width of 273
 * cropped to 224 starts at column 24, not 25.
 */
public final class CenterCrop {
    private CenterCrop() {
    }

    /** The first row or column of a centred window of {@code size} in {@code extent}, rounding halves to even. */
    public static int offset(int extent, int size) {
        return (int) Math.rint((extent - size) / 2.0);
    }

    /**
     * @throws IllegalArgumentException if the image is smaller than the crop (upstream never gets here: the resize
     *                                  before makes the short side exactly the crop size)
     */
    public static RgbImage crop(RgbImage image, int size) {
        if (image.width() < size || image.height() < size) {
            throw new IllegalArgumentException("cannot centre-crop " + size + "x" + size + " from " + image);
        }
        int top = offset(image.height(), size);
        int left = offset(image.width(), size);
        byte[] src = image.pixels();
        byte[] dst = new byte[size * size * 3];
        int rowBytes = size * 3;
        for (int y = 0; y < size; y++) {
            System.arraycopy(src, ((top + y) * image.width() + left) * 3, dst, y * rowBytes, rowBytes);
        }
        return new RgbImage(size, size, dst);
    }
}
