package dev.bindery.encoder.image.internal;

import dev.bindery.api.InvalidInputException;

/**
 * A video's frames, decoded on demand: the timing (time base, start, duration, every frame's presentation timestamp
 * in presentation order) is known up front, and only the frames the clips keep are decoded.
 */
interface VideoFrames extends AutoCloseable {
    /** Ticks per second of the timestamps. */
    long timescale();

    /** The stream's start time in ticks. */
    long startPts();

    /** The stream's duration in ticks (end time as its header says it). */
    long durationPts();

    /** Presentation timestamps of the frames, ascending. */
    long[] pts();

    /**
     * The frames at {@code indices} (ascending, distinct) as 8-bit RGB.
     *
     * @throws InvalidInputException naming the source when a frame cannot be decoded
     */
    RgbImage[] decode(int[] indices) throws InvalidInputException;

    /** Names the video in messages. */
    String source();

    @Override
    void close();
}
