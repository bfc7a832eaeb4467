package dev.bindery.encoder.image.internal;

import dev.bindery.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A folder of image files as a video: the files whose names end in an image extension, in name order, one frame
 * each at a fixed frame rate (a frame folder carries no timing). Frame {@code i} is at {@code i / fps} seconds and
 * the video lasts {@code n / fps}. Each frame is decoded like an image input ({@link ImageFileDecoder}), so a lossless
 * frame gives exactly the pixels an image encoder would see.
 */
final class FolderVideoFrames implements VideoFrames {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private final Path folder;
    private final List<Path> files;
    private final int fps;
    private final ImageFileDecoder decoder;

    private FolderVideoFrames(Path folder, List<Path> files, int fps, ImageFileDecoder decoder) {
        this.folder = folder;
        this.files = files;
        this.fps = fps;
        this.decoder = decoder;
    }

    static FolderVideoFrames open(Path folder, int fps, ImageFileDecoder decoder) throws InvalidInputException {
        if (fps <= 0) {
            throw new IllegalArgumentException("frame rate must be positive, was " + fps);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(Files::isRegularFile).filter(FolderVideoFrames::isImage).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new InvalidInputException("video folder '" + folder + "' cannot be listed: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("video folder '" + folder + "' holds no image frames (" + EXTENSIONS + ")");
        }
        return new FolderVideoFrames(folder, files, fps, decoder);
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    @Override
    public long timescale() {
        return fps;
    }

    @Override
    public long startPts() {
        return 0;
    }

    @Override
    public long durationPts() {
        return files.size();
    }

    @Override
    public long[] pts() {
        long[] pts = new long[files.size()];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = i;
        }
        return pts;
    }

    @Override
    public RgbImage[] decode(int[] indices) throws InvalidInputException {
        RgbImage[] out = new RgbImage[indices.length];
        for (int k = 0; k < indices.length; k++) {
            out[k] = decoder.decode(files.get(indices[k]));
        }
        return out;
    }

    @Override
    public String source() {
        return folder.toString();
    }

    @Override
    public void close() {
        // files are opened per frame
    }
}
