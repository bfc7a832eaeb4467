package dev.bindery.encoder.audio.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * pytorchvideo's {@code ConstantClipsPerVideoSampler} as upstream's {@code get_clip_timepoints} drives it for audio:
 * the duration is the float {@code samples / sr}; the largest start {@code max(duration - clip_duration, 0)} is
 * computed in float (a float minus a Fraction is a float in Python) and then made an exact Fraction; clip {@code k}
 * starts at {@code k * max_start / max(clips - 1, 1)} and ends {@code clip_duration} later. Upstream then slices
 * {@code int(start * sr) : int(end * sr)}. Short files therefore give clips that overlap, or all start at 0.
 */
final class ConstantClipSampler {
    private final long clipDurationSeconds;
    private final int clipsPerVideo;

    ConstantClipSampler(long clipDurationSeconds, int clipsPerVideo) {
        if (clipDurationSeconds <= 0 || clipsPerVideo <= 0) {
            throw new IllegalArgumentException("clip duration " + clipDurationSeconds + " s, " + clipsPerVideo
                    + " clips");
        }
        this.clipDurationSeconds = clipDurationSeconds;
        this.clipsPerVideo = clipsPerVideo;
    }

    /** The clips of a waveform of {@code samples} samples at {@code sampleRate} Hz. */
    List<ClipSpan> clips(long samples, int sampleRate) {
        double duration = (double) samples / sampleRate;
        double maxStartFloat = duration - clipDurationSeconds;
        // Python max(x, 0) keeps x unless 0 > x.
        Fraction maxStart = 0 > maxStartFloat ? Fraction.ZERO : Fraction.of(maxStartFloat);
        Fraction step = maxStart.dividedBy(Math.max(clipsPerVideo - 1, 1));
        Fraction duration2 = Fraction.of(clipDurationSeconds);
        List<ClipSpan> out = new ArrayList<>(clipsPerVideo);
        for (int k = 0; k < clipsPerVideo; k++) {
            Fraction start = step.times(k);
            Fraction end = start.plus(duration2);
            long sliceStart = start.times(sampleRate).truncate();
            long sliceEnd = end.times(sampleRate).truncate();
            long from = Math.min(sliceStart, samples);
            long to = Math.max(from, Math.min(sliceEnd, samples));
            out.add(new ClipSpan(k, start, end, sliceStart, sliceEnd, from, to));
        }
        return out;
    }
}
