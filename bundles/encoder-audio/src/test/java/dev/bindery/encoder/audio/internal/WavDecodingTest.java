package dev.bindery.encoder.audio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The WAV reader on every layout it accepts. Each golden input is re-encoded in every container, byte order and
 * sample encoding that holds its samples exactly; all must decode to the same floats as the original (which the
 * golden test ties to upstream), and the preprocessed tensors must be identical.
 */
class WavDecodingTest {
    private static final Manifest MANIFEST = Golden.manifest("preprocess");

    @TestFactory
    List<DynamicTest> everyGoldenInputDecodesIdenticallyInEveryExactLayout() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String input : MANIFEST.files(f -> f.startsWith("inputs/audio/"))) {
            tests.add(DynamicTest.dynamicTest(input, () -> {
                WavHeader original;
                float[][] samples;
                try (WavFile wav = WavFile.open(MANIFEST.path(input))) {
                    original = wav.header();
                    samples = wav.readAll();
                }
                Map<String, byte[]> layouts = exactLayouts(samples, original.sampleRate());
                assertTrue(layouts.size() >= 4, input + ": only " + layouts.keySet() + " hold its samples exactly");
                for (Map.Entry<String, byte[]> layout : layouts.entrySet()) {
                    String name = input + " as " + layout.getKey();
                    try (WavFile wav = WavFile.open(layout.getValue(), name)) {
                        assertEquals(original.channels(), wav.header().channels(), name + ": channels");
                        assertEquals(original.sampleRate(), wav.header().sampleRate(), name + ": rate");
                        assertEquals(original.frameCount(), wav.header().frameCount(), name + ": frames");
                        float[][] decoded = wav.readAll();
                        for (int c = 0; c < samples.length; c++) {
                            assertArrayEquals(samples[c], decoded[c], name + ": channel " + c);
                        }
                    }
                }
            }));
        }
        assertFalse(tests.isEmpty(), "the manifest lists no audio inputs");
        return tests;
    }

    @Test
    void preprocessingIsTheSameForEveryLayoutOfAStereoFile() throws Exception {
        String input = MANIFEST.files(f -> f.startsWith("inputs/audio/") && f.contains("stereo")).get(0);
        float[][] samples;
        try (WavFile wav = WavFile.open(MANIFEST.path(input))) {
            assertEquals(2, wav.header().channels(), input);
            samples = wav.readAll();
        }
        AudioPreprocessor p = new AudioPreprocessor();
        float[] reference = p.preprocess(MANIFEST.path(input));
        for (Map.Entry<String, byte[]> layout : exactLayouts(samples, 44_100).entrySet()) {
            assertArrayEquals(reference, p.preprocess(layout.getValue(), layout.getKey()), layout.getKey());
        }
    }

    @Test
    void eightBitPcmIsUnsignedAround128() throws Exception {
        long[] values = new long[256];
        for (int v = 0; v < 256; v++) {
            values[v] = v;
        }
        TestWav w = new TestWav();
        w.bitsPerSample = 8;
        try (WavFile wav = WavFile.open(w.build(w.intSamples(values, 1)), "u8")) {
            assertEquals(WavEncoding.PCM_U8, wav.header().encoding());
            float[] got = wav.readAll()[0];
            for (int v = 0; v < 256; v++) {
                assertEquals((v - 128) / 128.0f, got[v], "8-bit value " + v);
            }
        }
    }

    @Test
    void soxRoundsThirtyTwoBitAndFloatSamplesToTwentyFourBitsAndSaturates() {
        // SOX_SAMPLE_TO_FLOAT_32BIT: nearest multiple of 128, ties up; the top 64 codes give exactly 1.
        assertEquals(0f, SoxSamples.toFloat(63));
        assertEquals(0x1p-24f, SoxSamples.toFloat(64));
        assertEquals(-0x1p-24f, SoxSamples.toFloat(-65));
        assertEquals(1f, SoxSamples.toFloat(Integer.MAX_VALUE - 63));
        assertEquals(-1f, SoxSamples.toFloat(Integer.MIN_VALUE));
        // SOX_FLOAT_64BIT_TO_SAMPLE: scale by 2^31, round half away from zero, clip.
        assertEquals(Integer.MAX_VALUE, SoxSamples.fromFloat(1.0));
        assertEquals(Integer.MAX_VALUE, SoxSamples.fromFloat(7.5));
        assertEquals(Integer.MIN_VALUE, SoxSamples.fromFloat(-1.0));
        assertEquals(Integer.MIN_VALUE, SoxSamples.fromFloat(-7.5));
        assertEquals(2, SoxSamples.fromFloat(1.5 / 2147483648.0));
        assertEquals(-2, SoxSamples.fromFloat(-1.5 / 2147483648.0));
        for (int s : new int[] {-32768, -1, 0, 1, 12345, 32767}) {
            assertEquals(s / 32768f, SoxSamples.toFloat(SoxSamples.fromSigned16(s)), "16-bit " + s);
        }
        for (int s : new int[] {-8388608, -1, 1, 8388607}) {
            assertEquals(s / 8388608f, SoxSamples.toFloat(SoxSamples.fromSigned24(s)), "24-bit " + s);
        }
    }

    @Test
    void multiChannelFramesGiveChannelZeroAndTheMeanOverChannels() throws Exception {
        int channels = 5;
        int frames = 1000;
        long[] values = new long[channels * frames];
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(65536) - 32768;
        }
        TestWav w = new TestWav();
        w.channels = channels;
        byte[] file = w.build(w.intSamples(values, 2));
        try (WavFile wav = WavFile.open(file, "5ch")) {
            float[] ch0 = new float[frames];
            float[] mean = new float[frames];
            wav.readFrames(0, frames, ch0, mean, 0);
            for (int f = 0; f < frames; f++) {
                assertEquals(values[f * channels] / 32768f, ch0[f], "frame " + f);
                double s = 0;
                for (int c = 0; c < channels; c++) {
                    s += values[f * channels + c] / 32768.0;
                }
                assertEquals((float) (s / channels), mean[f], "frame " + f + " mean");
            }
            float[] part = new float[10];
            wav.readFrames(500, 10, part, null, 0);
            assertArrayEquals(java.util.Arrays.copyOfRange(ch0, 500, 510), part, "positional read");
        }
    }

    @Test
    void twelveBitPcmInTwoBytesIsReadAsItsContainer() throws Exception {
        TestWav w = new TestWav();
        w.bitsPerSample = 12;
        w.blockAlign = 2;
        long[] values = {-32768, -16, 0, 16, 32752};
        try (WavFile wav = WavFile.open(w.build(w.intSamples(values, 2)), "12-bit")) {
            float[] got = wav.readAll()[0];
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i] / 32768f, got[i], "sample " + i);
            }
        }
    }

    /** Every layout that represents {@code samples} exactly, each a complete file. */
    static Map<String, byte[]> exactLayouts(float[][] samples, int rate) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        int channels = samples.length;
        int frames = samples[0].length;
        float[] interleaved = new float[channels * frames];
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                interleaved[f * channels + c] = samples[c][f];
            }
        }
        for (int bits : new int[] {16, 24, 32}) {
            long[] ints = exactInts(interleaved, bits);
            if (ints == null) {
                continue;
            }
            for (String magic : new String[] {"RIFF", "RIFX", "RF64"}) {
                for (boolean ext : new boolean[] {false, true}) {
                    TestWav w = wav(magic, ext ? TestWav.EXTENSIBLE : TestWav.PCM, TestWav.PCM, channels, rate, bits);
                    out.put(magic + (ext ? " extensible" : "") + " PCM" + bits, w.build(w.intSamples(ints, bits / 8)));
                }
            }
        }
        double[] asDouble = new double[interleaved.length];
        for (int i = 0; i < asDouble.length; i++) {
            asDouble[i] = interleaved[i];
        }
        for (String magic : new String[] {"RIFF", "RIFX"}) {
            TestWav w = wav(magic, TestWav.FLOAT, TestWav.FLOAT, channels, rate, 32);
            out.put(magic + " float32", w.build(w.floatSamples(interleaved)));
            w = wav(magic, TestWav.EXTENSIBLE, TestWav.FLOAT, channels, rate, 64);
            out.put(magic + " extensible float64", w.build(w.doubleSamples(asDouble)));
        }
        TestWav listed = wav("RIFF", TestWav.FLOAT, TestWav.FLOAT, channels, rate, 32);
        listed.chunkBeforeFmt = new byte[] {'L', 'I', 'S', 'T', 3, 0, 0, 0, 'a', 'b', 'c', 0};
        out.put("RIFF float32 after an odd-sized LIST chunk", listed.build(listed.floatSamples(interleaved)));
        return out;
    }

    private static TestWav wav(String magic, int tag, int sub, int channels, int rate, int bits) {
        TestWav w = new TestWav();
        w.magic = magic;
        w.formatTag = tag;
        w.subFormat = sub;
        w.channels = channels;
        w.sampleRate = rate;
        w.bitsPerSample = bits;
        return w;
    }

    /** The integer codes of {@code bits}-bit PCM for these floats, or null when one is not exactly representable. */
    private static long[] exactInts(float[] v, int bits) {
        double scale = Math.scalb(1.0, bits - 1);
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            double s = v[i] * scale;
            if (s != Math.rint(s) || s >= scale || s < -scale) {
                return null;
            }
            out[i] = (long) s;
        }
        return out;
    }
}
