package dev.bindery.encoder.image.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * pytorchvideo's {@code ConstantClipsPerVideoSampler(clip_duration, clips_per_video)} as upstream's
 * {@code load_and_transform_video_data} drives it, in exact integer arithmetic on the stream's time base (upstream
 * works in {@code Fraction}s): with {@code D} the duration, {@code max_start = max(D - clip, 0)},
 * {@code step = max_start / max(clips - 1, 1)}, clip {@code i} covers {@code [i * step, i * step + clip)}. The
 * sampler's early stop ({@code step * i > max_start}) cannot fire before the clip count is reached, so there are
 * always {@code clips} windows; a video no longer than one clip gets {@code clips} copies of {@code [0, clip)}.
 *
 * <p>Each window is turned into presentation timestamps as pytorchvideo's PyAV decoder does
 * ({@code secs_to_pts(t, time_base, start_pts, round_mode="ceil")}): {@code ceil(t * timescale) + start_pts}, and the
 * clip holds the frames with {@code start <= pts < end}.
 */
public final class ClipSampler {
    /** Upstream's video defaults: 2-second clips, 5 per video. */
    public static final int CLIP_SECONDS = 2;
    public static final int CLIPS_PER_VIDEO = 5;

    /** A clip's frames: presentation timestamps {@code startPts <= pts < endPts}, in the stream's ticks. */
    public record Window(long startPts, long endPts) {
    }

    private ClipSampler() {
    }

    /**
     * @param durationPts the stream's duration in ticks, as its header gives it
     * @param startPts    the stream's start time in ticks (pytorchvideo subtracts it from the duration too)
     * @param timescale   ticks per second
     */
    public static List<Window> windows(long durationPts, long startPts, long timescale, int clipSeconds, int clips) {
        if (timescale <= 0 || clipSeconds <= 0 || clips <= 0) {
            throw new IllegalArgumentException("timescale, clip length and clip count must be positive");
        }
        long duration = durationPts - startPts;
        long clipTicks = Math.multiplyExact((long) clipSeconds, timescale);
        long maxStart = Math.max(duration - clipTicks, 0);
        long divisor = Math.max(clips - 1, 1);
        List<Window> out = new ArrayList<>(clips);
        for (int i = 0; i < clips; i++) {
            // start time i * maxStart / divisor ticks, exactly; pts = ceil of it (the clip length is whole ticks)
            long start = ceilDiv(Math.multiplyExact(maxStart, (long) i), divisor);
            out.add(new Window(start + startPts, start + clipTicks + startPts));
        }
        return out;
    }

    /** The clip start times in seconds, {@code i * max(D - clip, 0) / max(clips - 1, 1)} (for messages and tests). */
    public static double[] startSeconds(double durationSeconds, int clipSeconds, int clips) {
        double[] starts = new double[clips];
        double maxStart = Math.max(durationSeconds - clipSeconds, 0);
        for (int i = 0; i < clips; i++) {
            starts[i] = i * maxStart / Math.max(clips - 1, 1);
        }
        return starts;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
