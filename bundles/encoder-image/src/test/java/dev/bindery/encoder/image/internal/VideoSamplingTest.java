package dev.bindery.encoder.image.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The video sampling arithmetic against upstream's formulas (reference.md §1.5): clip windows of
 * {@code ConstantClipsPerVideoSampler(2, 5)}, the frames {@code UniformTemporalSubsample(2)} keeps, the bilinear
 * {@code ShortSideScale} and the three spatial crops.
 */
class VideoSamplingTest {
    @Test
    void clipWindowsFollowTheSamplerFormula() {
        long[][] cases = {{30, 1}, {30, 45}, {30, 60}, {30, 61}, {30, 150}, {30, 301}, {100, 1234}, {90000, 1_234_567},
            {25, 7}, {1000, 2000}, {1000, 2001}};
        for (long[] c : cases) {
            long ts = c[0];
            long duration = c[1];
            double seconds = (double) duration / ts;
            double[] starts = ClipSampler.startSeconds(seconds, 2, 5);
            List<ClipSampler.Window> windows = ClipSampler.windows(duration, 0, ts, 2, 5);
            assertEquals(5, windows.size());
            for (int i = 0; i < 5; i++) {
                double expected = i * Math.max(seconds - 2, 0) / 4; // reference.md: i * max(D - 2, 0) / 4
                assertEquals(expected, starts[i], 1e-12);
                ClipSampler.Window w = windows.get(i);
                // secs_to_pts(..., round_mode="ceil"): the first tick at or after the start
                assertTrue(w.startPts() >= expected * ts - 1e-6 && w.startPts() < expected * ts + 1,
                        "clip " + i + " of " + duration + "/" + ts + ": " + w);
                assertEquals(2 * ts, w.endPts() - w.startPts(), "clips last 2 s");
            }
            if (seconds <= 2) {
                for (ClipSampler.Window w : windows) {
                    assertEquals(new ClipSampler.Window(0, 2 * ts), w, "a short video gives 5 copies of [0, 2)");
                }
            } else {
                assertEquals(duration - 2 * ts, windows.get(4).startPts(), "the last clip ends at the end");
            }
        }
        // the stream's start time shifts the timestamps and is subtracted from the duration, as pytorchvideo does
        assertEquals(new ClipSampler.Window(1000 + 15, 1000 + 15 + 60),
                ClipSampler.windows(1000 + 120, 1000, 30, 2, 5).get(1));
    }

    @Test
    void twoFramesPerClipAreTheFirstAndTheLast() {
        assertArrayEquals(new int[] {0, 0}, UniformTemporalSubsample.indices(1, 2));
        assertArrayEquals(new int[] {0, 1}, UniformTemporalSubsample.indices(2, 2));
        assertArrayEquals(new int[] {0, 59}, UniformTemporalSubsample.indices(60, 2));
        // torch.linspace(0, 9, 4) = [0, 3, 6, 9]; linspace(0, 7, 3) = [0, 3.5, 7] -> long [0, 3, 7]
        assertArrayEquals(new int[] {0, 3, 6, 9}, UniformTemporalSubsample.indices(10, 4));
        assertArrayEquals(new int[] {0, 3, 7}, UniformTemporalSubsample.indices(8, 3));
    }

    @Test
    void framesOfAClipAreThoseOfItsWindow() throws Exception {
        // 30 fps, 3.5 s: clip starts 0, 0.375, 0.75, 1.125, 1.5 s -> pts ceil(start * 30) = 0, 12 (11.25), 23 (22.5), 34, 45
        VideoFrames video = new FakeVideo(30, 105);
        int[][] clips = VideoPreprocessor.frameIndices(video);
        int[] starts = {0, 12, 23, 34, 45};
        for (int c = 0; c < 5; c++) {
            assertArrayEquals(new int[] {starts[c], starts[c] + 59}, clips[c], "clip " + c);
        }
    }

    @Test
    void shortSideScaleSizesAndBilinearValuesAreTorchs() {
        assertArrayEquals(new int[] {336, 224}, VideoClipTransform.scaledSize(336, 224, 224));
        assertArrayEquals(new int[] {224, 298}, VideoClipTransform.scaledSize(480, 640, 224)); // floor(640/480*224)
        assertArrayEquals(new int[] {398, 224}, VideoClipTransform.scaledSize(1920, 1080, 224));
        assertArrayEquals(new int[] {224, 224}, VideoClipTransform.scaledSize(50, 50, 224));
        SplittableRandom r = new SplittableRandom(3);
        int w = 37;
        int h = 23;
        float[] src = new float[w * h];
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) r.nextDouble();
        }
        for (int[] out : new int[][] {{20, 11}, {80, 50}, {37, 23}}) {
            float[] dst = new float[out[0] * out[1]];
            VideoClipTransform.bilinear(src, w, h, dst, 0, out[0], out[1]);
            for (int y = 0; y < out[1]; y++) {
                for (int x = 0; x < out[0]; x++) {
                    // align_corners=False: source = (dst + 0.5) * in / out - 0.5, clamped at 0, edge replicated
                    double sx = Math.max((x + 0.5) * w / out[0] - 0.5, 0);
                    double sy = Math.max((y + 0.5) * h / out[1] - 0.5, 0);
                    int x0 = (int) sx;
                    int y0 = (int) sy;
                    int x1 = Math.min(x0 + 1, w - 1);
                    int y1 = Math.min(y0 + 1, h - 1);
                    double fx = sx - x0;
                    double fy = sy - y0;
                    double v = (1 - fy) * ((1 - fx) * src[y0 * w + x0] + fx * src[y0 * w + x1])
                            + fy * ((1 - fx) * src[y1 * w + x0] + fx * src[y1 * w + x1]);
                    assertEquals(v, dst[y * out[0] + x], 1e-5, "pixel " + x + "," + y + " of " + out[0] + "x" + out[1]);
                }
            }
        }
    }

    @Test
    void threeCropsAlongTheLongSideWithCeiledCentre() {
        assertEquals(25, VideoClipTransform.cropOffset(273, 224, 1), "ceil(24.5), where the image crop takes 24");
        assertEquals(24, CenterCrop.offset(273, 224));
        for (int[] size : new int[][] {{273, 224}, {224, 257}, {224, 224}}) {
            int w = size[0];
            int h = size[1];
            byte[] px = new byte[w * h * 3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    px[(y * w + x) * 3] = (byte) x;
                    px[(y * w + x) * 3 + 1] = (byte) y;
                    px[(y * w + x) * 3 + 2] = (byte) (x + y);
                }
            }
            RgbImage frame = new RgbImage(w, h, px);
            float[][] crops = VideoClipTransform.crops(new RgbImage[] {frame, frame});
            assertEquals(3, crops.length);
            boolean portrait = h > w;
            int extent = portrait ? h : w;
            int[] offsets = {0, (int) Math.ceil((extent - 224) / 2.0), extent - 224};
            for (int k = 0; k < 3; k++) {
                int x0 = portrait ? 0 : offsets[k];
                int y0 = portrait ? offsets[k] : 0;
                byte[] cut = new byte[224 * 224 * 3];
                for (int y = 0; y < 224; y++) {
                    System.arraycopy(px, ((y0 + y) * w + x0) * 3, cut, y * 224 * 3, 224 * 3);
                }
                // no rescaling (short side 224, long side kept): each crop is the normalised slice, frame repeated
                float[] image = ClipNormalizer.toNormalizedChw(new RgbImage(224, 224, cut));
                float[] expected = dev.bindery.onnx.imagebind.PadIm2Video.repeat(image, 3, 2);
                assertArrayEquals(expected, crops[k], 1e-6f, w + "x" + h + " crop " + k);
            }
        }
    }

    /** A video whose frames are only timestamps: {@code n} frames at {@code fps}, duration {@code n / fps}. */
    private record FakeVideo(long fps, int n) implements VideoFrames {
        @Override
        public long timescale() {
            return fps;
        }

        @Override
        public long startPts() {
            return 0;
        }

        @Override
        public long durationPts() {
            return n;
        }

        @Override
        public long[] pts() {
            long[] p = new long[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            return p;
        }

        @Override
        public RgbImage[] decode(int[] indices) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String source() {
            return "fake";
        }

        @Override
        public void close() {
        }
    }
}
