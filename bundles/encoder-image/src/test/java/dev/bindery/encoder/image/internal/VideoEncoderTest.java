package dev.bindery.encoder.image.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.onnx.session.ClipMeanEncoder;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import dev.bindery.tensor.testing.Tolerance;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jcodec.api.FrameGrab;
import org.jcodec.api.SequenceEncoder;
import org.jcodec.common.Codec;
import org.jcodec.common.Format;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Rational;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The video encoder: still videos made of a golden image's resized pixels against upstream's image embeddings (a
 * still clip is the image repeated over its 2 frames, which is exactly what {@code PadIm2Video} makes of the image),
 * the MP4 (JCodec H.264) and GIF sources' timing and frames, and the component's two services over one session.
 */
class VideoEncoderTest {
    @TempDir
    Path tmp;

    private Manifest manifest;

    @BeforeEach
    void setUp() {
        manifest = Golden.manifest("imagebind_tiny");
    }

    private ImageEncoderConfig config(Map<String, Object> extra) {
        Map<String, Object> v = new HashMap<>(Map.of(
                "checkpoint", manifest.path("imagebind_tiny.pth").toString(),
                "onnx_dir", tmp.resolve("onnx").toString(),
                "model_config", manifest.path("config.json").toString(),
                "intra_op_threads", 1));
        v.putAll(extra);
        return FakeFramework.config(ImageEncoderConfig.class, v);
    }

    /**
     * For every golden vision item whose resized image the video path keeps unscaled (short side 224, long side
     * unchanged by {@code ShortSideScale}): a folder of identical frames of that image is a still video; each of its
     * 5 clips gives the same 3 crops, each crop clip is the crop image repeated over 2 frames, so the video embedding
     * (mean of the 15 normalised clip embeddings) is the mean of the image embeddings of the 3 crops. Where the
     * video's centre crop ({@code ceil}) sits where the image's centre crop ({@code round} half to even) does, that
     * crop's embedding is upstream's golden image embedding; otherwise they are one pixel apart.
     */
    @Test
    @SuppressWarnings("unchecked")
    void stillVideosOfGoldenImagesGiveTheMeanOfTheirCropsImageEmbeddings() throws Exception {
        TensorData expected = Golden.npy("imagebind_tiny/embeddings/vision.npy");
        Tolerance tol = manifest.tolerance("embeddings/vision.npy");
        int dim = (int) expected.dim(1);
        float[] golden = expected.toFloatArray();
        List<Map<String, Object>> items = (List<Map<String, Object>>) ((Map<String, Object>) manifest.root()
                .get("items")).get("vision");
        ImageEncoderComponent.VisionEncoders encoders = ImageEncoderComponent.openAll(config(Map.of()));
        assertNotNull(encoders);
        int checked = 0;
        int goldenCentres = 0;
        try (ClipMeanEncoder video = encoders.video()) {
            assertEquals(15, video.clips());
            for (Map<String, Object> item : items) {
                String input = (String) item.get("input");
                TensorData resized = Golden.npy(input.replace(".expected.npy", ".resized_rgb.npy"));
                int h = (int) resized.dim(0);
                int w = (int) resized.dim(1);
                int[] scaled = VideoClipTransform.scaledSize(w, h, 224);
                if (scaled[0] != w || scaled[1] != h) {
                    continue; // ShortSideScale would resample it: no exact relation to the image path
                }
                byte[] px = new byte[w * h * 3];
                float[] values = resized.toFloatArray();
                for (int i = 0; i < px.length; i++) {
                    px[i] = (byte) Math.round(values[i]);
                }
                RgbImage frame = new RgbImage(w, h, px);
                Path folder = Files.createDirectories(tmp.resolve("still-" + item.get("row")));
                for (int f = 0; f < 3; f++) {
                    ImageIO.write(toBuffered(frame), "png", folder.resolve("frame" + f + ".png").toFile());
                }
                float[] videoEmbedding = video.encode(ModalityInput.ofFile(Modality.VIDEO, folder)).vector();

                boolean portrait = h > w;
                int extent = portrait ? h : w;
                float[][] crops = new float[3][];
                for (int k = 0; k < 3; k++) {
                    int off = VideoClipTransform.cropOffset(extent, 224, k);
                    RgbImage crop = crop(frame, portrait ? 0 : off, portrait ? off : 0);
                    crops[k] = encoders.image().encode(ModalityInput.ofTensor(Modality.IMAGE,
                            ClipNormalizer.toNormalizedChw(crop), 3, 224, 224)).vector();
                }
                int row = ((Number) item.get("row")).intValue();
                for (int d = 0; d < dim; d++) {
                    float mean = (crops[0][d] + crops[1][d] + crops[2][d]) / 3;
                    assertTrue(tol.accepts(videoEmbedding[d], mean), "still " + input + " at " + d + ": video "
                            + videoEmbedding[d] + ", mean of the crops' image embeddings " + mean);
                }
                if (VideoClipTransform.cropOffset(extent, 224, 1) == CenterCrop.offset(extent, 224)) {
                    for (int d = 0; d < dim; d++) {
                        assertTrue(tol.accepts(crops[1][d], golden[row * dim + d]), "centre crop of " + input + " at "
                                + d + " is upstream's image embedding");
                    }
                    goldenCentres++;
                } else {
                    assertEquals(1, VideoClipTransform.cropOffset(extent, 224, 1) - CenterCrop.offset(extent, 224));
                }
                if (w == h) {
                    for (int d = 0; d < dim; d++) {
                        assertTrue(tol.accepts(videoEmbedding[d], golden[row * dim + d]),
                                "a square still video is its image: " + input + " at " + d);
                    }
                }
                checked++;
            }
        } finally {
            encoders.image().close();
        }
        assertTrue(checked >= 3, "golden items with unscaled resized images: " + checked);
        assertTrue(goldenCentres >= 2, "centre crops tied to golden embeddings: " + goldenCentres);
    }

    @Test
    void mp4FramesTimingAndClipFramesComeFromTheH264Track() throws Exception {
        // 3 s at 10 fps, 64 x 48, frame i a flat grey of level 40 + 5 i
        Path mp4 = tmp.resolve("ramp.mp4");
        SequenceEncoder enc = new SequenceEncoder(NIOUtils.writableChannel(mp4.toFile()), Rational.R(10, 1),
                Format.MOV, Codec.H264, null);
        for (int i = 0; i < 30; i++) {
            Picture p = Picture.create(64, 48, ColorSpace.RGB);
            java.util.Arrays.fill(p.getPlaneData(0), (byte) (40 + 5 * i - 128));
            enc.encodeNativeFrame(p);
        }
        enc.finish();
        try (Mp4VideoFrames v = Mp4VideoFrames.open(mp4, ImageFileDecoder.DEFAULT_MAX_PIXELS)) {
            long[] pts = v.pts();
            assertEquals(30, pts.length);
            for (int i = 1; i < pts.length; i++) {
                assertEquals(pts[1] - pts[0], pts[i] - pts[i - 1], "constant frame rate");
            }
            assertEquals(3.0, (double) (v.durationPts() - v.startPts()) / v.timescale(), 1e-6);
            assertEquals(0.1, (double) (pts[1] - pts[0]) / v.timescale(), 1e-9);
            // clips start at 0, 0.25, 0.5, 0.75, 1 s: first frames 0, 3 (ceil 2.5), 5, 8 (7.5), 10; 20 frames each
            int[][] clips = VideoPreprocessor.frameIndices(v);
            int[] first = {0, 3, 5, 8, 10};
            for (int c = 0; c < 5; c++) {
                assertArrayEquals(new int[] {first[c], first[c] + 19}, clips[c], "clip " + c);
            }
            int[] wanted = {0, 13, 29};
            RgbImage[] frames = v.decode(wanted);
            int previous = -1;
            for (int k = 0; k < 3; k++) {
                assertEquals(64, frames[k].width());
                assertEquals(48, frames[k].height());
                // the decoder's own luma of that frame, through BT.601 limited range (grey: U = V = 128)
                Picture yuv = FrameGrab.getFrameFromFile(mp4.toFile(), wanted[k]);
                int luma = yuv.getPlaneData(0)[24 * yuv.getWidth() + 32] + 128;
                int expectedLevel = (int) Math.max(0, Math.min(255, Math.round((luma - 16) * 255.0 / 219)));
                for (int c = 0; c < 3; c++) {
                    int got = frames[k].get(32, 24, c);
                    assertTrue(Math.abs(got - expectedLevel) <= 2, "frame " + wanted[k] + " channel " + c + ": " + got
                            + ", luma " + luma);
                }
                assertTrue(frames[k].get(32, 24, 0) > previous + 20, "the ramp's frames, in order");
                previous = frames[k].get(32, 24, 0);
            }
        }
        try (ClipMeanEncoder video = ImageEncoderComponent.openAll(config(Map.of())).video()) {
            float[] fromFile = video.encode(ModalityInput.ofFile(Modality.VIDEO, mp4)).vector();
            float[] fromBytes = video.encode(ModalityInput.ofBytes(Modality.VIDEO, Files.readAllBytes(mp4),
                    "video/mp4")).vector();
            assertArrayEquals(fromFile, fromBytes, 0f, "an upload decodes as the file");
        }
    }

    @Test
    void gifFramesAreCompositedWithTheirDelays() throws Exception {
        // the golden palette GIF is one frame: one frame at 0 with the default delay (0.1 s)
        byte[] gif = Files.readAllBytes(Golden.path("preprocess/inputs/vision/coffee_palette_tall.gif"));
        try (GifVideoFrames v = GifVideoFrames.of(gif, "coffee", ImageFileDecoder.DEFAULT_MAX_PIXELS)) {
            assertArrayEquals(new long[] {0}, v.pts());
            assertEquals(100, v.timescale());
            int[][] clips = VideoPreprocessor.frameIndices(v);
            for (int[] clip : clips) {
                assertArrayEquals(new int[] {0, 0}, clip, "a 1-frame video gives its frame twice per clip");
            }
            RgbImage frame = v.decode(new int[] {0})[0];
            RgbImage asImage = new ImageFileDecoder().decode(Golden.path("preprocess/inputs/vision/coffee_palette_tall.gif"));
            assertEquals(asImage.width(), frame.width());
            assertArrayEquals(asImage.pixels(), frame.pixels(), "an opaque single frame is the image");
        }
    }

    @Test
    void badVideosAreRefusedNamingThem() throws Exception {
        try (ClipMeanEncoder video = ImageEncoderComponent.openAll(config(Map.of())).video()) {
            Path notVideo = Golden.path("preprocess/inputs/audio/speech_16k_mono.wav");
            InvalidInputException wav = assertThrows(InvalidInputException.class,
                    () -> video.encode(ModalityInput.ofFile(Modality.VIDEO, notVideo)));
            assertTrue(wav.getMessage().contains("speech_16k_mono.wav"), wav.getMessage());
            Path cut = tmp.resolve("cut.mp4");
            Path mp4 = tmp.resolve("ok.mp4");
            SequenceEncoder enc = SequenceEncoder.createSequenceEncoder(mp4.toFile(), 5);
            for (int i = 0; i < 5; i++) {
                enc.encodeNativeFrame(Picture.create(32, 32, ColorSpace.RGB));
            }
            enc.finish();
            byte[] bytes = Files.readAllBytes(mp4);
            Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
            InvalidInputException truncated = assertThrows(InvalidInputException.class,
                    () -> video.encode(ModalityInput.ofFile(Modality.VIDEO, cut)));
            assertTrue(truncated.getMessage().contains("cut.mp4"), truncated.getMessage());
            Path empty = Files.createDirectories(tmp.resolve("no-frames"));
            InvalidInputException none = assertThrows(InvalidInputException.class,
                    () -> video.encode(ModalityInput.ofFile(Modality.VIDEO, empty)));
            assertTrue(none.getMessage().contains("no-frames"), none.getMessage());
            InvalidInputException image = assertThrows(InvalidInputException.class,
                    () -> video.encode(ModalityInput.ofFile(Modality.IMAGE, mp4)));
            assertTrue(image.getMessage().contains("video encoder"), image.getMessage());
            InvalidInputException shape = assertThrows(InvalidInputException.class,
                    () -> video.encode(ModalityInput.ofTensor(Modality.VIDEO, new float[3 * 224 * 224], 3, 224, 224)));
            assertTrue(shape.getMessage().contains("[15, 3, 2, 224, 224]"), shape.getMessage());
        }
    }

    @Test
    void componentRegistersImageAndVideoOverOneSessionAndTakesBothDown() {
        FakeFramework fw = new FakeFramework();
        ImageEncoderComponent component = new ImageEncoderComponent(fw.context(), config(Map.of("model_id", "tiny")));
        assertTrue(component.registered());
        assertTrue(component.videoRegistered());
        assertEquals(2, fw.services.size());
        assertEquals("image", fw.properties.get(0).get(ModalityEncoder.MODALITY));
        assertEquals("video", fw.properties.get(1).get(ModalityEncoder.MODALITY));
        assertEquals("tiny", fw.properties.get(1).get(ModalityEncoder.MODEL_ID));
        ClipMeanEncoder video = (ClipMeanEncoder) fw.services.get(1);
        assertEquals(((dev.bindery.onnx.session.TrunkEncoder) fw.services.get(0)).session(), video.session(),
                "one session");
        component.deactivate();
        assertEquals(2, fw.unregistered);
        assertTrue(video.session().isClosed());

        FakeFramework off = new FakeFramework();
        ImageEncoderComponent imageOnly = new ImageEncoderComponent(off.context(), config(Map.of("video", false)));
        assertFalse(imageOnly.videoRegistered());
        assertEquals(1, off.services.size());
        imageOnly.deactivate();
    }

    private static RgbImage crop(RgbImage image, int x0, int y0) {
        byte[] out = new byte[224 * 224 * 3];
        for (int y = 0; y < 224; y++) {
            System.arraycopy(image.pixels(), ((y0 + y) * image.width() + x0) * 3, out, y * 224 * 3, 224 * 3);
        }
        return new RgbImage(224, 224, out);
    }

    private static BufferedImage toBuffered(RgbImage image) {
        BufferedImage b = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                b.setRGB(x, y, image.get(x, y, 0) << 16 | image.get(x, y, 1) << 8 | image.get(x, y, 2));
            }
        }
        return b;
    }

}
