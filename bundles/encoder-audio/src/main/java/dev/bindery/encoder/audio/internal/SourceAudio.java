package dev.bindery.encoder.audio.internal;

import java.util.List;

/**
 * The decode stage's result: the file's header, the clips planned from it, and for each stretch of the 16 kHz
 * waveform the clips need, the source-rate samples that stretch depends on (channel 0 and the per-frame mean over
 * channels). Nothing else of the file was read.
 */
public final class SourceAudio {
    private final WavHeader header;
    private final SincResampler resampler;
    private final long samples16k;
    private final List<ClipSpan> clips;
    private final Stretch[] stretches;
    private final int[] stretchOf;
    private final long bytesRead;

    SourceAudio(WavHeader header, SincResampler resampler, long samples16k, List<ClipSpan> clips, Stretch[] stretches,
            int[] stretchOf, long bytesRead) {
        this.header = header;
        this.resampler = resampler;
        this.samples16k = samples16k;
        this.clips = List.copyOf(clips);
        this.stretches = stretches;
        this.stretchOf = stretchOf;
        this.bytesRead = bytesRead;
    }

    /**
     * One stretch of output {@code [outStart, outEnd)} at 16 kHz and the source frames
     * {@code [srcStart, srcStart + channel0.length)} it depends on (clamped to the file).
     *
     * @param channelMean per-frame mean over channels, null for mono
     */
    record Stretch(long outStart, long outEnd, long srcStart, float[] channel0, float[] channelMean) {
    }

    WavHeader header() {
        return header;
    }

    SincResampler resampler() {
        return resampler;
    }

    Stretch[] stretches() {
        return stretches;
    }

    int[] stretchOf() {
        return stretchOf;
    }

    /** Names the input. */
    public String source() {
        return header.source();
    }

    /** The file's sample rate in Hz. */
    public int sampleRate() {
        return header.sampleRate();
    }

    /** The file's channel count. */
    public int channels() {
        return header.channels();
    }

    /** Frames in the file. */
    public long frameCount() {
        return header.frameCount();
    }

    /** Samples of the whole file after resampling to 16 kHz (upstream's {@code waveform.size(1)}). */
    public long samples16k() {
        return samples16k;
    }

    /** The clips, as upstream samples them over the 16 kHz duration. */
    public List<ClipSpan> clips() {
        return clips;
    }

    /** Source frames decoded (over all stretches). */
    public long framesDecoded() {
        long n = 0;
        for (Stretch s : stretches) {
            n += s.channel0.length;
        }
        return n;
    }

    /** Bytes read from the input, header included. */
    public long bytesRead() {
        return bytesRead;
    }
}
