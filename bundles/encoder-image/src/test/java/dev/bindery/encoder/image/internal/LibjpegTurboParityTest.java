package dev.bindery.encoder.image.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The JDK's JPEG decoder (IJG libjpeg) against libjpeg-turbo 2.1.5, upstream's decoder, on chroma subsamplings,
 * progressive, restart-marker and greyscale files (see {@code libjpeg-turbo/README.md}): every pixel must be equal.
 */
class LibjpegTurboParityTest {
    private final ImageFileDecoder decoder = new ImageFileDecoder();

    @TestFactory
    List<DynamicTest> everyReferenceJpegDecodesExactly() throws IOException, URISyntaxException {
        Path dir = Path.of(LibjpegTurboParityTest.class.getResource("libjpeg-turbo").toURI());
        List<Path> jpegs;
        try (Stream<Path> files = Files.list(dir)) {
            jpegs = files.filter(p -> p.toString().endsWith(".jpg")).sorted().collect(Collectors.toList());
        }
        assertFalse(jpegs.isEmpty(), "no reference JPEGs in " + dir);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path jpeg : jpegs) {
            tests.add(DynamicTest.dynamicTest(jpeg.getFileName().toString(), () -> {
                String stem = jpeg.toString().substring(0, jpeg.toString().length() - ".jpg".length());
                Path reference = Files.exists(Path.of(stem + ".ppm")) ? Path.of(stem + ".ppm") : Path.of(stem + ".pgm");
                RgbImage expected = readPnm(reference);
                RgbImage actual = decoder.decode(jpeg);
                assertEquals(expected.width(), actual.width(), "width");
                assertEquals(expected.height(), actual.height(), "height");
                byte[] e = expected.pixels();
                byte[] a = actual.pixels();
                for (int i = 0; i < e.length; i++) {
                    if (e[i] != a[i]) {
                        int pixel = i / 3;
                        throw new AssertionError(jpeg.getFileName() + ": first difference at x=" + pixel % actual.width()
                                + " y=" + pixel / actual.width() + " channel " + i % 3 + ": libjpeg-turbo "
                                + (e[i] & 0xFF) + ", JDK " + (a[i] & 0xFF));
                    }
                }
            }));
        }
        return tests;
    }

    /** Reads a binary PPM (P6) or PGM (P5, replicated to RGB) with maxval 255, as djpeg writes them. */
    private static RgbImage readPnm(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            String magic = token(in);
            int width = Integer.parseInt(token(in));
            int height = Integer.parseInt(token(in));
            assertEquals("255", token(in), file + ": maxval");
            assertTrue(magic.equals("P6") || magic.equals("P5"), file + ": not a binary PPM/PGM");
            int channels = magic.equals("P6") ? 3 : 1;
            byte[] raw = in.readNBytes(width * height * channels);
            assertEquals(width * height * channels, raw.length, file + ": truncated");
            byte[] rgb = new byte[width * height * 3];
            for (int i = 0; i < width * height * 3; i++) {
                rgb[i] = raw[channels == 3 ? i : i / 3];
            }
            return new RgbImage(width, height, rgb);
        }
    }

    /** The next whitespace-separated header token; consumes the single whitespace after it. */
    private static String token(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (Character.isWhitespace(c)) {
                if (sb.length() > 0) {
                    break;
                }
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
