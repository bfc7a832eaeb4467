package dev.bindery.encoder.image.internal;

import dev.bindery.api.InvalidInputException;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG, PNG, GIF (first frame) and BMP files into 8-bit RGB as PIL's {@code Image.open(f).convert("RGB")}
 * does (see {@link PilRgbConverter}), using the JDK's {@code javax.imageio} decoders.
 *
 * <p>Defensive: the format is recognised from the content's signature; the image size is read from the header (our
 * own read of the fixed header fields, then the JDK reader's header parse) and checked against a pixel limit
 * <em>before</em> any pixel is decoded (a few-kilobyte file can declare a gigapixel
 * image); truncated or corrupt files, empty files, zero-size images and content of another modality are refused with
 * an {@link InvalidInputException} that names the input and the problem. Thread-safe: each call uses its own reader.
 *
 * <p>JPEG: the JDK decodes with IJG libjpeg (integer IDCT, fancy upsampling) and upstream's Pillow with
 * libjpeg-turbo, whose default path computes the same integer arithmetic; the golden {@code rocket.decoded_rgb.npy}
 * fixture checks that the two agree. The JDK's default conversion of ICC-tagged JPEGs to sRGB is switched off (see
 * {@link #readParam}). CMYK and YCCK JPEGs are refused (the JDK cannot decode them).
 */
public final class ImageFileDecoder {
    /**
     * Default limit on width x height: 89,478,485 pixels, the size above which PIL warns of a decompression bomb
     * ({@code Image.MAX_IMAGE_PIXELS}); about 256 MiB of 24-bit pixels.
     */
    public static final long DEFAULT_MAX_PIXELS = 89_478_485L;
    /** Largest file {@link #decode(Path)} reads: 256 MiB. */
    public static final long MAX_FILE_BYTES = 256L << 20;

    private final long maxPixels;

    /** A decoder with the {@link #DEFAULT_MAX_PIXELS default pixel limit}. */
    public ImageFileDecoder() {
        this(DEFAULT_MAX_PIXELS);
    }

    /** @param maxPixels the largest width x height accepted */
    public ImageFileDecoder(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, was " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    public long maxPixels() {
        return maxPixels;
    }

    /** Reads and decodes an image file. */
    public RgbImage decode(Path file) throws InvalidInputException {
        byte[] data;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new InvalidInputException("image file " + file + " is " + size + " bytes, above the limit of "
                        + MAX_FILE_BYTES + " bytes");
            }
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("image file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read image file " + file + ": " + e.getMessage(), e);
        }
        return decode(data, file.toString());
    }

    /**
     * Decodes an encoded image held in memory.
     *
     * @param source names the input in error messages
     */
    public RgbImage decode(byte[] data, String source) throws InvalidInputException {
        if (data.length == 0) {
            throw new InvalidInputException("image '" + source + "' is empty (0 bytes)");
        }
        ImageFormat format = ImageFormat.sniff(data);
        if (format == null) {
            throw new InvalidInputException("image '" + source + "' is not a JPEG, PNG, GIF or BMP image: it looks like "
                    + ImageFormat.describeOther(data));
        }
        long[] declared = format.declaredSize(data);
        if (declared != null) {
            checkSize(source, format, declared[0], declared[1]);
        }
        ImageReader reader = readerFor(format);
        List<String> fatalWarnings = new ArrayList<>();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener(truncationListener(fatalWarnings));
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkSize(source, format, width, height);
            BufferedImage image = reader.read(0, readParam(reader, format));
            if (!fatalWarnings.isEmpty()) {
                throw new InvalidInputException(describe(source, format) + " is truncated or corrupt: "
                        + String.join("; ", fatalWarnings));
            }
            return PilRgbConverter.toRgb(image, format);
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // javax.imageio reports corrupt data with IIOException, EOFException and, for some malformed
            // streams, runtime exceptions (index out of bounds, negative sizes): all mean "cannot decode".
            throw new InvalidInputException("cannot decode " + describe(source, format) + ": " + messageOf(e), e);
        } finally {
            reader.dispose();
        }
    }

    private void checkSize(String source, ImageFormat format, long width, long height) throws InvalidInputException {
        if (width <= 0 || height <= 0) {
            throw new InvalidInputException(describe(source, format) + " has no pixels (size " + width + "x" + height
                    + ")");
        }
        long pixels = width * height;
        if (pixels > maxPixels) {
            throw new InvalidInputException(describe(source, format) + " is " + width + "x" + height + " = " + pixels
                    + " pixels, above the limit of " + maxPixels + " pixels");
        }
    }

    /**
     * For a JPEG with an embedded ICC profile the JDK's reader converts the decoded pixels to sRGB by default. PIL does
     * no colour management, so ask for the reader's other destination type, the one in the embedded profile's colour
     * space with the same layout, which the reader fills with libjpeg's output unchanged.
     */
    private static ImageReadParam readParam(ImageReader reader, ImageFormat format) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        if (format != ImageFormat.JPEG) {
            return param;
        }
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (!types.hasNext()) {
            return param;
        }
        ImageTypeSpecifier first = types.next();
        while (types.hasNext()) {
            ImageTypeSpecifier candidate = types.next();
            ColorSpace space = candidate.getColorModel().getColorSpace();
            if (space instanceof ICC_ColorSpace && !space.isCS_sRGB()
                    && candidate.getBufferedImageType() == first.getBufferedImageType()
                    && candidate.getNumComponents() == first.getNumComponents()) {
                param.setDestinationType(candidate);
                break;
            }
        }
        return param;
    }

    private static ImageReader readerFor(ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName);
        if (!readers.hasNext()) {
            throw new IllegalStateException("the JDK has no javax.imageio reader for " + format);
        }
        return readers.next();
    }

    /**
     * libjpeg reports image data that ends early only as a warning ("premature end of data segment" or "of JPEG
     * file") and fills the missing rows with grey; PIL refuses such a file ("image file is truncated"), and so do we.
     * A file that lacks only its final EOI marker has all its pixels and is accepted. Other decoder warnings (e.g.
     * extraneous bytes before a marker) are harmless and ignored, as PIL ignores them.
     */
    private static IIOReadWarningListener truncationListener(List<String> fatal) {
        return (reader, warning) -> {
            if (warning.toLowerCase(java.util.Locale.ROOT).contains("premature end")) {
                fatal.add(warning);
            }
        };
    }

    private static String describe(String source, ImageFormat format) {
        return format + " image '" + source + "'";
    }

    private static String messageOf(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
