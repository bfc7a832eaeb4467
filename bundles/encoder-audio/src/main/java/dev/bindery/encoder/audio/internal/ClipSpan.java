package dev.bindery.encoder.audio.internal;

/**
 * One clip chosen by {@link ConstantClipSampler}: its exact start and end times and the 16 kHz samples
 * {@code waveform[:, int(start*sr) : int(end*sr)]} that upstream slices for it.
 *
 * @param index       clip number, 0-based
 * @param startSec    exact start time in seconds
 * @param endSec      exact end time in seconds
 * @param sliceStart  {@code int(start * sr)}, as upstream computes it (before Python clamps the slice)
 * @param sliceEnd    {@code int(end * sr)}
 * @param from        the first sample the slice holds, after clamping to the waveform
 * @param to          one past the last sample the slice holds
 */
public record ClipSpan(int index, Fraction startSec, Fraction endSec, long sliceStart, long sliceEnd, long from,
        long to) {

    /** Samples in the clip (fewer than the clip duration when the file is shorter). */
    public int length() {
        return (int) (to - from);
    }

    /** True when this clip and {@code other} share samples (files shorter than three clip durations). */
    public boolean overlaps(ClipSpan other) {
        return from < other.to && other.from < to;
    }
}
