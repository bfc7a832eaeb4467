package dev.bindery.encoder.image.internal;

import dev.bindery.api.InvalidInputException;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Reads a depth or thermal image as one channel of raw samples: a grayscale image (8 or 16 bits, e.g. a 16-bit PNG
 * of millimetres) keeps its samples as they are; a colour or palette image is first converted as PIL's
 * {@code convert("RGB")} does ({@link ImageFileDecoder}) and then to luminance as PIL's {@code convert("L")} does
 * ({@code (19595 R + 38470 G + 7471 B + 32768) >> 16}).
 */
public final class GrayImageReader {
    private final ImageFileDecoder decoder;

    public GrayImageReader(ImageFileDecoder decoder) {
        this.decoder = decoder;
    }

    public GrayImage read(Path file) throws InvalidInputException {
        try {
            long size = Files.size(file);
            if (size > ImageFileDecoder.MAX_FILE_BYTES) {
                throw new InvalidInputException("image file " + file + " is " + size + " bytes, above the limit of "
                        + ImageFileDecoder.MAX_FILE_BYTES + " bytes");
            }
            return read(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("image file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read image file " + file + ": " + e.getMessage(), e);
        }
    }

    public GrayImage read(byte[] data, String source) throws InvalidInputException {
        BufferedImage image = null;
        if (ImageFormat.sniff(data) == ImageFormat.PNG) {
            image = grayscale(data, source);
        }
        if (image != null) {
            Raster raster = image.getRaster();
            int bits = raster.getSampleModel().getSampleSize(0);
            int w = raster.getWidth();
            int h = raster.getHeight();
            float[] values = raster.getSamples(0, 0, w, h, 0, new float[w * h]);
            return new GrayImage(w, h, values, (1 << bits) - 1);
        }
        RgbImage rgb = decoder.decode(data, source); // colour, palette, JPEG, GIF, BMP: through PIL's RGB conversion
        byte[] px = rgb.pixels();
        float[] values = new float[rgb.width() * rgb.height()];
        for (int i = 0; i < values.length; i++) {
            int r = px[i * 3] & 0xFF;
            int g = px[i * 3 + 1] & 0xFF;
            int b = px[i * 3 + 2] & 0xFF;
            values[i] = (19595 * r + 38470 * g + 7471 * b + 0x8000) >> 16;
        }
        return new GrayImage(rgb.width(), rgb.height(), values, 255);
    }

    /** A PNG whose pixels are one gray channel of 8 or 16 bits, or null for any other PNG. */
    private BufferedImage grayscale(byte[] data, String source) throws InvalidInputException {
        long[] declared = ImageFormat.PNG.declaredSize(data);
        if (declared != null && declared[0] * declared[1] > decoder.maxPixels()) {
            throw new InvalidInputException("image '" + source + "' is " + declared[0] + "x" + declared[1]
                    + ", above the limit of " + decoder.maxPixels() + " pixels");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(data));
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("cannot decode PNG image '" + source + "': " + e.getMessage(), e);
        }
        if (image == null) {
            throw new InvalidInputException("cannot decode PNG image '" + source + "'");
        }
        boolean gray = image.getRaster().getNumBands() == 1 && !(image.getColorModel() instanceof IndexColorModel)
                && image.getRaster().getSampleModel().getSampleSize(0) >= 8;
        return gray ? image : null;
    }
}
