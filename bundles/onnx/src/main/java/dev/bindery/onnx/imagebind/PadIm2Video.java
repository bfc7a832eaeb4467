package dev.bindery.onnx.imagebind;

/**
 * Upstream's {@code PadIm2Video(pad_type="repeat", ntimes=T)} outside the graph: the vision graph takes clips
 * {@code (C, T, H, W)} (what a video clip is), and an image {@code (C, H, W)} becomes the clip whose T frames are all
 * that image. Running the clip through the graph's Conv3d stem then gives exactly upstream's image path.
 */
public final class PadIm2Video {
    private PadIm2Video() {
    }

    /**
     * @param image  {@code channels x plane} values, channel-major (C, H, W)
     * @param frames T, the clip length the graph takes
     * @return {@code channels x frames x plane} values (C, T, H, W)
     * @throws IllegalArgumentException if the image length is not a multiple of {@code channels}
     */
    public static float[] repeat(float[] image, int channels, int frames) {
        if (channels <= 0 || frames <= 0 || image.length % channels != 0) {
            throw new IllegalArgumentException(image.length + " values are not " + channels + " channels");
        }
        int plane = image.length / channels;
        float[] clip = new float[image.length * frames];
        for (int c = 0; c < channels; c++) {
            for (int t = 0; t < frames; t++) {
                System.arraycopy(image, c * plane, clip, (c * frames + t) * plane, plane);
            }
        }
        return clip;
    }
}
