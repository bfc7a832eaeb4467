package dev.bindery.encoder.image.internal;

import dev.bindery.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Upstream ImageBind's {@code load_and_transform_video_data} for one video: 5 clips of 2 seconds placed by
 * {@link ClipSampler}, 2 frames per clip ({@link UniformTemporalSubsample}), each clip scaled, normalised and cut into
 * 3 spatial crops ({@link VideoClipTransform}). The result is {@code 15 x (3, 2, 224, 224)} floats, clip-major then
 * crop (upstream's order), ready for the vision graph, whose per-clip embeddings the video encoder averages.
 *
 * <p>Sources: an MP4 / QuickTime file with an H.264 track ({@link Mp4VideoFrames}), an animated GIF
 * ({@link GifVideoFrames}), or a folder of image frames at {@link #folderFps()} ({@link FolderVideoFrames}).
 * Thread-safe.
 */
public final class VideoPreprocessor {
    /** Frames kept per clip (the vision stem's temporal kernel). */
    public static final int FRAMES_PER_CLIP = 2;
    /** Items per video: clips x spatial crops. */
    public static final int ITEMS = ClipSampler.CLIPS_PER_VIDEO * VideoClipTransform.CROPS;
    /** Largest video file read into memory when it is not an MP4 (GIFs, uploads): 256 MiB. */
    public static final long MAX_BYTES = 256L << 20;

    private final ImageFileDecoder decoder;
    private final int folderFps;

    public VideoPreprocessor(ImageFileDecoder decoder, int folderFps) {
        if (folderFps <= 0) {
            throw new IllegalArgumentException("frame rate of frame folders must be positive, was " + folderFps);
        }
        this.decoder = decoder;
        this.folderFps = folderFps;
    }

    public int folderFps() {
        return folderFps;
    }

    /** A file (MP4 or GIF, recognised by content) or a folder of frames. */
    public float[] preprocess(Path path) throws InvalidInputException {
        if (Files.isDirectory(path)) {
            try (VideoFrames v = FolderVideoFrames.open(path, folderFps, decoder)) {
                return preprocess(v);
            }
        }
        byte[] head = head(path);
        if (isGif(head)) {
            try {
                long size = Files.size(path);
                if (size > MAX_BYTES) {
                    throw new InvalidInputException("video '" + path + "' is " + size + " bytes, above the limit of "
                            + MAX_BYTES + " for GIFs");
                }
                try (VideoFrames v = GifVideoFrames.of(Files.readAllBytes(path), path.toString(),
                        decoder.maxPixels())) {
                    return preprocess(v);
                }
            } catch (IOException e) {
                throw new InvalidInputException("video '" + path + "' cannot be read: " + e.getMessage(), e);
            }
        }
        if (!isMp4(head)) {
            throw new InvalidInputException("'" + path + "' is not a video this encoder reads (MP4 / H.264, animated"
                    + " GIF, or a folder of frames)");
        }
        try (VideoFrames v = Mp4VideoFrames.open(path, decoder.maxPixels())) {
            return preprocess(v);
        }
    }

    /** Uploaded bytes: MP4 or GIF. */
    public float[] preprocess(byte[] bytes, String source) throws InvalidInputException {
        if (bytes.length > MAX_BYTES) {
            throw new InvalidInputException("video '" + source + "' is " + bytes.length + " bytes, above the limit of "
                    + MAX_BYTES);
        }
        byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, 12));
        if (isGif(head)) {
            try (VideoFrames v = GifVideoFrames.of(bytes, source, decoder.maxPixels())) {
                return preprocess(v);
            }
        }
        if (!isMp4(head)) {
            throw new InvalidInputException("'" + source + "' is not a video this encoder reads (MP4 / H.264 or"
                    + " animated GIF)");
        }
        try (VideoFrames v = Mp4VideoFrames.open(bytes, source, decoder.maxPixels())) {
            return preprocess(v);
        }
    }

    /** The 15 items of a decoded-on-demand video. */
    float[] preprocess(VideoFrames video) throws InvalidInputException {
        int[][] clips = frameIndices(video);
        TreeMap<Integer, RgbImage> frames = new TreeMap<>();
        for (int[] clip : clips) {
            for (int i : clip) {
                frames.put(i, null);
            }
        }
        int[] needed = frames.keySet().stream().mapToInt(Integer::intValue).toArray();
        RgbImage[] decoded = video.decode(needed);
        for (int k = 0; k < needed.length; k++) {
            frames.put(needed[k], decoded[k]);
        }
        int per = 3 * FRAMES_PER_CLIP * VideoClipTransform.SIZE * VideoClipTransform.SIZE;
        float[] out = new float[ITEMS * per];
        int item = 0;
        for (int[] clip : clips) {
            RgbImage[] clipFrames = new RgbImage[clip.length];
            for (int f = 0; f < clip.length; f++) {
                clipFrames[f] = frames.get(clip[f]);
            }
            try {
                for (float[] crop : VideoClipTransform.crops(clipFrames)) {
                    System.arraycopy(crop, 0, out, item++ * per, per);
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("video '" + video.source() + "': " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * The frames each clip keeps, as indices into the video's frames (presentation order).
     *
     * @throws InvalidInputException naming the video and the clip when a clip window holds no frame (upstream
     *                               raises "No clip found" there)
     */
    static int[][] frameIndices(VideoFrames video) throws InvalidInputException {
        long[] pts = video.pts();
        List<ClipSampler.Window> windows = ClipSampler.windows(video.durationPts(), video.startPts(),
                video.timescale(), ClipSampler.CLIP_SECONDS, ClipSampler.CLIPS_PER_VIDEO);
        int[][] out = new int[windows.size()][];
        for (int c = 0; c < out.length; c++) {
            ClipSampler.Window w = windows.get(c);
            int first = lowerBound(pts, w.startPts());
            int end = lowerBound(pts, w.endPts());
            if (end <= first) {
                throw new InvalidInputException("video '" + video.source() + "': clip " + c + " ("
                        + (double) (w.startPts() - video.startPts()) / video.timescale() + " s to "
                        + (double) (w.endPts() - video.startPts()) / video.timescale() + " s) holds no frame");
            }
            int[] sub = UniformTemporalSubsample.indices(end - first, FRAMES_PER_CLIP);
            for (int i = 0; i < sub.length; i++) {
                sub[i] += first;
            }
            out[c] = sub;
        }
        return out;
    }

    /** The first index whose timestamp is at least {@code t}. */
    private static int lowerBound(long[] sorted, long t) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static byte[] head(Path path) throws InvalidInputException {
        try (var in = Files.newInputStream(path)) {
            return in.readNBytes(12);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException("video '" + path + "': the file does not exist", e);
        } catch (IOException e) {
            throw new InvalidInputException("video '" + path + "' cannot be read: " + e.getMessage(), e);
        }
    }

    static boolean isGif(byte[] head) {
        return head.length >= 6 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8';
    }

    /** An ISO base media file: a box type at offset 4 that such files start with. */
    static boolean isMp4(byte[] head) {
        if (head.length < 8) {
            return false;
        }
        String type = new String(head, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        return List.of("ftyp", "moov", "mdat", "wide", "free", "skip").contains(type);
    }
}
