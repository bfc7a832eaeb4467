package dev.bindery.encoder.audio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad and unusual audio: each input gives an {@link InvalidInputException} naming the input and the problem, or a
 * correct tensor; never another exception.
 */
class AudioInputTest {
    private static final Manifest MANIFEST = Golden.manifest("preprocess");
    private final AudioPreprocessor preprocessor = new AudioPreprocessor();

    @TestFactory
    List<DynamicTest> truncatedCopiesOfEveryAudioInputAreRefused() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String input : MANIFEST.files(f -> f.startsWith("inputs/audio/"))) {
            tests.add(DynamicTest.dynamicTest(input, () -> {
                byte[] whole = Files.readAllBytes(MANIFEST.path(input));
                for (int keep : new int[] {0, 3, 11, 20, 40, whole.length / 10, whole.length * 6 / 10,
                    whole.length - 1}) {
                    byte[] cut = Arrays.copyOf(whole, keep);
                    String name = input + " cut to " + keep + " bytes";
                    InvalidInputException e = assertThrows(InvalidInputException.class,
                            () -> preprocessor.preprocess(cut, name));
                    assertTrue(e.getMessage().contains(name), e.getMessage());
                    assertTrue(e.getMessage().matches(".*(truncated|empty|no data chunk|not a WAV).*"), e.getMessage());
                }
            }));
        }
        assertFalse(tests.isEmpty(), "the manifest lists no audio inputs");
        return tests;
    }

    @Test
    void otherFormatsAreNamed() {
        assertRefused(bytes("fLaC", 64), "is a FLAC file");
        assertRefused(bytes("OggS", 64), "is an Ogg file");
        assertRefused(bytes("ID3", 64), "looks like an MP3 file");
        assertRefused(new byte[] {(byte) 0xFF, (byte) 0xFB, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0}, "looks like an MP3 file");
        assertRefused(bytes("FORM\0\0\0\0AIFF", 64), "is an AIFF file");
        assertRefused(bytes("RIFF\0\0\0\0AVI ", 64), "is a RIFF file but not WAVE");
        assertRefused(new byte[0], "is empty");
        assertRefused(bytes("hello, this is text", 64), "is not a WAV file");
    }

    @Test
    void inconsistentHeadersAreRefused() {
        assertRefused(valid(w -> w.channels = 0), "declares 0 channels");
        assertRefused(valid(w -> w.sampleRate = 0), "sample rate of 0 Hz");
        assertRefused(valid(w -> w.sampleRate = 0xFFFF_FFF0L), "sample rate of 4294967280 Hz");
        assertRefused(valid(w -> w.sampleRate = WavHeaderParser.MAX_SAMPLE_RATE + 1), "sample rate of 768001 Hz");
        assertRefused(valid(w -> w.blockAlign = 0), "block align 0");
        assertRefused(valid(w -> {
            w.channels = 2;
            w.blockAlign = 3;
        }), "block align 3");
        assertRefused(valid(w -> w.formatTag = 2), "Microsoft ADPCM");
        assertRefused(valid(w -> w.formatTag = 7), "mu-law");
        assertRefused(valid(w -> w.formatTag = 0x1234), "format tag 0x1234");
        assertRefused(valid(w -> {
            w.formatTag = TestWav.EXTENSIBLE;
            w.subFormat = 0x55;
        }), "format tag 0x0055, MPEG layer 3");
        assertRefused(valid(w -> {
            w.bitsPerSample = 20;
            w.blockAlign = 2;
        }), "20 bits per sample, 2 bytes per sample");
        assertRefused(valid(w -> {
            w.formatTag = TestWav.FLOAT;
            w.bitsPerSample = 16;
        }), "IEEE float, 16 bits per sample");
        assertRefused(valid(w -> w.declaredDataSize = 0), "holds no audio frames");
        assertRefused(valid(w -> w.declaredDataSize = 1), "holds no audio frames");
        assertRefused(valid(w -> w.declaredDataSize = 1_000_000), "declares 1000000 bytes but only 64000 follow");
    }

    @Test
    void misplacedOrMissingChunksAreRefused() {
        byte[] dataFirst = concat(bytes("RIFF\0\0\0\0WAVE", 12), chunk("data", new byte[8]), chunk("fmt ", new byte[16]));
        assertRefused(dataFirst, "data chunk comes before any fmt chunk");
        byte[] noData = concat(bytes("RIFF\0\0\0\0WAVE", 12), chunk("fmt ", fmt16()), chunk("LIST", new byte[5]));
        assertRefused(noData, "no data chunk before the end");
        byte[] hugeSkip = concat(bytes("RIFF\0\0\0\0WAVE", 12), chunk("fmt ", fmt16()),
                bytes("junk\u00f0\u00ff\u00ff\u007f", 8));
        assertRefused(hugeSkip, "no data chunk before the end");
        byte[] shortFmt = concat(bytes("RIFF\0\0\0\0WAVE", 12), chunk("fmt ", new byte[10]), chunk("data", new byte[8]));
        assertRefused(shortFmt, "fmt chunk of 10 bytes");
        byte[] manyChunks = bytes("RIFF\0\0\0\0WAVE", 12);
        for (int i = 0; i < 5000; i++) {
            manyChunks = concat(manyChunks, chunk("pad ", new byte[0]));
        }
        assertRefused(manyChunks, "more than 4096 chunks");
    }

    @Test
    void nonFiniteFloatSamplesAreRefused() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            TestWav w = new TestWav();
            w.formatTag = TestWav.FLOAT;
            w.bitsPerSample = 32;
            float[] s = new float[16_000];
            s[1234] = bad;
            assertRefused(w.build(w.floatSamples(s)), "non-finite sample (" + bad + ") at frame 1234, channel 0");
        }
    }

    @Test
    void inputsShorterThanOneAnalysisWindowAreRefusedAndOneWindowIsEnough() throws Exception {
        assertRefused(pcm16(16_000, new long[399]), "fewer than one 25 ms analysis window");
        // 8 kHz doubles: 199 frames give 398 samples at 16 kHz, 200 give 400.
        assertRefused(pcm16(8_000, new long[199]), "gives 398 samples at 16 kHz");
        for (byte[] file : List.of(pcm16(16_000, tone(400, 16_000)), pcm16(8_000, tone(200, 8_000)))) {
            float[] t = preprocessor.preprocess(file, "one window");
            assertEquals(AudioPreprocessor.OUTPUT_SIZE, t.length);
            float pad = (0f - AudioPreprocessor.MEAN) / AudioPreprocessor.STD;
            for (int clip = 0; clip < AudioPreprocessor.CLIPS; clip++) {
                for (int b = 0; b < AudioPreprocessor.MEL_BINS; b++) {
                    int row = (clip * AudioPreprocessor.MEL_BINS + b) * AudioPreprocessor.TARGET_FRAMES;
                    assertTrue(Float.isFinite(t[row]), "frame 0 finite");
                    for (int f = 1; f < AudioPreprocessor.TARGET_FRAMES; f++) {
                        assertEquals(pad, t[row + f], "padding after the single frame");
                    }
                }
            }
        }
    }

    @Test
    void silenceGivesTheLogEpsilonFloorEverywhere() throws Exception {
        float[] t = preprocessor.preprocess(pcm16(22_050, new long[22_050 * 3]), "silence");
        float floor = ((float) Math.log(Math.ulp(1f)) - AudioPreprocessor.MEAN) / AudioPreprocessor.STD;
        int frames = KaldiFbank.frameCount(32_000);
        float pad = (0f - AudioPreprocessor.MEAN) / AudioPreprocessor.STD;
        for (int i = 0; i < t.length; i++) {
            int f = i % AudioPreprocessor.TARGET_FRAMES;
            assertEquals(f < frames ? floor : pad, t[i], "value " + i);
        }
    }

    @Test
    void clippedAndSaturatedInputGivesFiniteFeatures() throws Exception {
        long[] square = new long[16_000 * 3];
        for (int i = 0; i < square.length; i++) {
            square[i] = (i / 40) % 2 == 0 ? 32767 : -32768;
        }
        assertFinite(preprocessor.preprocess(pcm16(16_000, square), "square"));
        TestWav w = new TestWav();
        w.formatTag = TestWav.FLOAT;
        w.bitsPerSample = 32;
        float[] loud = new float[44_100 * 3];
        for (int i = 0; i < loud.length; i++) {
            loud[i] = (float) (5 * Math.sin(i * 0.05));
        }
        w.sampleRate = 44_100;
        assertFinite(preprocessor.preprocess(w.build(w.floatSamples(loud)), "float beyond full scale"));
    }

    @Test
    void oddButValidSampleRatesAreResampled() throws Exception {
        // 1 Hz: three frames last 3 s; prime rates (one near the limit) share no factor with 16 kHz.
        for (int rate : new int[] {1, 11, 767_999, 44_101}) {
            int frames = Math.max(3, rate * 2 + rate / 10);
            long[] s = tone(frames, rate);
            SourceAudio audio = preprocessor.decode(pcm16(rate, s), rate + " Hz");
            assertEquals((long) Math.ceil(16_000.0 * frames / rate), audio.samples16k(), rate + " Hz: length");
            assertFinite(AudioPreprocessor.normalize(preprocessor.fbank(preprocessor.resample(audio))));
        }
    }

    @Test
    void unknownDataSizeReadsToTheEndAndPartialFramesAreIgnored() throws Exception {
        long[] s = tone(16_000 * 3, 16_000);
        byte[] exact = pcm16(16_000, s);
        float[] reference = preprocessor.preprocess(exact, "exact");
        TestWav w = new TestWav();
        w.declaredDataSize = 0xFFFF_FFFFL;
        assertArrayEquals(reference, preprocessor.preprocess(w.build(w.intSamples(s, 2)), "unknown size"));
        byte[] odd = Arrays.copyOf(exact, exact.length + 1);
        ByteBuffer.wrap(odd).order(ByteOrder.LITTLE_ENDIAN).putInt(40, s.length * 2 + 1);
        assertArrayEquals(reference, preprocessor.preprocess(odd, "partial frame"));
    }

    @Test
    void unreadableFilesAreNamed(@TempDir Path dir) {
        Path missing = dir.resolve("missing.wav");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> preprocessor.preprocess(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("cannot be read"),
                e.getMessage());
        InvalidInputException d = assertThrows(InvalidInputException.class, () -> preprocessor.preprocess(dir));
        assertTrue(d.getMessage().contains(dir.toString()), d.getMessage());
    }

    private void assertRefused(byte[] file, String problem) {
        String name = "case-" + Integer.toHexString(Arrays.hashCode(file)) + ".wav";
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> preprocessor.preprocess(file, name),
                problem);
        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertTrue(e.getMessage().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
    }

    private static void assertFinite(float[] t) {
        assertEquals(AudioPreprocessor.OUTPUT_SIZE, t.length);
        for (int i = 0; i < t.length; i++) {
            assertTrue(Float.isFinite(t[i]), "value " + i + " is " + t[i]);
        }
    }

    /** A valid 16 kHz mono 16-bit file of 2 s after {@code edit} changed its header fields. */
    private static byte[] valid(Consumer<TestWav> edit) {
        TestWav w = new TestWav();
        edit.accept(w);
        return w.build(w.intSamples(tone(32_000, 16_000), 2));
    }

    static byte[] pcm16(int rate, long[] samples) {
        TestWav w = new TestWav();
        w.sampleRate = rate;
        return w.build(w.intSamples(samples, 2));
    }

    /** A 440 Hz tone at a third of full scale (a 1 Hz file gets its samples from the same formula). */
    static long[] tone(int frames, int rate) {
        long[] s = new long[frames];
        for (int i = 0; i < frames; i++) {
            s[i] = Math.round(10_000 * Math.sin(2 * Math.PI * 440 * i / (double) rate + 0.3));
        }
        return s;
    }

    private static byte[] fmt16() {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 1).putShort((short) 1).putInt(16_000).putInt(32_000).putShort((short) 2).putShort((short) 16);
        return b.array();
    }

    private static byte[] chunk(String id, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(TestWav.ascii(id)).putInt(body.length).put(body);
        return b.array();
    }

    private static byte[] bytes(String s, int length) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return Arrays.copyOf(b, Math.max(length, b.length));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
