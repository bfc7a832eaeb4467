package dev.bindery.encoder.audio.internal;

import dev.bindery.api.InvalidInputException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An open WAV input whose frames are read by position: the header is parsed on open, samples are read only when
 * asked for, so a caller that needs three short stretches of a long file reads only those. Samples come out as the
 * floats upstream's {@code torchaudio.load} gives (see {@link SoxSamples}). Not thread-safe.
 */
final class WavFile implements Closeable {
    /** Bytes read from the input per positional read while decoding frames. */
    private static final int CHUNK_BYTES = 1 << 16;

    private final ByteSource in;
    private final WavHeader header;

    private WavFile(ByteSource in) throws InvalidInputException, IOException {
        this.in = in;
        this.header = WavHeaderParser.parse(in);
    }

    /** Opens and parses a WAV file; the file stays open until {@link #close()}. */
    static WavFile open(Path file) throws InvalidInputException {
        ByteSource in;
        try {
            in = ByteSource.of(file);
        } catch (IOException e) {
            throw new InvalidInputException("audio '" + file + "' cannot be read: " + e, e);
        }
        return open(in);
    }

    /** Parses a WAV file held in memory; {@code source} names it in error messages. */
    static WavFile open(byte[] bytes, String source) throws InvalidInputException {
        return open(ByteSource.of(bytes, source));
    }

    private static WavFile open(ByteSource in) throws InvalidInputException {
        try {
            return new WavFile(in);
        } catch (IOException e) {
            closeQuietly(in);
            throw new InvalidInputException("audio '" + in.name() + "' cannot be read: " + e, e);
        } catch (InvalidInputException | RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    WavHeader header() {
        return header;
    }

    /** Bytes of the input read so far, header included. */
    long bytesRead() {
        return in.bytesRead();
    }

    /**
     * Decodes frames {@code [first, first + count)} into channel 0 and the mean over all channels.
     *
     * @param channel0    receives channel 0 at {@code [dstOff, dstOff + count)}
     * @param channelMean receives, per frame, the mean of the frame's samples over all channels (summed in double,
     *                    rounded to float); null to skip it (mono callers use channel 0)
     */
    void readFrames(long first, int count, float[] channel0, float[] channelMean, int dstOff)
            throws InvalidInputException {
        int channels = header.channels();
        int sampleBytes = header.encoding().bytesPerSample();
        forEachFrame(first, count, (reader, buf, base, frame) -> {
            int at = dstOff + (int) (frame - first);
            float s0 = reader.sample(buf, base, frame, 0);
            channel0[at] = s0;
            if (channelMean != null) {
                double sum = s0;
                for (int c = 1; c < channels; c++) {
                    sum += reader.sample(buf, base + c * sampleBytes, frame, c);
                }
                channelMean[at] = (float) (sum / channels);
            }
        });
    }

    /**
     * Decodes the whole file as upstream does ({@code torchaudio.load}): channels x frames. Only for inputs known to
     * be small (tests, tools); the preprocessor reads just the frames it needs.
     */
    float[][] readAll() throws InvalidInputException {
        long frames = header.frameCount();
        if (frames * header.channels() > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("audio '" + header.source() + "' is too long to load whole (" + frames
                    + " frames)");
        }
        int channels = header.channels();
        int sampleBytes = header.encoding().bytesPerSample();
        float[][] out = new float[channels][(int) frames];
        forEachFrame(0, (int) frames, (reader, buf, base, frame) -> {
            for (int c = 0; c < channels; c++) {
                out[c][(int) frame] = reader.sample(buf, base + c * sampleBytes, frame, c);
            }
        });
        return out;
    }

    /** Reads frames {@code [first, first + count)} in chunks and hands each frame's bytes to {@code visitor}. */
    private void forEachFrame(long first, int count, FrameVisitor visitor) throws InvalidInputException {
        if (first < 0 || count < 0 || first + count > header.frameCount()) {
            throw new IllegalArgumentException("frames [" + first + ", " + (first + count) + ") outside [0, "
                    + header.frameCount() + ")");
        }
        int frameBytes = header.blockAlign();
        int framesPerChunk = Math.max(1, CHUNK_BYTES / frameBytes);
        byte[] buf = new byte[Math.min(Math.max(count, 1), framesPerChunk) * frameBytes];
        SampleReader reader = new SampleReader(header);
        int done = 0;
        while (done < count) {
            int n = Math.min(count - done, framesPerChunk);
            long position = header.dataOffset() + (first + done) * (long) frameBytes;
            int want = n * frameBytes;
            int got;
            try {
                got = in.read(position, buf, 0, want);
            } catch (IOException e) {
                throw new InvalidInputException("audio '" + header.source() + "' cannot be read at byte " + position
                        + ": " + e, e);
            }
            if (got < want) {
                // The header check makes this rare: the file shrank after it was opened.
                throw new InvalidInputException("audio '" + header.source() + "' is truncated: frame "
                        + (first + done + got / frameBytes) + " of " + header.frameCount() + " is missing");
            }
            for (int f = 0; f < n; f++) {
                visitor.frame(reader, buf, f * frameBytes, first + done + f);
            }
            done += n;
        }
    }

    @FunctionalInterface
    private interface FrameVisitor {
        void frame(SampleReader reader, byte[] buf, int base, long frame) throws InvalidInputException;
    }

    @Override
    public void close() {
        closeQuietly(in);
    }

    private static void closeQuietly(ByteSource in) {
        try {
            in.close();
        } catch (IOException e) {
            // Nothing was written; a failing close of a read-only channel loses nothing.
        }
    }

    /** Decodes one sample of the file's encoding and byte order to upstream's float. */
    private static final class SampleReader {
        private final WavHeader header;
        private final WavEncoding encoding;
        private final boolean bigEndian;

        SampleReader(WavHeader header) {
            this.header = header;
            this.encoding = header.encoding();
            this.bigEndian = header.bigEndian();
        }

        float sample(byte[] b, int off, long frame, int channel) throws InvalidInputException {
            switch (encoding) {
                case PCM_U8:
                    return SoxSamples.toFloat(SoxSamples.fromUnsigned8(b[off] & 0xFF));
                case PCM_S16:
                    return SoxSamples.toFloat(SoxSamples.fromSigned16((short) bits(b, off, 2)));
                case PCM_S24:
                    return SoxSamples.toFloat(SoxSamples.fromSigned24(((int) bits(b, off, 3) << 8) >> 8));
                case PCM_S32:
                    return SoxSamples.toFloat((int) bits(b, off, 4));
                case FLOAT32:
                    return fromFloat(Float.intBitsToFloat((int) bits(b, off, 4)), frame, channel);
                case FLOAT64:
                    return fromFloat(Double.longBitsToDouble(bits(b, off, 8)), frame, channel);
                default:
                    throw new IllegalStateException(encoding.name());
            }
        }

        private float fromFloat(double v, long frame, int channel)
                throws InvalidInputException {
            if (!Double.isFinite(v)) {
                throw new InvalidInputException("audio '" + header.source() + "' holds a non-finite sample (" + v
                        + ") at frame " + frame + ", channel " + channel);
            }
            return SoxSamples.toFloat(SoxSamples.fromFloat(v));
        }

        private long bits(byte[] b, int off, int n) {
            long v = 0;
            for (int i = 0; i < n; i++) {
                int k = bigEndian ? i : n - 1 - i;
                v = v << 8 | (b[off + k] & 0xFF);
            }
            return v;
        }
    }
}
