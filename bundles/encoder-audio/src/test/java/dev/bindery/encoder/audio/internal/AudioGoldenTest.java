package dev.bindery.encoder.audio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import dev.bindery.tensor.testing.Tolerance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every audio case of the golden preprocess manifest, stage by stage: the whole-file 16 kHz waveform, the clip plan
 * (exact fractions and slices), the streamed clip samples against the whole-file waveform, the clip inputs and the
 * means subtracted (the shared-memory quirk), the raw filterbank and the final tensor, each with the manifest's
 * tolerance and, where the manifest asks for it, its mean |diff| bound.
 */
class AudioGoldenTest {
    private static final Manifest MANIFEST = Golden.manifest("preprocess");
    private static final Pattern MEAN_ABS = Pattern.compile("mean \\|diff\\| < ([0-9.eE+-]+)");
    private final AudioPreprocessor preprocessor = new AudioPreprocessor();

    @TestFactory
    List<DynamicTest> everyAudioCase() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> item : audioItems()) {
            tests.add(DynamicTest.dynamicTest((String) item.get("input"), () -> checkCase(item)));
        }
        assertFalse(tests.isEmpty(), "the manifest lists no audio cases");
        return tests;
    }

    private void checkCase(Map<String, Object> item) throws Exception {
        String input = (String) item.get("input");
        String expectedFile = (String) item.get("expected");
        String stem = expectedFile.substring(0, expectedFile.length() - ".expected.npy".length());
        Path file = MANIFEST.path(input);

        // Whole-file waveform at 16 kHz, as upstream computes it.
        String waveFile = stem + ".waveform_16k.npy";
        float[][] wave = AudioPreprocessor.loadWaveform16k(file);
        TensorData goldenWave = Golden.npy("preprocess/" + waveFile);
        assertArrayEquals(goldenWave.shape(), new long[] {wave.length, wave[0].length}, waveFile + ": shape");
        Tolerance waveTol = MANIFEST.tolerance(waveFile);
        Golden.assertClose(goldenWave, concat(wave), waveTol, waveFile);
        report(input, "waveform_16k", goldenWave.toDoubleArray(), concat(wave));

        // Decode stage: header and clip plan.
        SourceAudio audio = preprocessor.decode(file);
        assertEquals(((Number) item.get("original_sample_rate")).intValue(), audio.sampleRate(), input + ": rate");
        assertEquals(((Number) item.get("channels")).intValue(), audio.channels(), input + ": channels");
        assertEquals(((Number) item.get("samples_16k")).longValue(), audio.samples16k(), input + ": 16 kHz samples");
        List<Map<String, Object>> clips = clipsOf(item);
        assertEquals(clips.size(), audio.clips().size(), input + ": clip count");
        for (int k = 0; k < clips.size(); k++) {
            Map<String, Object> g = clips.get(k);
            ClipSpan c = audio.clips().get(k);
            assertEquals(g.get("start_sec"), c.startSec().toString(), input + " clip " + k + ": start");
            assertEquals(g.get("end_sec"), c.endSec().toString(), input + " clip " + k + ": end");
            long[] slice = Manifest.toShape(g.get("sample_slice"));
            assertArrayEquals(slice, new long[] {c.sliceStart(), c.sliceEnd()}, input + " clip " + k + ": slice");
            assertEquals(((Number) g.get("n_samples")).intValue(), c.length(), input + " clip " + k + ": samples");
            assertEquals(((Number) g.get("n_frames")).intValue(), KaldiFbank.frameCount(c.length()),
                    input + " clip " + k + ": frames");
        }

        // Resample stage: streamed clips hold exactly the whole-file samples (bit for bit on channel 0).
        ClipWaveforms streamed = preprocessor.resample(audio);
        for (int k = 0; k < clips.size(); k++) {
            ClipSpan c = audio.clips().get(k);
            float[] whole0 = java.util.Arrays.copyOfRange(wave[0], (int) c.from(), (int) c.to());
            assertArrayEquals(whole0, streamed.channel0(k), input + " clip " + k + ": streamed channel 0");
            float[] wholeMean = channelMean(wave, (int) c.from(), (int) c.to());
            Golden.assertClose(toDoubles(wholeMean), null, toDoubles(streamed.channelMean(k)), new Tolerance(1e-6, 0),
                    input + " clip " + k + ": streamed channel mean");
        }

        // Filterbank stage, watching each clip's input as it arrives (the quirk shows in clip_inputs.npy).
        String clipInputsFile = stem + ".clip_inputs.npy";
        boolean haveClipInputs = MANIFEST.files().contains(clipInputsFile);
        List<float[]> arrived = new ArrayList<>();
        float[] raw = preprocessor.fbank(streamed, k -> arrived.add(streamed.channel0(k)));
        float[] means = streamed.subtractedMeans();
        for (int k = 0; k < clips.size(); k++) {
            double golden = ((Number) clips.get(k).get("clip_mean_subtracted")).doubleValue();
            assertTrue(waveTol.accepts(golden, means[k]), input + " clip " + k + ": mean subtracted " + means[k]
                    + ", upstream " + golden);
        }
        if (haveClipInputs) {
            TensorData g = Golden.npy("preprocess/" + clipInputsFile);
            assertEquals(1, audio.channels(), clipInputsFile + " is only compared for mono inputs");
            long samples = g.shape()[2];
            double[] gv = g.toDoubleArray();
            for (int k = 0; k < arrived.size(); k++) {
                double[] expected = java.util.Arrays.copyOfRange(gv, (int) (k * samples), (int) ((k + 1) * samples));
                Golden.assertClose(expected, null, toDoubles(arrived.get(k)), MANIFEST.tolerance(clipInputsFile),
                        clipInputsFile + " clip " + k);
            }
        }
        String rawFile = stem + ".fbank_raw.npy";
        checkTensor(rawFile, raw);

        // Final tensor, from a path and from bytes.
        float[] tensor = preprocessor.preprocess(file);
        checkTensor(expectedFile, tensor);
        float[] fromBytes = preprocessor.preprocess(Files.readAllBytes(file), input);
        assertArrayEquals(tensor, fromBytes, input + ": bytes and path give the same tensor");
    }

    private static void checkTensor(String file, float[] actual) {
        TensorData expected = Golden.npy("preprocess/" + file);
        assertArrayEquals(MANIFEST.shape(file), new long[] {AudioPreprocessor.CLIPS, 1, AudioPreprocessor.MEL_BINS,
            AudioPreprocessor.TARGET_FRAMES}, file + ": manifest shape");
        Golden.assertClose(expected, actual, MANIFEST.tolerance(file), file);
        double limit = meanAbsLimit(file);
        double mean = report(file, "", expected.toDoubleArray(), toDoubles(actual));
        assertTrue(mean < limit, file + ": mean |diff| " + mean + " not below " + limit);
    }

    /** The manifest's extra bound on the mean |diff|, stated in the tolerance note. */
    @SuppressWarnings("unchecked")
    private static double meanAbsLimit(String file) {
        Map<String, Object> tol = (Map<String, Object>) MANIFEST.entry(file).get("tolerance");
        Matcher m = MEAN_ABS.matcher(String.valueOf(tol.get("note")));
        if (!m.find()) {
            return fail(file + ": the manifest tolerance note states no mean |diff| bound");
        }
        return Double.parseDouble(m.group(1));
    }

    /** Prints max and mean |diff| (for the record) and returns the mean. */
    private static double report(String what, String stage, double[] expected, double[] actual) {
        double max = 0;
        double sum = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            max = Math.max(max, d);
            sum += d;
        }
        double mean = sum / expected.length;
        System.out.printf("golden %s %s: max |diff| %.3g, mean |diff| %.3g%n", what, stage, max, mean);
        return mean;
    }

    private static float[] channelMean(float[][] wave, int from, int to) {
        float[] m = new float[to - from];
        for (int i = from; i < to; i++) {
            double s = 0;
            for (float[] ch : wave) {
                s += ch[i];
            }
            m[i - from] = (float) (s / wave.length);
        }
        return m;
    }

    private static double[] concat(float[][] wave) {
        double[] out = new double[wave.length * wave[0].length];
        for (int c = 0; c < wave.length; c++) {
            for (int i = 0; i < wave[c].length; i++) {
                out[c * wave[c].length + i] = wave[c][i];
            }
        }
        return out;
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> clipsOf(Map<String, Object> item) {
        return (List<Map<String, Object>>) item.get("clips");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> audioItems() {
        return (List<Map<String, Object>>) MANIFEST.root().get("audio_items");
    }
}
