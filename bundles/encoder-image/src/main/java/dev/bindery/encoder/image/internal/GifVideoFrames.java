package dev.bindery.encoder.image.internal;

import dev.bindery.api.InvalidInputException;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.Node;

/**
 * An animated GIF as a video: frames composited on the logical screen as GIF players do (each frame drawn at its
 * offset over the previous picture, then disposed of as its graphic control extension says), transparent areas
 * black, timestamps in hundredths of a second from the frame delays (a delay under 2 counts as 10, as FFmpeg's GIF
 * demuxer does). The whole animation is composited once (GIF frames depend on each other) and only the requested
 * frames are kept.
 */
final class GifVideoFrames implements VideoFrames {
    /** GIF delays are in hundredths of a second. */
    static final long TIMESCALE = 100;
    static final int MIN_DELAY = 2;
    static final int DEFAULT_DELAY = 10;

    private final String source;
    private final byte[] data;
    private final long[] pts;
    private final long duration;
    private final long maxPixels;

    private GifVideoFrames(String source, byte[] data, long maxPixels) throws InvalidInputException {
        this.source = source;
        this.data = data;
        this.maxPixels = maxPixels;
        List<Long> times = new ArrayList<>();
        long t = 0;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            ImageReader reader = gifReader();
            try {
                reader.setInput(in, false, false);
                int n = reader.getNumImages(true);
                for (int i = 0; i < n; i++) {
                    times.add(t);
                    t += delay(reader.getImageMetadata(i));
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("video '" + source + "' is not a readable GIF: " + e.getMessage(), e);
        }
        if (times.isEmpty()) {
            throw new InvalidInputException("video '" + source + "' has no frames");
        }
        pts = times.stream().mapToLong(Long::longValue).toArray();
        duration = t;
    }

    static GifVideoFrames of(byte[] data, String source, long maxPixels) throws InvalidInputException {
        return new GifVideoFrames(source, data, maxPixels);
    }

    @Override
    public long timescale() {
        return TIMESCALE;
    }

    @Override
    public long startPts() {
        return 0;
    }

    @Override
    public long durationPts() {
        return duration;
    }

    @Override
    public long[] pts() {
        return pts.clone();
    }

    @Override
    public RgbImage[] decode(int[] indices) throws InvalidInputException {
        RgbImage[] out = new RgbImage[indices.length];
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            ImageReader reader = gifReader();
            try {
                reader.setInput(in, false, false);
                Node screen = child(reader.getStreamMetadata().getAsTree("javax_imageio_gif_stream_1.0"),
                        "LogicalScreenDescriptor");
                int width = Integer.parseInt(attr(screen, "logicalScreenWidth"));
                int height = Integer.parseInt(attr(screen, "logicalScreenHeight"));
                if (width <= 0 || height <= 0 || (long) width * height > maxPixels) {
                    throw new InvalidInputException("video '" + source + "' has a " + width + "x" + height
                            + " screen (limit " + maxPixels + " pixels)");
                }
                BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
                int next = 0;
                for (int i = 0; i <= indices[indices.length - 1]; i++) {
                    BufferedImage frame = reader.read(i);
                    Node desc = child(reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0"),
                            "ImageDescriptor");
                    int x = Integer.parseInt(attr(desc, "imageLeftPosition"));
                    int y = Integer.parseInt(attr(desc, "imageTopPosition"));
                    String disposal = disposal(reader.getImageMetadata(i));
                    BufferedImage before = disposal.equals("restoreToPrevious") ? copy(canvas) : null;
                    Graphics2D g = canvas.createGraphics();
                    g.drawImage(frame, x, y, null);
                    g.dispose();
                    if (next < indices.length && indices[next] == i) {
                        out[next++] = rgbOf(canvas);
                    }
                    if (disposal.equals("restoreToBackgroundColor")) {
                        Graphics2D clear = canvas.createGraphics();
                        clear.setComposite(java.awt.AlphaComposite.Clear);
                        clear.fillRect(x, y, frame.getWidth(), frame.getHeight());
                        clear.dispose();
                    } else if (before != null) {
                        canvas = before;
                    }
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("video '" + source + "': a GIF frame cannot be decoded: " + e.getMessage(),
                    e);
        }
        return out;
    }

    private static ImageReader gifReader() throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("gif");
        if (!readers.hasNext()) {
            throw new IOException("no GIF reader in this JVM");
        }
        return readers.next();
    }

    private static long delay(IIOMetadata meta) {
        Node gce = child(meta.getAsTree("javax_imageio_gif_image_1.0"), "GraphicControlExtension");
        int delay = gce == null ? 0 : Integer.parseInt(attr(gce, "delayTime"));
        return delay < MIN_DELAY ? DEFAULT_DELAY : delay;
    }

    private static String disposal(IIOMetadata meta) {
        Node gce = child(meta.getAsTree("javax_imageio_gif_image_1.0"), "GraphicControlExtension");
        return gce == null ? "none" : attr(gce, "disposalMethod");
    }

    private static Node child(Node parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals(name)) {
                return n;
            }
        }
        return null;
    }

    private static String attr(Node node, String name) {
        return node.getAttributes().getNamedItem(name).getNodeValue();
    }

    private static BufferedImage copy(BufferedImage image) {
        BufferedImage c = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        c.setData(image.getRaster());
        return c;
    }

    /** The canvas's colour; transparent pixels come out black (their colour bits are zero). */
    private static RgbImage rgbOf(BufferedImage canvas) {
        int w = canvas.getWidth();
        int h = canvas.getHeight();
        int[] argb = canvas.getRGB(0, 0, w, h, null, 0, w);
        byte[] px = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            int v = (argb[i] >>> 24) == 0 ? 0 : argb[i];
            px[i * 3] = (byte) (v >> 16);
            px[i * 3 + 1] = (byte) (v >> 8);
            px[i * 3 + 2] = (byte) v;
        }
        return new RgbImage(w, h, px);
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public void close() {
        // everything is in memory
    }
}
