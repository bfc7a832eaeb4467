package dev.bindery.encoder.audio.internal;

/**
 * What a WAV file's header says about its audio, checked for consistency: everything a decoder needs to read any
 * frame by position.
 *
 * @param source     names the input in error messages
 * @param encoding   the sample encoding
 * @param channels   interleaved channels per frame, at least 1
 * @param sampleRate frames per second, at least 1
 * @param blockAlign bytes per frame ({@code channels * encoding.bytesPerSample()})
 * @param bigEndian  true for RIFX files
 * @param dataOffset byte position of the first frame
 * @param frameCount number of whole frames in the data chunk, at least 1
 */
record WavHeader(String source, WavEncoding encoding, int channels, int sampleRate, int blockAlign, boolean bigEndian,
        long dataOffset, long frameCount) {

    /** The duration in seconds. */
    double durationSeconds() {
        return (double) frameCount / sampleRate;
    }

    @Override
    public String toString() {
        return source + ": " + encoding.description() + ", " + channels + " channel(s), " + sampleRate + " Hz, "
                + frameCount + " frames";
    }
}
