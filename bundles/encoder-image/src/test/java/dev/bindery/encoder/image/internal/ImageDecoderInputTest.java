package dev.bindery.encoder.image.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Inputs the decoder must refuse, each with an {@link InvalidInputException} that names the input and the problem. */
class ImageDecoderInputTest {
    private static final Manifest MANIFEST = Golden.manifest("preprocess");
    private final ImageFileDecoder decoder = new ImageFileDecoder();

    @TestFactory
    List<DynamicTest> truncatedCopiesOfEveryVisionInputAreRefused() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String input : MANIFEST.files(f -> f.startsWith("inputs/vision/"))) {
            tests.add(DynamicTest.dynamicTest(input, () -> {
                byte[] whole = Files.readAllBytes(MANIFEST.path(input));
                for (double keep : new double[] {0.1, 0.6, 0.95}) {
                    byte[] cut = Arrays.copyOf(whole, (int) (whole.length * keep));
                    String name = input + " cut to " + cut.length + " bytes";
                    InvalidInputException e = assertThrows(InvalidInputException.class, () -> decoder.decode(cut, name));
                    assertTrue(e.getMessage().contains(name), e.getMessage());
                }
            }));
        }
        assertFalse(tests.isEmpty(), "the manifest lists no vision inputs");
        return tests;
    }

    @TestFactory
    List<DynamicTest> filesOfOtherModalitiesAreRefused() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String input : MANIFEST.files(f -> f.startsWith("inputs/audio/") || f.startsWith("inputs/point/"))) {
            tests.add(DynamicTest.dynamicTest(input, () -> {
                Path file = MANIFEST.path(input);
                InvalidInputException e = assertThrows(InvalidInputException.class, () -> decoder.decode(file));
                assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
                assertTrue(e.getMessage().contains("is not a JPEG, PNG, GIF or BMP image"), e.getMessage());
                if (input.endsWith(".wav")) {
                    assertTrue(e.getMessage().contains("WAV audio"), e.getMessage());
                }
            }));
        }
        assertFalse(tests.isEmpty(), "the manifest lists no audio or point inputs");
        return tests;
    }

    @Test
    void emptyInputIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> decoder.decode(new byte[0], "up.png"));
        assertTrue(e.getMessage().contains("up.png") && e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void missingFileIsRefused(@TempDir Path dir) {
        Path missing = dir.resolve("nothing.jpg");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> decoder.decode(missing));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void enormousPngIsRefusedFromItsHeader() throws Exception {
        // 50,000 x 50,000 declared, no pixel data at all: the size check must come before any decoding.
        byte[] png = pngHeaderOnly(50_000, 50_000);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> decoder.decode(png, "bomb.png"));
        assertTrue(e.getMessage().contains("2500000000 pixels") && e.getMessage().contains("above the limit"),
                e.getMessage());
    }

    @Test
    void enormousBmpIsRefusedFromItsHeader() {
        ByteBuffer bmp = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(54).putInt(0).putInt(54);
        bmp.putInt(40).putInt(12_000).putInt(12_000).putShort((short) 1).putShort((short) 24).putInt(0)
                .putInt(0).putInt(2835).putInt(2835).putInt(0).putInt(0);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> decoder.decode(bmp.array(), "bomb.bmp"));
        assertTrue(e.getMessage().contains("above the limit"), e.getMessage());
    }

    @Test
    void pixelLimitIsConfigurable() throws Exception {
        ImageFileDecoder small = new ImageFileDecoder(1000);
        Path rocket = MANIFEST.path("inputs/vision/rocket.jpg");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> small.decode(rocket));
        assertTrue(e.getMessage().contains("640x427") && e.getMessage().contains("1000 pixels"), e.getMessage());
    }

    @Test
    void zeroWidthImageIsRefused() throws Exception {
        byte[] png = pngHeaderOnly(0, 10);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> decoder.decode(png, "empty.png"));
        assertTrue(e.getMessage().contains("empty.png"), e.getMessage());
    }

    @Test
    void elongatedImageWhoseResizeWouldExceedTheLimitIsRefused() throws Exception {
        // 2 x 5000 is 10,000 pixels, but resized to a short side of 224 it would be 224 x 560,000.
        RgbImage strip = new RgbImage(2, 5000, new byte[2 * 5000 * 3]);
        VisionPreprocessor preprocessor = new VisionPreprocessor(new ImageFileDecoder(1_000_000));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> preprocessor.transform(strip, "strip.png"));
        assertTrue(e.getMessage().contains("224x560000"), e.getMessage());
    }

    @Test
    void garbageAfterAPngSignatureIsRefused() {
        byte[] data = Arrays.copyOf(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 64);
        Arrays.fill(data, 8, 64, (byte) 0x5A);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> decoder.decode(data, "junk.png"));
        assertTrue(e.getMessage().startsWith("cannot decode PNG image 'junk.png'"), e.getMessage());
    }

    @Test
    void textIsRefusedAsUnrecognisedContent() {
        byte[] text = "a photo of a dog".getBytes(StandardCharsets.US_ASCII);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> decoder.decode(text, "dog.txt"));
        assertTrue(e.getMessage().contains("unrecognised content") && e.getMessage().contains("a photo "),
                e.getMessage());
        assertEquals(ImageFileDecoder.DEFAULT_MAX_PIXELS, decoder.maxPixels());
    }

    /** A PNG with only a signature, an IHDR chunk (8-bit RGB) and IEND. */
    static byte[] pngHeaderOnly(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(bytes, "IHDR", ihdr.array());
        chunk(bytes, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        d.write(typeBytes);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
