package dev.bindery.encoder.image.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import org.junit.jupiter.api.Test;

/**
 * PIL's {@code convert("RGB")} rules for the image kinds the golden set has no file of: each image is written with the
 * JDK's encoders, decoded through {@link ImageFileDecoder}, and compared with the value PIL's rule gives for the
 * written samples.
 */
class PilRgbConverterTest {
    private static final int W = 7;
    private static final int H = 5;
    private final ImageFileDecoder decoder = new ImageFileDecoder();

    @Test
    void sixteenBitGreyPngClipsLikePilModeI() throws Exception {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = image.getRaster();
        forEach((x, y) -> r.setSample(x, y, 0, sample16(x, y)));
        RgbImage rgb = decoder.decode(encode(image, "png"), "grey16.png");
        // Pillow 9.4 opens it as mode "I"; I -> RGB clips each value to 0..255.
        forEach((x, y) -> assertGrey(rgb, x, y, Math.min(sample16(x, y), 255)));
    }

    @Test
    void sixteenBitRgbPngKeepsTheHighByte() throws Exception {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        BufferedImage image = new BufferedImage(cm, cm.createCompatibleWritableRaster(W, H), false, null);
        WritableRaster r = image.getRaster();
        forEach((x, y) -> {
            for (int c = 0; c < 3; c++) {
                r.setSample(x, y, c, (sample16(x, y) * (c + 3)) & 0xFFFF);
            }
        });
        RgbImage rgb = decoder.decode(encode(image, "png"), "rgb16.png");
        forEach((x, y) -> {
            for (int c = 0; c < 3; c++) {
                assertEquals(((sample16(x, y) * (c + 3)) & 0xFFFF) >> 8, rgb.get(x, y, c), "channel " + c);
            }
        });
    }

    @Test
    void greyWithAlphaReplicatesGreyAndDropsAlpha() throws Exception {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        BufferedImage image = new BufferedImage(cm, cm.createCompatibleWritableRaster(W, H), false, null);
        WritableRaster r = image.getRaster();
        forEach((x, y) -> {
            r.setSample(x, y, 0, sample8(x, y));
            r.setSample(x, y, 1, (x * 40) & 0xFF);
        });
        RgbImage rgb = decoder.decode(encode(image, "png"), "la.png");
        forEach((x, y) -> assertGrey(rgb, x, y, sample8(x, y)));
    }

    @Test
    void rgbaDropsAlphaWithoutCompositing() throws Exception {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_4BYTE_ABGR);
        WritableRaster r = image.getRaster();
        forEach((x, y) -> {
            for (int c = 0; c < 3; c++) {
                r.setSample(x, y, c, (sample8(x, y) + 50 * c) & 0xFF);
            }
            r.setSample(x, y, 3, x == 0 ? 0 : 128); // fully transparent first column keeps its colour
        });
        RgbImage rgb = decoder.decode(encode(image, "png"), "rgba.png");
        forEach((x, y) -> {
            for (int c = 0; c < 3; c++) {
                assertEquals((sample8(x, y) + 50 * c) & 0xFF, rgb.get(x, y, c), "channel " + c);
            }
        });
    }

    @Test
    void twoBitGreyScalesTo255() throws Exception {
        ImageTypeSpecifier type = ImageTypeSpecifier.createGrayscale(2, DataBuffer.TYPE_BYTE, false);
        BufferedImage image = type.createBufferedImage(W, H);
        WritableRaster r = image.getRaster();
        forEach((x, y) -> r.setSample(x, y, 0, (x + y) % 4));
        RgbImage rgb = decoder.decode(encode(image, "png"), "grey2.png");
        forEach((x, y) -> assertGrey(rgb, x, y, ((x + y) % 4) * 255 / 3));
    }

    @Test
    void palettesLookUpColoursAndIgnoreTransparency() throws Exception {
        // 256 entries: the JDK's BMP writer mis-packs 4-bit images, so keep every format at 8 bits per index.
        byte[] red = new byte[256];
        byte[] green = new byte[256];
        byte[] blue = new byte[256];
        for (int i = 0; i < 256; i++) {
            red[i] = (byte) (i * 17);
            green[i] = (byte) (255 - i * 13);
            blue[i] = (byte) (i * 7 + 3);
        }
        IndexColorModel palette = new IndexColorModel(8, 256, red, green, blue, 5); // index 5 is transparent
        for (String format : new String[] {"png", "gif", "bmp"}) {
            IndexColorModel cm = format.equals("bmp") ? new IndexColorModel(8, 256, red, green, blue) : palette;
            BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, cm);
            WritableRaster r = image.getRaster();
            forEach((x, y) -> r.setSample(x, y, 0, sample8(x, y)));
            RgbImage rgb = decoder.decode(encode(image, format), "palette." + format);
            forEach((x, y) -> {
                int index = sample8(x, y);
                assertEquals(red[index] & 0xFF, rgb.get(x, y, 0), format + " red");
                assertEquals(green[index] & 0xFF, rgb.get(x, y, 1), format + " green");
                assertEquals(blue[index] & 0xFF, rgb.get(x, y, 2), format + " blue");
            });
        }
    }

    @Test
    void greyJpegReplicatesItsChannel() throws Exception {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = image.getRaster();
        forEach((x, y) -> r.setSample(x, y, 0, sample8(x, y)));
        RgbImage rgb = decoder.decode(encode(image, "jpeg"), "grey.jpg");
        forEach((x, y) -> {
            assertEquals(rgb.get(x, y, 0), rgb.get(x, y, 1));
            assertEquals(rgb.get(x, y, 0), rgb.get(x, y, 2));
        });
    }

    private static int sample8(int x, int y) {
        return (x * 37 + y * 11) & 0xFF;
    }

    private static int sample16(int x, int y) {
        return x * 9000 + y * 17; // spans 0 .. 54,068: below and far above 255
    }

    private static void assertGrey(RgbImage rgb, int x, int y, int expected) {
        for (int c = 0; c < 3; c++) {
            assertEquals(expected, rgb.get(x, y, c), "pixel (" + x + "," + y + ") channel " + c);
        }
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IllegalStateException("the JDK cannot write this image as " + format);
        }
        return out.toByteArray();
    }

    private interface PixelAction {
        void at(int x, int y);
    }

    private static void forEach(PixelAction action) {
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                action.at(x, y);
            }
        }
    }
}
