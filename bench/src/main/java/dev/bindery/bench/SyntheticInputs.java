package dev.bindery.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The inputs the encoder benchmarks read: a WAV file of the kind users upload (CD rate, so the resampler works) and
 * a point file of the size Point-Bind's datasets hold (more than 8192 points, so farthest point sampling works).
 */
final class SyntheticInputs {
    /** Seconds of audio: ImageBind samples three 2-second clips spread over the whole file. */
    static final int AUDIO_SECONDS = 10;
    static final int AUDIO_RATE = 44_100;
    static final int AUDIO_CHANNELS = 2;
    /** Points of the cloud (ModelNet-style files hold 10,000). */
    static final int POINTS = 10_000;

    private SyntheticInputs() {
    }

    /**
     * A 16-bit PCM stereo WAV at 44.1 kHz: a rising tone in the left channel, a falling one in the right, plus
     * faint noise, so no clip is silent.
     */
    static Path wav(Path file) throws IOException {
        int frames = AUDIO_SECONDS * AUDIO_RATE;
        int dataBytes = frames * AUDIO_CHANNELS * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                .putShort((short) AUDIO_CHANNELS).putInt(AUDIO_RATE).putInt(AUDIO_RATE * AUDIO_CHANNELS * 2)
                .putShort((short) (AUDIO_CHANNELS * 2)).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        SplittableRandom random = new SplittableRandom(11);
        double phaseL = 0;
        double phaseR = 0;
        for (int i = 0; i < frames; i++) {
            double t = (double) i / frames;
            phaseL += 2 * Math.PI * (200 + 3000 * t) / AUDIO_RATE;
            phaseR += 2 * Math.PI * (3200 - 3000 * t) / AUDIO_RATE;
            b.putShort(sample(0.4 * Math.sin(phaseL) + 0.02 * (random.nextDouble() - 0.5)));
            b.putShort(sample(0.4 * Math.sin(phaseR) + 0.02 * (random.nextDouble() - 0.5)));
        }
        Files.write(file, b.array());
        return file;
    }

    /** A binary little-endian PLY of {@link #POINTS} float32 points on a torus with a little noise. */
    static Path ply(Path file) throws IOException {
        byte[] header = ("ply\nformat binary_little_endian 1.0\nelement vertex " + POINTS
                + "\nproperty float x\nproperty float y\nproperty float z\nend_header\n")
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(header.length + POINTS * 12).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header);
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < POINTS; i++) {
            double u = random.nextDouble() * 2 * Math.PI;
            double v = random.nextDouble() * 2 * Math.PI;
            double r = 0.3 + 0.005 * random.nextDouble();
            b.putFloat((float) ((1 + r * Math.cos(v)) * Math.cos(u)));
            b.putFloat((float) ((1 + r * Math.cos(v)) * Math.sin(u)));
            b.putFloat((float) (r * Math.sin(v)));
        }
        Files.write(file, b.array());
        return file;
    }

    private static short sample(double v) {
        return (short) Math.round(Math.max(-1, Math.min(1, v)) * 32767);
    }
}
