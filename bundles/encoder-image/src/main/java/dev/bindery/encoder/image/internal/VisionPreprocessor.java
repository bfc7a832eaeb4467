package dev.bindery.encoder.image.internal;

import dev.bindery.api.InvalidInputException;
import java.nio.file.Path;

/**
 * Upstream ImageBind's {@code load_and_transform_vision_data} for one image: decode and convert to RGB as PIL does,
 * {@code Resize(224, BICUBIC)} (short side to 224, long side {@code int(224 * long / short)}, PIL's antialiased
 * bicubic), {@code CenterCrop(224)}, {@code ToTensor()} and CLIP {@code Normalize}. The result is the 3x224x224
 * float32 tensor (channel-first) the vision trunk takes. Thread-safe.
 */
public final class VisionPreprocessor {
    /** Side of the square the vision trunk takes. */
    public static final int SIZE = 224;

    private final ImageFileDecoder decoder;

    public VisionPreprocessor(ImageFileDecoder decoder) {
        this.decoder = decoder;
    }

    /** A preprocessor with the default decoder (pixel limit {@link ImageFileDecoder#DEFAULT_MAX_PIXELS}). */
    public VisionPreprocessor() {
        this(new ImageFileDecoder());
    }

    /** @return 3 x 224 x 224 floats, channel-major */
    public float[] preprocess(Path file) throws InvalidInputException {
        return transform(decoder.decode(file), file.toString());
    }

    /**
     * @param source names the input in error messages (a file name, an upload's name)
     * @return 3 x 224 x 224 floats, channel-major
     */
    public float[] preprocess(byte[] encoded, String source) throws InvalidInputException {
        return transform(decoder.decode(encoded, source), source);
    }

    /** The steps after decoding: resize, crop, normalise. */
    public float[] transform(RgbImage rgb, String source) throws InvalidInputException {
        return ClipNormalizer.toNormalizedChw(CenterCrop.crop(resize(rgb, source), SIZE));
    }

    /**
     * The resize step alone (upstream's intermediate, golden {@code *.resized_rgb.npy}).
     *
     * @throws InvalidInputException if the image is so elongated that the resized image would exceed the decoder's
     *                               pixel limit (a 1 x 100000 strip would become 224 x 22,400,000)
     */
    public RgbImage resize(RgbImage rgb, String source) throws InvalidInputException {
        long[] target = shortSideTarget(rgb.width(), rgb.height(), SIZE);
        if (target[0] * target[1] > decoder.maxPixels()) {
            throw new InvalidInputException("image '" + source + "' (" + rgb.width() + "x" + rgb.height()
                    + ") would be resized to " + target[0] + "x" + target[1] + ", above the limit of "
                    + decoder.maxPixels() + " pixels");
        }
        return PilBicubicResize.resize(rgb, (int) target[0], (int) target[1]);
    }

    /**
     * torchvision's {@code Resize(size)} rule with an int size: the short side becomes {@code size}, the long side
     * {@code int(size * long / short)}, truncated.
     *
     * @return {width, height}
     */
    public static long[] shortSideTarget(int width, int height, int size) {
        boolean landscape = width > height;
        int shortSide = landscape ? height : width;
        int longSide = landscape ? width : height;
        // Python: int(size * long / short); int * int is exact, the true division is correctly rounded in double.
        long newLong = (long) ((double) ((long) size * longSide) / shortSide);
        return landscape ? new long[] {newLong, size} : new long[] {size, newLong};
    }
}
