package dev.bindery.encoder.image.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.onnx.session.TrunkEncoder;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Depth and thermal images against the documented recipe ({@link SensorImagePreprocessor}) on generated images
 * (there is no upstream fixture: upstream has no loader for these modalities), and the encoders taking image files.
 */
class SensorImageTest {
    @TempDir
    Path tmp;

    private final SplittableRandom random = new SplittableRandom(41);
    private final SensorImagePreprocessor defaults = new SensorImagePreprocessor(
            new GrayImageReader(new ImageFileDecoder()), SensorImagePreprocessor.Recipe.defaults());

    @Test
    void thermalImagesAreGrayscaleOverTheirRangeNormalised() throws Exception {
        int[] gray8 = randomInts(224 * 224, 256);
        float[] out = defaults.preprocess(gray(tmp.resolve("t8.png"), 224, 224, gray8, false), false);
        for (int i = 0; i < out.length; i++) {
            assertEquals(gray8[i] / 255f, out[i], 0f, "8-bit pixel " + i);
        }
        int[] gray16 = randomInts(224 * 224, 65536);
        out = defaults.preprocess(gray(tmp.resolve("t16.png"), 224, 224, gray16, true), false);
        for (int i = 0; i < out.length; i++) {
            assertEquals(gray16[i] / 65535f, out[i], 1e-7f, "16-bit pixel " + i);
        }
        // a colour image: PIL convert("L") luminance
        BufferedImage rgb = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
        int[] colours = randomInts(224 * 224, 1 << 24);
        rgb.setRGB(0, 0, 224, 224, colours, 0, 224);
        Path colour = tmp.resolve("colour.png");
        ImageIO.write(rgb, "png", colour.toFile());
        SensorImagePreprocessor normalised = new SensorImagePreprocessor(new GrayImageReader(new ImageFileDecoder()),
                new SensorImagePreprocessor.Recipe(false, 0.001, 0.075, 518.857901, 0.01, 50, 0.0418, 0.0295, 0.5,
                        0.25));
        out = normalised.preprocess(colour, false);
        for (int i = 0; i < out.length; i++) {
            int r = colours[i] >> 16 & 0xFF;
            int g = colours[i] >> 8 & 0xFF;
            int b = colours[i] & 0xFF;
            int l = (19595 * r + 38470 * g + 7471 * b + 0x8000) >> 16;
            assertEquals((l / 255f - 0.5f) / 0.25f, out[i], 1e-6f, "luminance pixel " + i);
        }
        // resize and crop: a flat 8-bit image stays flat, a flat 16-bit one too
        int[] flat = new int[300 * 250];
        java.util.Arrays.fill(flat, 77);
        for (float v : defaults.preprocess(gray(tmp.resolve("flat.png"), 300, 250, flat, false), false)) {
            assertEquals(77 / 255f, v, 0f);
        }
        java.util.Arrays.fill(flat, 40000);
        for (float v : defaults.preprocess(gray(tmp.resolve("flat16.png"), 300, 250, flat, true), false)) {
            assertEquals(40000 / 65535f, v, 1e-6f);
        }
    }

    @Test
    void depthImagesBecomeNormalisedDisparity() throws Exception {
        int[] mm = randomInts(224 * 224, 65536);
        mm[0] = 0; // missing
        mm[1] = 3; // 3 mm: clamped to the nearest depth, 0.01 m
        mm[2] = 65535; // 65.5 m: clamped to 50 m
        float[] out = defaults.preprocess(gray(tmp.resolve("depth.png"), 224, 224, mm, true), true);
        for (int i = 0; i < out.length; i++) {
            double metres = Math.min(Math.max(mm[i] * 0.001, 0.01), 50);
            double disparity = mm[i] == 0 ? 0 : 0.075 * 518.857901 / metres;
            double expected = (disparity - 0.0418) / 0.0295;
            assertEquals(expected, out[i], 1e-5 * Math.max(1, Math.abs(expected)), "pixel " + i + " (" + mm[i] + " mm)");
        }
        // disparity maps: samples times the scale; a 448 x 448 flat map stays flat through the bilinear resize
        SensorImagePreprocessor disparity = new SensorImagePreprocessor(new GrayImageReader(new ImageFileDecoder()),
                new SensorImagePreprocessor.Recipe(true, 1.0 / 256, 0.075, 518.857901, 0.01, 50, 0.0418, 0.0295, 0,
                        1));
        int[] flat = new int[448 * 448];
        java.util.Arrays.fill(flat, 1024);
        for (float v : disparity.preprocess(gray(tmp.resolve("disp.png"), 448, 448, flat, true), true)) {
            assertEquals((float) ((4.0 - 0.0418) / 0.0295), v, 1e-4f);
        }
        assertThrows(IllegalArgumentException.class, () -> new SensorImagePreprocessor.Recipe(false, 0.001, 0.075,
                518.857901, 1, 0.5, 0.0418, 0.0295, 0, 1));
    }

    @Test
    void depthAndThermalEncodersTakeImageFiles() throws Exception {
        Manifest manifest = Golden.manifest("imagebind_tiny");
        int[] mm = randomInts(240 * 320, 8000);
        Path png = gray(tmp.resolve("room.png"), 320, 240, mm, true);
        for (String modality : new String[] {"depth", "thermal"}) {
            Map<String, Object> v = new HashMap<>(Map.of(
                    "modality", modality,
                    "checkpoint", manifest.path("imagebind_tiny.pth").toString(),
                    "onnx_dir", tmp.resolve("onnx").toString(),
                    "model_config", manifest.path("config.json").toString(),
                    "intra_op_threads", 1));
            try (TrunkEncoder encoder = SensorEncoderComponent.open(FakeFramework.config(SensorEncoderConfig.class,
                    v))) {
                Modality m = Modality.of(modality);
                float[] fromFile = encoder.encode(ModalityInput.ofFile(m, png)).vector();
                float[] tensor = defaults.preprocess(png, modality.equals("depth"));
                float[] fromTensor = encoder.encode(ModalityInput.ofTensor(m, tensor, 1, 224, 224)).vector();
                assertArrayEquals(fromTensor, fromFile, 0f, modality + ": the file is its preprocessed tensor");
                float[] fromBytes = encoder.encode(ModalityInput.ofBytes(m, Files.readAllBytes(png), "image/png"))
                        .vector();
                assertArrayEquals(fromFile, fromBytes, 0f, modality + ": bytes = file");
                Path cut = tmp.resolve("cut-" + modality + ".png");
                byte[] bytes = Files.readAllBytes(png);
                Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 3));
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> encoder.encode(ModalityInput.ofFile(m, cut)));
                assertTrue(e.getMessage().contains("cut-" + modality + ".png"), e.getMessage());
            }
        }
    }

    private int[] randomInts(int n, int bound) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(bound);
        }
        return v;
    }

    private static Path gray(Path file, int w, int h, int[] values, boolean sixteen) throws Exception {
        BufferedImage image = new BufferedImage(w, h, sixteen ? BufferedImage.TYPE_USHORT_GRAY
                : BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, w, h, 0, values);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
