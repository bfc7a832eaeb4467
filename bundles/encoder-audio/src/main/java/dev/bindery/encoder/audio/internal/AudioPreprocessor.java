package dev.bindery.encoder.audio.internal;

import dev.bindery.api.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream ImageBind's {@code load_and_transform_audio_data} for one file (defaults: 128 mel bins, 204 frames,
 * 16 kHz, three 2-second clips, mean -4.268, std 9.138), giving the {@code 3 x 1 x 128 x 204} float32 tensor the
 * audio trunk takes.
 *
 * <p>Upstream loads and resamples the whole file, then cuts the clips. This class computes the same numbers while
 * reading only what the clips need: the clip positions follow from the header's frame count alone, and each output
 * sample of the resampler depends on a known window of input samples (see {@link SincResampler}), so only those
 * windows are decoded. Memory and time are bounded by the clips, not by the file's length.
 *
 * <p>The stages are public so that a benchmark can time them: {@link #decode(Path)} (header, clip plan, reading the
 * needed frames), {@link #resample(SourceAudio)} (to 16 kHz), {@link #fbank(ClipWaveforms)} (mean subtraction and
 * the Kaldi filterbank, padded to 204 frames) and {@link #normalize(float[])}. Thread-safe: each call uses its own
 * buffers.
 */
public final class AudioPreprocessor {
    /** The sample rate the clips are taken at. */
    public static final int SAMPLE_RATE = 16_000;
    /** Clips per file. */
    public static final int CLIPS = 3;
    /** Seconds per clip. */
    public static final int CLIP_SECONDS = 2;
    /** Mel bins per frame. */
    public static final int MEL_BINS = KaldiFbank.MEL_BINS;
    /** Frames per clip after padding or cropping. */
    public static final int TARGET_FRAMES = 204;
    /** Values in the output tensor: clips x 1 x mel bins x frames. */
    public static final int OUTPUT_SIZE = CLIPS * MEL_BINS * TARGET_FRAMES;
    /** Upstream's normalisation constants (AudioSet statistics). */
    public static final float MEAN = -4.268f;
    public static final float STD = 9.138f;

    private static final ConstantClipSampler SAMPLER = new ConstantClipSampler(CLIP_SECONDS, CLIPS);

    /** @return the {@code 3 x 1 x 128 x 204} tensor, row-major */
    public float[] preprocess(Path file) throws InvalidInputException {
        return normalize(fbank(resample(decode(file))));
    }

    /**
     * @param source names the input in error messages
     * @return the {@code 3 x 1 x 128 x 204} tensor, row-major
     */
    public float[] preprocess(byte[] wav, String source) throws InvalidInputException {
        return normalize(fbank(resample(decode(wav, source))));
    }

    /** Stage 1: parses the header, plans the clips and decodes the source frames they need. */
    public SourceAudio decode(Path file) throws InvalidInputException {
        try (WavFile wav = WavFile.open(file)) {
            return decode(wav);
        }
    }

    /** Stage 1 for a file held in memory. */
    public SourceAudio decode(byte[] wav, String source) throws InvalidInputException {
        try (WavFile in = WavFile.open(wav, source)) {
            return decode(in);
        }
    }

    private static SourceAudio decode(WavFile wav) throws InvalidInputException {
        WavHeader header = wav.header();
        SincResampler resampler = SincResampler.of(header.sampleRate(), SAMPLE_RATE);
        long samples16k = resampler.outputLength(header.frameCount());
        if (samples16k < KaldiFbank.WINDOW) {
            // Upstream fails here too (its frame count is 0 and it divides by it).
            throw new InvalidInputException("audio '" + header.source() + "' is too short: "
                    + String.format("%.4f", header.durationSeconds()) + " s gives " + samples16k
                    + " samples at 16 kHz, fewer than one 25 ms analysis window (" + KaldiFbank.WINDOW + ")");
        }
        List<ClipSpan> clips = SAMPLER.clips(samples16k, SAMPLE_RATE);
        int[] stretchOf = new int[clips.size()];
        List<long[]> ranges = mergeOverlapping(clips, stretchOf);
        boolean mono = header.channels() == 1;
        SourceAudio.Stretch[] stretches = new SourceAudio.Stretch[ranges.size()];
        for (int s = 0; s < stretches.length; s++) {
            long outStart = ranges.get(s)[0];
            long outEnd = ranges.get(s)[1];
            long srcStart = Math.max(0, resampler.inputStart(outStart));
            long srcEnd = Math.min(header.frameCount(), resampler.inputEnd(outEnd));
            int n = (int) Math.max(0, srcEnd - srcStart);
            float[] channel0 = new float[n];
            float[] mean = mono ? null : new float[n];
            wav.readFrames(srcStart, n, channel0, mean, 0);
            stretches[s] = new SourceAudio.Stretch(outStart, outEnd, srcStart, channel0, mean);
        }
        return new SourceAudio(header, resampler, samples16k, clips, stretches, stretchOf, wav.bytesRead());
    }

    /** Groups clips whose samples overlap (they must share memory) into ranges {@code [from, to)}. */
    private static List<long[]> mergeOverlapping(List<ClipSpan> clips, int[] rangeOf) {
        List<long[]> ranges = new ArrayList<>();
        for (ClipSpan c : clips) {
            long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            // The sampler's clips start in ascending order, so a clip can only overlap the latest range.
            if (last != null && c.from() < last[1] && c.to() > last[0]) {
                last[0] = Math.min(last[0], c.from());
                last[1] = Math.max(last[1], c.to());
            } else {
                ranges.add(new long[] {c.from(), c.to()});
            }
            rangeOf[c.index()] = ranges.size() - 1;
        }
        return ranges;
    }

    /** Stage 2: the 16 kHz samples of every clip (fresh buffers; {@code audio} is not changed). */
    public ClipWaveforms resample(SourceAudio audio) {
        SincResampler resampler = audio.resampler();
        SourceAudio.Stretch[] stretches = audio.stretches();
        ClipWaveforms.Segment[] segments = new ClipWaveforms.Segment[stretches.length];
        for (int s = 0; s < stretches.length; s++) {
            SourceAudio.Stretch st = stretches[s];
            int n = (int) (st.outEnd() - st.outStart());
            float[] channel0 = new float[n];
            resampler.resample(st.channel0(), st.srcStart(), audio.frameCount(), st.outStart(), channel0, 0, n);
            float[] mean = null;
            if (st.channelMean() != null) {
                mean = new float[n];
                resampler.resample(st.channelMean(), st.srcStart(), audio.frameCount(), st.outStart(), mean, 0, n);
            }
            segments[s] = new ClipWaveforms.Segment(st.outStart(), channel0, mean);
        }
        return new ClipWaveforms(audio.clips(), audio.channels(), segments, audio.stretchOf().clone());
    }

    /**
     * Stage 3: for each clip in order, upstream's {@code waveform2melspec}: subtract the clip's mean in place (later
     * overlapping clips see it), the Kaldi filterbank of channel 0, transposed to mel x frames, zero padded or
     * cropped to 204 frames. Changes {@code clips}.
     *
     * @return the raw log-mel tensor {@code 3 x 1 x 128 x 204} before normalisation (golden {@code fbank_raw})
     */
    public float[] fbank(ClipWaveforms clips) {
        return fbank(clips, k -> { });
    }

    /** As {@link #fbank(ClipWaveforms)}, calling {@code beforeClip} with each clip's index before it is processed. */
    float[] fbank(ClipWaveforms clips, java.util.function.IntConsumer beforeClip) {
        KaldiFbank fbank = new KaldiFbank();
        int perClip = MEL_BINS * TARGET_FRAMES;
        float[] out = new float[clips.clips().size() * perClip];
        for (int k = 0; k < clips.clips().size(); k++) {
            beforeClip.accept(k);
            clips.subtractClipMean(k);
            int n = clips.clips().get(k).length();
            float[] rows = fbank.compute(clips.channel0Array(k), clips.channel0Offset(k), n);
            int frames = Math.min(KaldiFbank.frameCount(n), TARGET_FRAMES);
            for (int f = 0; f < frames; f++) {
                for (int b = 0; b < MEL_BINS; b++) {
                    out[k * perClip + b * TARGET_FRAMES + f] = rows[f * MEL_BINS + b];
                }
            }
        }
        return out;
    }

    /** Stage 4: {@code (x - mean) / std} in float32 (torchvision's {@code Normalize}), in place; returns its input. */
    public static float[] normalize(float[] fbank) {
        for (int i = 0; i < fbank.length; i++) {
            fbank[i] = (fbank[i] - MEAN) / STD;
        }
        return fbank;
    }

    /**
     * The whole-file 16 kHz waveform as upstream computes it ({@code torchaudio.load} then {@code resample}):
     * channels x samples. Loads the whole file: for tests and tools, not for serving.
     */
    public static float[][] loadWaveform16k(Path file) throws InvalidInputException {
        try (WavFile wav = WavFile.open(file)) {
            float[][] raw = wav.readAll();
            SincResampler resampler = SincResampler.of(wav.header().sampleRate(), SAMPLE_RATE);
            float[][] out = new float[raw.length][];
            for (int c = 0; c < raw.length; c++) {
                out[c] = resampler.resampleAll(raw[c]);
            }
            return out;
        }
    }
}
