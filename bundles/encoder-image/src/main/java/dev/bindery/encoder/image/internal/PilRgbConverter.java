package dev.bindery.encoder.image.internal;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Turns a decoded {@link BufferedImage} into 8-bit RGB the way Pillow 9.4's {@code Image.open(f).convert("RGB")}
 * does for the same file. It reads raw raster samples and never Java2D's colour-managed {@code getRGB}, because PIL
 * applies no colour management (no ICC profile, no PNG gamma).
 *
 * <ul>
 *   <li>palette images (PIL "P", also GIF, palette PNG, 1/4/8-bit BMP): palette lookup; transparency is ignored;</li>
 *   <li>RGB with alpha ("RGBA"): the alpha channel is dropped, not composited onto a background;</li>
 *   <li>grey ("L", "1", 2/4-bit grey): the value is replicated into R, G and B; sub-byte depths scale to 0..255
 *       ({@code v * 255 / max}: 1 bit to 0/255, 2 bits times 85, 4 bits times 17, as PIL's unpackers do);</li>
 *   <li>grey with alpha ("LA"): grey replicated, alpha dropped;</li>
 *   <li>16-bit RGB, RGBA and grey-with-alpha PNGs: PIL keeps the most significant byte;</li>
 *   <li>16-bit grey PNG without alpha: Pillow 9.4 opens it as mode "I" (32-bit integers) and its I-to-RGB conversion
 *       clips to 0..255, so any value above 255 becomes white. That is a PIL quirk, reproduced because parity with
 *       the upstream loader defines correctness here;</li>
 *   <li>packed-pixel RGB (5-6-5 or 5-5-5 BMPs): each field scaled by {@code v * 255 / max}, truncated, as PIL does.</li>
 * </ul>
 */
final class PilRgbConverter {
    private PilRgbConverter() {
    }

    /**
     * @param format the container format, which decides the 16-bit grey rule
     * @throws IllegalArgumentException if the colour space is neither grey nor RGB (e.g. CMYK)
     */
    static RgbImage toRgb(BufferedImage image, ImageFormat format) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
        if (cm instanceof IndexColorModel) {
            fromPalette((IndexColorModel) cm, raster, out);
        } else if (!fastInterleaved(cm, raster, out)) {
            fromComponents(cm, raster, format, out);
        }
        return new RgbImage(width, height, out);
    }

    private static void fromPalette(IndexColorModel palette, Raster raster, byte[] out) {
        int size = palette.getMapSize();
        byte[] r = new byte[size];
        byte[] g = new byte[size];
        byte[] b = new byte[size];
        palette.getReds(r);
        palette.getGreens(g);
        palette.getBlues(b);
        int width = raster.getWidth();
        int[] row = new int[width];
        for (int y = 0; y < raster.getHeight(); y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, 0, row);
            int o = y * width * 3;
            for (int x = 0; x < width; x++, o += 3) {
                int index = row[x];
                // An index past the palette's end reads as black (PIL pads short palettes with zeros).
                if (index < size) {
                    out[o] = r[index];
                    out[o + 1] = g[index];
                    out[o + 2] = b[index];
                }
            }
        }
    }

    /** Fast path for 8-bit interleaved byte rasters (JPEG, 8-bit PNG, 24-bit BMP); false if it does not apply. */
    private static boolean fastInterleaved(ColorModel cm, Raster raster, byte[] out) {
        if (!(raster.getSampleModel() instanceof PixelInterleavedSampleModel)
                || !(raster.getDataBuffer() instanceof DataBufferByte)
                || raster.getDataBuffer().getNumBanks() != 1 || raster.getDataBuffer().getOffset() != 0
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
            return false;
        }
        int colours = colourComponents(cm);
        PixelInterleavedSampleModel sm = (PixelInterleavedSampleModel) raster.getSampleModel();
        for (int band = 0; band < colours; band++) {
            if (sm.getSampleSize(band) != 8) {
                return false;
            }
        }
        byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
        int[] offsets = sm.getBandOffsets();
        int pixelStride = sm.getPixelStride();
        int scanline = sm.getScanlineStride();
        int width = raster.getWidth();
        int rOff = offsets[0];
        int gOff = colours == 3 ? offsets[1] : offsets[0];
        int bOff = colours == 3 ? offsets[2] : offsets[0];
        for (int y = 0; y < raster.getHeight(); y++) {
            int p = y * scanline;
            int o = y * width * 3;
            for (int x = 0; x < width; x++, p += pixelStride, o += 3) {
                out[o] = data[p + rOff];
                out[o + 1] = data[p + gOff];
                out[o + 2] = data[p + bOff];
            }
        }
        return true;
    }

    private static void fromComponents(ColorModel cm, Raster raster, ImageFormat format, byte[] out) {
        int colours = colourComponents(cm);
        int width = raster.getWidth();
        int height = raster.getHeight();
        int[][] rows = new int[colours][width];
        int[] bits = new int[colours];
        for (int band = 0; band < colours; band++) {
            bits[band] = raster.getSampleModel().getSampleSize(band);
        }
        boolean pilModeI = format == ImageFormat.PNG && colours == 1 && !cm.hasAlpha() && bits[0] == 16;
        for (int y = 0; y < height; y++) {
            for (int band = 0; band < colours; band++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, band, rows[band]);
            }
            int o = y * width * 3;
            for (int x = 0; x < width; x++, o += 3) {
                for (int c = 0; c < 3; c++) {
                    int band = colours == 3 ? c : 0;
                    int v = rows[band][x];
                    out[o + c] = (byte) (pilModeI ? Math.min(Math.max(v, 0), 255) : to8Bit(v, bits[band]));
                }
            }
        }
    }

    /** PIL's reduction of one sample to 8 bits: the high byte of wider samples, scaled for narrower ones. */
    static int to8Bit(int value, int bits) {
        if (bits == 8) {
            return value;
        }
        if (bits > 8) {
            return value >>> (bits - 8);
        }
        return value * 255 / ((1 << bits) - 1);
    }

    private static int colourComponents(ColorModel cm) {
        ColorSpace space = cm.getColorSpace();
        int n = cm.getNumColorComponents();
        if (space.getType() == ColorSpace.TYPE_RGB && n == 3) {
            return 3;
        }
        if (space.getType() == ColorSpace.TYPE_GRAY && n == 1) {
            return 1;
        }
        throw new IllegalArgumentException("unsupported colour space (type " + space.getType() + ", " + n
                + " components); only grey, RGB and palette images are supported");
    }
}
