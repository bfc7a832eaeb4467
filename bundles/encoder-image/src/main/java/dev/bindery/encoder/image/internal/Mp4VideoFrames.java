package dev.bindery.encoder.image.internal;

import dev.bindery.api.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.SeekableDemuxerTrack;
import org.jcodec.common.io.ByteBufferSeekableByteChannel;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Packet;
import org.jcodec.common.model.Picture;
import org.jcodec.scale.ColorUtil;
import org.jcodec.scale.Transform;

/**
 * The video track of an MP4 / QuickTime file (H.264, decoded by JCodec, pure Java). Timestamps come from the
 * track's sample tables (reading the packets, not decoding them); a requested frame is decoded from the key frame
 * before it. YUV is converted to RGB with JCodec's BT.601 transform — upstream's PyAV path uses libswscale, so frame
 * pixels may differ from upstream's by a few levels (there is no upstream video fixture to compare against).
 */
final class Mp4VideoFrames implements VideoFrames {
    private final String source;
    private final SeekableByteChannel channel;
    private final FrameGrab grab;
    private final long timescale;
    private final long startPts;
    private final long durationPts;
    private final long[] pts;
    /** Decode-order frame number of each frame in presentation order. */
    private final long[] frameNo;
    private final long maxPixels;

    private Mp4VideoFrames(String source, SeekableByteChannel channel, long maxPixels) throws InvalidInputException {
        this.source = source;
        this.channel = channel;
        this.maxPixels = maxPixels;
        try {
            grab = FrameGrab.createFrameGrab(channel);
            SeekableDemuxerTrack track = grab.getVideoTrack();
            if (track == null) {
                throw new InvalidInputException("video '" + source + "' has no video track");
            }
            List<Packet> packets = new ArrayList<>();
            for (Packet p = track.nextFrame(); p != null; p = track.nextFrame()) {
                p.setData(null); // only the timing is kept
                packets.add(p);
            }
            if (packets.isEmpty()) {
                throw new InvalidInputException("video '" + source + "' has no frames");
            }
            packets.sort(Comparator.comparingLong(Packet::getPts));
            timescale = packets.get(0).getTimescale();
            if (timescale <= 0) {
                throw new InvalidInputException("video '" + source + "' has a time scale of " + timescale);
            }
            pts = new long[packets.size()];
            frameNo = new long[packets.size()];
            long end = 0;
            for (int i = 0; i < pts.length; i++) {
                pts[i] = packets.get(i).getPts();
                frameNo[i] = packets.get(i).getFrameNo();
                end = Math.max(end, pts[i] + packets.get(i).getDuration());
            }
            startPts = pts[0];
            DemuxerTrackMeta meta = track.getMeta();
            double seconds = meta == null ? 0 : meta.getTotalDuration();
            // the track duration in the header; the packets' end time when the header has none
            durationPts = seconds > 0 ? Math.round(seconds * timescale) : end;
            track.gotoFrame(0);
        } catch (IOException | JCodecException | RuntimeException e) {
            close();
            throw new InvalidInputException("video '" + source + "' is not a readable MP4 / H.264 video: "
                    + messageOf(e), e);
        }
    }

    static Mp4VideoFrames open(Path file, long maxPixels) throws InvalidInputException {
        try {
            return new Mp4VideoFrames(file.toString(), NIOUtils.readableChannel(file.toFile()), maxPixels);
        } catch (IOException e) {
            throw new InvalidInputException("video '" + file + "' cannot be read: " + e.getMessage(), e);
        }
    }

    static Mp4VideoFrames open(byte[] bytes, String source, long maxPixels) throws InvalidInputException {
        return new Mp4VideoFrames(source, ByteBufferSeekableByteChannel.readFromByteBuffer(ByteBuffer.wrap(bytes)),
                maxPixels);
    }

    @Override
    public long timescale() {
        return timescale;
    }

    @Override
    public long startPts() {
        return startPts;
    }

    @Override
    public long durationPts() {
        return durationPts;
    }

    @Override
    public long[] pts() {
        return pts.clone();
    }

    @Override
    public RgbImage[] decode(int[] indices) throws InvalidInputException {
        RgbImage[] out = new RgbImage[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            try {
                grab.seekToFramePrecise((int) frameNo[i]);
                Picture picture = grab.getNativeFrame();
                if (picture == null) {
                    throw new InvalidInputException("video '" + source + "': frame " + i + " did not decode");
                }
                out[k] = toRgb(picture);
            } catch (IOException | JCodecException | RuntimeException e) {
                throw new InvalidInputException("video '" + source + "': frame " + i + " cannot be decoded: "
                        + messageOf(e), e);
            }
        }
        return out;
    }

    /** The picture's visible area as 8-bit RGB (JCodec's RGB samples are stored minus 128). */
    private RgbImage toRgb(Picture picture) throws InvalidInputException {
        int w = picture.getCroppedWidth();
        int h = picture.getCroppedHeight();
        if ((long) w * h > maxPixels) {
            throw new InvalidInputException("video '" + source + "' has " + w + "x" + h + " frames, above the limit of "
                    + maxPixels + " pixels");
        }
        Picture rgb = Picture.create(picture.getWidth(), picture.getHeight(), ColorSpace.RGB);
        Transform transform = ColorUtil.getTransform(picture.getColor(), ColorSpace.RGB);
        if (transform == null) {
            throw new InvalidInputException("video '" + source + "' has frames in " + picture.getColor()
                    + ", which cannot be converted to RGB");
        }
        transform.transform(picture, rgb);
        int x0 = picture.getStartX();
        int y0 = picture.getStartY();
        int stride = picture.getWidth() * 3;
        byte[] src = rgb.getPlaneData(0);
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            int from = (y0 + y) * stride + x0 * 3;
            for (int i = 0; i < w * 3; i++) {
                px[y * w * 3 + i] = (byte) (src[from + i] + 128);
            }
        }
        return new RgbImage(w, h, px);
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only channel
        }
    }

    private static String messageOf(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
