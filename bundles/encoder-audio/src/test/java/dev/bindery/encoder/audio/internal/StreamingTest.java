package dev.bindery.encoder.audio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long files are streamed: only the frames the three clips depend on are read, and the result is what upstream's
 * whole-file load, whole-file resampling and slicing give.
 */
class StreamingTest {
    private final AudioPreprocessor preprocessor = new AudioPreprocessor();

    @Test
    void aFileLongerThanTenMinutesGivesTheWholeFileSamplesWhileReadingLittleOfIt(@TempDir Path dir) throws Exception {
        int rate = 8_000;
        int frames = rate * 60 * 10 + rate * 17; // 10 min 17 s
        long[] s = new long[frames];
        for (int i = 0; i < frames; i++) {
            // cheap broadband content: a scrambled sawtooth
            s[i] = (i * 7919L + (i >> 7) * 131L) % 16001 - 8000;
        }
        Path file = dir.resolve("long.wav");
        Files.write(file, AudioInputTest.pcm16(rate, s));

        SourceAudio audio = preprocessor.decode(file);
        assertEquals(3, audio.clips().size());
        assertTrue(audio.bytesRead() < Files.size(file) / 50, "read " + audio.bytesRead() + " of " + Files.size(file)
                + " bytes");
        ClipWaveforms clips = preprocessor.resample(audio);
        assertEquals(3, clips.segmentCount(), "clips of a long file do not overlap");
        assertTrue(clips.samplesHeld() <= 3L * AudioPreprocessor.SAMPLE_RATE * AudioPreprocessor.CLIP_SECONDS);

        float[] whole = AudioPreprocessor.loadWaveform16k(file)[0];
        assertEquals(whole.length, audio.samples16k(), "16 kHz length");
        for (int k = 0; k < 3; k++) {
            ClipSpan c = clips.clips().get(k);
            assertArrayEquals(java.util.Arrays.copyOfRange(whole, (int) c.from(), (int) c.to()), clips.channel0(k),
                    "clip " + k + " samples");
        }
        assertEquals(whole.length, clips.clips().get(2).to(), "the last clip ends with the file");
    }

    @Test
    void aSparseEighteenHourFileIsReadOnlyAroundItsClips(@TempDir Path dir) throws Exception {
        int rate = 44_100;
        int channels = 2;
        long dataBytes = 0x7FF0_0000L; // just under 2 GiB: 6.8 hours of 44.1 kHz stereo 16-bit
        TestWav w = new TestWav();
        w.sampleRate = rate;
        w.channels = channels;
        w.declaredDataSize = dataBytes;
        byte[] header = w.build(new byte[0]);
        Path file = dir.resolve("sparse.wav");
        long frames = dataBytes / 4;
        // The middle clip starts at (duration - 2) / 2 seconds: put a tone there, leave the rest as holes (zeros).
        double duration = Math.ceil(16_000.0 * frames / rate) / 16_000;
        long middle = (long) ((duration - 2) / 2 * rate);
        long[] tone = AudioInputTest.tone(rate * 2 * channels, rate);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(header);
            raf.setLength(header.length + dataBytes);
            raf.seek(header.length + middle * 4);
            raf.write(w.intSamples(tone, 2));
        }

        SourceAudio audio = preprocessor.decode(file);
        assertEquals(frames, audio.frameCount());
        assertTrue(audio.bytesRead() < 2_000_000, "read " + audio.bytesRead() + " bytes of a 2 GiB file");
        float[] t = AudioPreprocessor.normalize(preprocessor.fbank(preprocessor.resample(audio)));
        int perClip = AudioPreprocessor.MEL_BINS * AudioPreprocessor.TARGET_FRAMES;
        float floor = ((float) Math.log(Math.ulp(1f)) - AudioPreprocessor.MEAN) / AudioPreprocessor.STD;
        for (int clip : new int[] {0, 2}) {
            for (int b = 0; b < AudioPreprocessor.MEL_BINS; b++) {
                assertEquals(floor, t[clip * perClip + b * AudioPreprocessor.TARGET_FRAMES + 10], "silent clip " + clip);
            }
        }
        int bin440 = 20; // any low bin: the tone's energy spreads there through the window
        assertNotEquals(floor, t[perClip + bin440 * AudioPreprocessor.TARGET_FRAMES + 100], "the middle clip hears the tone");
    }

    @Test
    void overlappingClipsShareOneSegmentAndSeeEarlierSubtractions() throws Exception {
        long[] s = AudioInputTest.tone(16_000 * 3, 16_000);
        for (int i = 0; i < s.length; i++) {
            s[i] += 3000; // a DC offset, so the first clip's mean is far from 0
        }
        ClipWaveforms clips = preprocessor.resample(preprocessor.decode(AudioInputTest.pcm16(16_000, s), "dc"));
        assertEquals(1, clips.segmentCount());
        List<ClipSpan> spans = clips.clips();
        assertTrue(spans.get(0).overlaps(spans.get(1)) && spans.get(1).overlaps(spans.get(2)));
        int shift = (int) (spans.get(1).from() - spans.get(0).from());
        int shared = (int) (spans.get(0).to() - spans.get(1).from());
        float[] clip1Before = clips.channel0(1);
        float m0 = clips.subtractClipMean(0);
        float[] clip1After = clips.channel0(1);
        for (int i = 0; i < clip1Before.length; i++) {
            assertEquals(i < shared ? clip1Before[i] - m0 : clip1Before[i], clip1After[i],
                    "clip 1 sample " + i + " sees clip 0's subtraction exactly where they overlap");
        }
        assertEquals(clips.channel0(0)[shift], clips.channel0(1)[0], "the same sample through both views");
        double expected = 0;
        for (float v : clip1After) {
            expected += v;
        }
        expected /= clip1After.length;
        float m1 = clips.subtractClipMean(1);
        assertEquals(expected, m1, 1e-6, "clip 1 subtracts the mean of what it holds after clip 0");
        assertEquals(m0, clips.subtractedMeans()[0]);
        assertEquals(m1, clips.subtractedMeans()[1]);
    }
}
