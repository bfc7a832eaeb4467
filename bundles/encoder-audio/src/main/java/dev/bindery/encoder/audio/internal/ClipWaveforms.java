package dev.bindery.encoder.audio.internal;

import java.util.List;

/**
 * The 16 kHz samples of the clips, held the way upstream holds them: clips are views into one waveform, so where
 * clips overlap they share samples. Overlapping clips live in one segment; {@link #subtractClipMean(int)} changes
 * the segment in place, as upstream's {@code waveform -= waveform.mean()} on a view does, and later clips see it.
 *
 * <p>Only what the filterbank reads is kept: channel 0 and the per-sample mean over all channels. The mean of a clip
 * over all its channels and samples equals the mean of the per-sample channel means, and subtracting a constant from
 * every channel subtracts it from their mean, so the quirk is reproduced for any channel count in bounded memory.
 * For mono the mean is channel 0 itself.
 */
public final class ClipWaveforms {
    private final List<ClipSpan> clips;
    private final int channels;
    private final Segment[] segments;
    private final int[] segmentOf;
    private final float[] subtracted;

    ClipWaveforms(List<ClipSpan> clips, int channels, Segment[] segments, int[] segmentOf) {
        this.subtracted = new float[clips.size()];
        this.clips = List.copyOf(clips);
        this.channels = channels;
        this.segments = segments;
        this.segmentOf = segmentOf;
    }

    /**
     * A stretch of the 16 kHz waveform, {@code [start, start + channel0.length)}.
     *
     * @param channelMean per-sample mean over channels; null for mono (then channel 0 is the mean)
     */
    record Segment(long start, float[] channel0, float[] channelMean) {
    }

    /** The clips in upstream's order. */
    public List<ClipSpan> clips() {
        return clips;
    }

    /** Channels of the source file. */
    public int channels() {
        return channels;
    }

    /** Number of separate stretches held (clips that overlap share one). */
    public int segmentCount() {
        return segments.length;
    }

    /** Total samples held per stream, a measure of the memory used. */
    public long samplesHeld() {
        long n = 0;
        for (Segment s : segments) {
            n += s.channel0.length;
        }
        return n;
    }

    /** A copy of what channel 0 of clip {@code k} holds now. */
    public float[] channel0(int k) {
        ClipSpan c = clips.get(k);
        Segment s = segments[segmentOf[k]];
        int off = (int) (c.from() - s.start);
        return java.util.Arrays.copyOfRange(s.channel0, off, off + c.length());
    }

    /** A copy of what the per-sample channel mean of clip {@code k} holds now. */
    public float[] channelMean(int k) {
        ClipSpan c = clips.get(k);
        Segment s = segments[segmentOf[k]];
        float[] mean = s.channelMean != null ? s.channelMean : s.channel0;
        int off = (int) (c.from() - s.start);
        return java.util.Arrays.copyOfRange(mean, off, off + c.length());
    }

    /**
     * Upstream's {@code waveform -= waveform.mean()} on clip {@code k}'s view: computes the mean over all channels
     * and samples of the clip (as they are now) and subtracts it in float32 from every sample of the view, which
     * overlapping clips share.
     *
     * @return the mean subtracted
     */
    public float subtractClipMean(int k) {
        ClipSpan c = clips.get(k);
        Segment s = segments[segmentOf[k]];
        int off = (int) (c.from() - s.start);
        int n = c.length();
        float[] mean = s.channelMean != null ? s.channelMean : s.channel0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += mean[off + i];
        }
        float m = n == 0 ? 0f : (float) (sum / n);
        for (int i = 0; i < n; i++) {
            s.channel0[off + i] -= m;
        }
        if (s.channelMean != null) {
            for (int i = 0; i < n; i++) {
                s.channelMean[off + i] -= m;
            }
        }
        subtracted[k] = m;
        return m;
    }

    /** The mean each clip had subtracted so far (0 for clips not yet processed). */
    public float[] subtractedMeans() {
        return subtracted.clone();
    }

    /** Channel 0 of clip {@code k} as a view: the array, the offset and (via the clip) the length. */
    float[] channel0Array(int k) {
        return segments[segmentOf[k]].channel0;
    }

    int channel0Offset(int k) {
        return (int) (clips.get(k).from() - segments[segmentOf[k]].start);
    }
}
