package dev.bindery.encoder.audio.internal;

import dev.bindery.api.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads and checks the header of a RIFF (little-endian), RIFX (big-endian) or RF64 WAVE file: the {@code fmt }
 * chunk (PCM, IEEE float or WAVE_FORMAT_EXTENSIBLE with a PCM or float sub-format) and the position and size of the
 * {@code data} chunk. Only the header bytes are read; the samples stay in the file. Every inconsistency is an
 * {@link InvalidInputException} naming the input and what is wrong.
 */
final class WavHeaderParser {
    /** The highest sample rate accepted; above it the resampling kernel would grow without a useful purpose. */
    static final int MAX_SAMPLE_RATE = 768_000;
    /** Chunks allowed before the data chunk; a long run of tiny chunks is a malformed (or hostile) file. */
    private static final int MAX_CHUNKS = 4096;

    private static final int FORMAT_PCM = 0x0001;
    private static final int FORMAT_FLOAT = 0x0003;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    /** Bytes 8..15 of the KSDATAFORMAT_SUBTYPE GUIDs (…-0010-8000-00AA00389B71), the same for PCM and float. */
    private static final byte[] SUBTYPE_GUID_TAIL = {(byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B,
        0x71};
    private static final long UNKNOWN_SIZE = 0xFFFF_FFFFL;

    private WavHeaderParser() {
    }

    static WavHeader parse(ByteSource in) throws InvalidInputException, IOException {
        String name = in.name();
        long fileSize = in.size();
        byte[] head = new byte[12];
        int got = in.read(0, head, 0, 12);
        String magic = got >= 4 ? ascii(head, 0) : "";
        boolean rf64 = magic.equals("RF64");
        boolean bigEndian = magic.equals("RIFX");
        if (!(magic.equals("RIFF") || rf64 || bigEndian) || got < 12 || !ascii(head, 8).equals("WAVE")) {
            throw new InvalidInputException("audio '" + name + "' " + describeForeign(head, got)
                    + "; only WAV (RIFF/RIFX/RF64 WAVE) files are supported");
        }
        Bytes order = new Bytes(bigEndian);
        Fmt fmt = null;
        long rf64DataSize = -1;
        long pos = 12;
        for (int chunk = 0; chunk < MAX_CHUNKS; chunk++) {
            byte[] ch = new byte[8];
            if (in.read(pos, ch, 0, 8) < 8) {
                throw new InvalidInputException("audio '" + name + "' is truncated or corrupt: no data chunk"
                        + (fmt == null ? " and no fmt chunk" : "") + " before the end of the file (" + fileSize
                        + " bytes)");
            }
            String id = ascii(ch, 0);
            long size = order.u32(ch, 4);
            long body = pos + 8;
            if (id.equals("fmt ")) {
                fmt = readFmt(in, body, size, order);
            } else if (id.equals("ds64") && rf64) {
                byte[] ds = readBody(in, body, size, 24, name, "ds64");
                rf64DataSize = order.u64(ds, 8);
                if (rf64DataSize < 0) {
                    throw new InvalidInputException("audio '" + name + "' is corrupt: its ds64 chunk declares a data"
                            + " size beyond 2^63 bytes");
                }
            } else if (id.equals("data")) {
                if (fmt == null) {
                    throw new InvalidInputException("audio '" + name + "' is corrupt: the data chunk comes before any"
                            + " fmt chunk");
                }
                long declared = rf64 && size == UNKNOWN_SIZE && rf64DataSize >= 0 ? rf64DataSize : size;
                return header(name, fmt, bigEndian, body, declared, fileSize - body);
            }
            // RIFF chunks are padded to an even size.
            pos = body + size + (size & 1);
        }
        throw new InvalidInputException("audio '" + name + "' is corrupt: more than " + MAX_CHUNKS
                + " chunks before the data chunk");
    }

    private static WavHeader header(String name, Fmt fmt, boolean bigEndian, long dataOffset, long declared,
            long available) throws InvalidInputException {
        long bytes = declared;
        if (declared == UNKNOWN_SIZE) {
            // Writers that stream to a pipe cannot seek back to fill in the size; they leave 0xFFFFFFFF, meaning
            // "to the end of the file", as libsox also reads it.
            bytes = Math.max(available, 0);
        } else if (declared > available) {
            throw new InvalidInputException("audio '" + name + "' is truncated: its data chunk declares " + declared
                    + " bytes but only " + Math.max(available, 0) + " follow in the file");
        }
        long frames = bytes / fmt.blockAlign;
        if (frames == 0) {
            throw new InvalidInputException("audio '" + name + "' holds no audio frames (data chunk of " + bytes
                    + " bytes, " + fmt.blockAlign + " bytes per frame)");
        }
        return new WavHeader(name, fmt.encoding, fmt.channels, fmt.sampleRate, fmt.blockAlign, bigEndian, dataOffset,
                frames);
    }

    private static Fmt readFmt(ByteSource in, long body, long size, Bytes order)
            throws InvalidInputException, IOException {
        String name = in.name();
        byte[] b = readBody(in, body, size, 16, name, "fmt");
        int tag = order.u16(b, 0);
        int channels = order.u16(b, 2);
        long rate = order.u32(b, 4);
        int blockAlign = order.u16(b, 12);
        int bits = order.u16(b, 14);
        boolean extensible = tag == FORMAT_EXTENSIBLE;
        if (extensible) {
            if (b.length < 40 || order.u16(b, 16) < 22) {
                throw new InvalidInputException("audio '" + name + "' is corrupt: WAVE_FORMAT_EXTENSIBLE fmt chunk of "
                        + b.length + " bytes is too short for its sub-format");
            }
            for (int i = 0; i < SUBTYPE_GUID_TAIL.length; i++) {
                if (b[32 + i] != SUBTYPE_GUID_TAIL[i]) {
                    throw new InvalidInputException("audio '" + name + "' uses a WAVE_FORMAT_EXTENSIBLE sub-format that"
                            + " is not a standard one; supported: PCM and IEEE float");
                }
            }
            tag = order.u16(b, 24);
        }
        if (tag != FORMAT_PCM && tag != FORMAT_FLOAT) {
            throw new InvalidInputException("audio '" + name + "' uses an unsupported WAV encoding (" + tagName(tag)
                    + "); supported: PCM 8/16/24/32-bit and IEEE float 32/64-bit");
        }
        if (channels == 0) {
            throw new InvalidInputException("audio '" + name + "' declares 0 channels");
        }
        if (rate == 0 || rate > MAX_SAMPLE_RATE) {
            throw new InvalidInputException("audio '" + name + "' declares a sample rate of " + rate
                    + " Hz; supported: 1 to " + MAX_SAMPLE_RATE + " Hz");
        }
        if (blockAlign == 0 || blockAlign % channels != 0) {
            throw new InvalidInputException("audio '" + name + "' is corrupt: block align " + blockAlign
                    + " is not a positive multiple of its " + channels + " channel(s)");
        }
        int container = blockAlign / channels;
        WavEncoding encoding = tag == FORMAT_PCM ? WavEncoding.pcmOfSize(container) : WavEncoding.floatOfSize(container);
        // Plain PCM may declare fewer bits than its container (12 bits in 2 bytes); libsox reads the container.
        boolean bitsFit = extensible || tag == FORMAT_FLOAT ? bits == container * 8 : bits > container * 8 - 8
                && bits <= container * 8;
        if (encoding == null || !bitsFit) {
            throw new InvalidInputException("audio '" + name + "' uses an unsupported or inconsistent sample layout ("
                    + tagName(tag) + ", " + bits + " bits per sample, " + container + " bytes per sample); supported:"
                    + " PCM 8/16/24/32-bit and IEEE float 32/64-bit");
        }
        return new Fmt(encoding, channels, (int) rate, blockAlign);
    }

    private static byte[] readBody(ByteSource in, long body, long size, int minimum, String name, String what)
            throws InvalidInputException, IOException {
        if (size < minimum || size > 1 << 16) {
            throw new InvalidInputException("audio '" + name + "' is corrupt: " + what + " chunk of " + size
                    + " bytes (expected " + minimum + (size > minimum ? " to 65536" : " or more") + ")");
        }
        byte[] b = new byte[(int) size];
        if (in.read(body, b, 0, b.length) < b.length) {
            throw new InvalidInputException("audio '" + name + "' is truncated inside its " + what + " chunk");
        }
        return b;
    }

    private static String tagName(int tag) {
        switch (tag) {
            case 0x0001:
                return "PCM";
            case 0x0002:
                return "format tag 0x0002, Microsoft ADPCM";
            case 0x0003:
                return "IEEE float";
            case 0x0006:
                return "format tag 0x0006, A-law";
            case 0x0007:
                return "format tag 0x0007, mu-law";
            case 0x0011:
                return "format tag 0x0011, IMA ADPCM";
            case 0x0031:
                return "format tag 0x0031, GSM 6.10";
            case 0x0050:
                return "format tag 0x0050, MPEG";
            case 0x0055:
                return "format tag 0x0055, MPEG layer 3";
            default:
                return String.format("format tag 0x%04X", tag);
        }
    }

    /** Names what a non-WAV input looks like, so the message says "is a FLAC file" rather than only "corrupt". */
    private static String describeForeign(byte[] head, int got) {
        if (got == 0) {
            return "is empty";
        }
        String magic = got >= 4 ? ascii(head, 0) : "";
        if (magic.equals("fLaC")) {
            return "is a FLAC file";
        }
        if (magic.equals("OggS")) {
            return "is an Ogg file";
        }
        if (got >= 3 && ascii3(head).equals("ID3") || got >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0) {
            return "looks like an MP3 file";
        }
        if (got >= 12 && magic.equals("FORM")) {
            return "is an AIFF file";
        }
        if (magic.equals("RIFF") || magic.equals("RIFX") || magic.equals("RF64")) {
            return got < 12 ? "is truncated inside its RIFF header" : "is a RIFF file but not WAVE ('" + ascii(head, 8)
                    + "')";
        }
        return "is not a WAV file";
    }

    private static String ascii(byte[] b, int off) {
        StringBuilder s = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            int c = b[off + i] & 0xFF;
            s.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return s.toString();
    }

    private static String ascii3(byte[] b) {
        return new String(b, 0, 3, StandardCharsets.ISO_8859_1);
    }

    private record Fmt(WavEncoding encoding, int channels, int sampleRate, int blockAlign) {
    }

    /** Unsigned little- or big-endian fields. */
    private record Bytes(boolean bigEndian) {
        int u16(byte[] b, int off) {
            int lo = b[off] & 0xFF;
            int hi = b[off + 1] & 0xFF;
            return bigEndian ? lo << 8 | hi : hi << 8 | lo;
        }

        long u32(byte[] b, int off) {
            long v = 0;
            for (int i = 0; i < 4; i++) {
                int k = bigEndian ? i : 3 - i;
                v = v << 8 | (b[off + k] & 0xFF);
            }
            return v;
        }

        long u64(byte[] b, int off) {
            long lo = u32(b, bigEndian ? off + 4 : off);
            long hi = u32(b, bigEndian ? off : off + 4);
            return hi << 32 | lo;
        }
    }
}
