package dev.bindery.cache.internal;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.io.FormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The fixed header of a Bindery cache file (format version 1), little-endian:
 * <pre>
 *  0  8  magic "BNDYVCAC"
 *  8  4  version (1)
 * 12  4  dtype: 0 = F32, 1 = F16
 * 16  4  dimension
 * 20  4  flags: bit 0 = the file has a sources section
 * 24  8  count (entries)
 * 32  8  matrix offset (a multiple of 4096, so rows can be mapped page-aligned)
 * 40  8  ids offset      (= matrix offset + count * dimension * element size, rounded up to 8)
 * 48  8  sources offset  (0 without sources)
 * 56  8  file length     (detects truncation)
 * 64  4  checksum algorithm: 1 = CRC32C
 * 68  4  CRC32C of the matrix bytes
 * 72  4  CRC32C of the ids and sources sections
 * 76  4  model id length n (UTF-8 bytes, at most 1024)
 * 80  n  model id
 * 80+n 4 CRC32C of bytes [0, 80+n)
 * </pre>
 * The ids and sources sections are each {@code count + 1} little-endian u64 offsets into a UTF-8 blob that follows
 * them; entry {@code i} is {@code blob[offsets[i], offsets[i+1])}; an empty source means "none recorded".
 */
public record CacheHeader(DType dtype, int dimension, boolean hasSources, long count, long matrixOffset,
                          long idsOffset, long sourcesOffset, long fileLength, int matrixCrc, int metadataCrc,
                          String modelId) {
    static final byte[] MAGIC = "BNDYVCAC".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    static final int CRC32C_ALGORITHM = 1;
    public static final int MAX_MODEL_ID_BYTES = 1024;
    /** Bytes before the matrix: the header padded to a page. */
    public static final int PAGE = 4096;
    private static final int FIXED = 80;

    /** Bytes per stored value of a cache dtype. */
    public static int elementBytes(DType dtype) {
        return switch (dtype) {
            case F32 -> 4;
            case F16 -> 2;
            default -> throw new IllegalArgumentException("a cache stores F32 or F16 vectors, not " + dtype);
        };
    }

    /** Bytes of the matrix. */
    public long matrixBytes() {
        return count * dimension * (long) elementBytes(dtype);
    }

    /** The encoded header (FIXED + model id + CRC), to be written at offset 0 and padded to {@link #PAGE}. */
    public byte[] encode() {
        byte[] id = modelId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(FIXED + id.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(dtype == DType.F32 ? 0 : 1).putInt(dimension).putInt(hasSources ? 1 : 0)
                .putLong(count).putLong(matrixOffset).putLong(idsOffset).putLong(sourcesOffset).putLong(fileLength)
                .putInt(CRC32C_ALGORITHM).putInt(matrixCrc).putInt(metadataCrc).putInt(id.length).put(id);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /**
     * Decodes and checks the header from the first bytes of {@code file}.
     *
     * @param head       at least the first {@link #PAGE} bytes, or the whole file if it is shorter
     * @param actualSize the file's size on disk
     * @throws FormatException naming the file and what is wrong (magic, version, checksum, truncation, layout)
     */
    public static CacheHeader decode(String file, ByteBuffer head, long actualSize) throws FormatException {
        ByteBuffer b = head.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < MAGIC.length) {
            throw new FormatException(file, "truncated: " + b.remaining() + " bytes is shorter than a cache header");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b.get(i) != MAGIC[i]) {
                throw new FormatException(file, "not a Bindery cache file (bad magic)");
            }
        }
        if (b.remaining() < FIXED + 4) {
            throw new FormatException(file, "truncated: " + b.remaining() + " bytes is shorter than a cache header");
        }
        int version = b.getInt(8);
        if (version != VERSION) {
            throw new FormatException(file, "unsupported cache format version " + version + " (this reader knows "
                    + VERSION + ")");
        }
        int idLength = b.getInt(76);
        if (idLength < 0 || idLength > MAX_MODEL_ID_BYTES) {
            throw new FormatException(file, "corrupt header: model id length " + idLength);
        }
        if (b.remaining() < FIXED + idLength + 4) {
            throw new FormatException(file, "truncated: the header needs " + (FIXED + idLength + 4) + " bytes");
        }
        CRC32C crc = new CRC32C();
        byte[] headerBytes = new byte[FIXED + idLength];
        b.get(0, headerBytes);
        crc.update(headerBytes);
        if ((int) crc.getValue() != b.getInt(FIXED + idLength)) {
            throw new FormatException(file, "header checksum mismatch: the header is corrupt");
        }
        int dtypeCode = b.getInt(12);
        DType dtype = switch (dtypeCode) {
            case 0 -> DType.F32;
            case 1 -> DType.F16;
            default -> throw new FormatException(file, "corrupt header: unknown dtype code " + dtypeCode);
        };
        if (b.getInt(64) != CRC32C_ALGORITHM) {
            throw new FormatException(file, "unsupported checksum algorithm " + b.getInt(64));
        }
        byte[] id = new byte[idLength];
        b.get(FIXED, id);
        CacheHeader h = new CacheHeader(dtype, b.getInt(16), (b.getInt(20) & 1) != 0, b.getLong(24), b.getLong(32),
                b.getLong(40), b.getLong(48), b.getLong(56), b.getInt(68), b.getInt(72),
                new String(id, StandardCharsets.UTF_8));
        h.checkLayout(file, actualSize);
        return h;
    }

    private void checkLayout(String file, long actualSize) throws FormatException {
        if (fileLength != actualSize) {
            throw new FormatException(file, (actualSize < fileLength ? "truncated" : "corrupt") + ": the header records "
                    + fileLength + " bytes but the file has " + actualSize);
        }
        if (dimension <= 0 || count < 0) {
            throw new FormatException(file, "corrupt header: " + count + " entries of dimension " + dimension);
        }
        long matrixEnd;
        try {
            matrixEnd = Math.addExact(matrixOffset, Math.multiplyExact(Math.multiplyExact(count, (long) dimension),
                    (long) elementBytes(dtype)));
        } catch (ArithmeticException e) {
            throw new FormatException(file, "corrupt header: " + count + " x " + dimension + " entries overflow");
        }
        if (matrixOffset < PAGE || matrixOffset % PAGE != 0 || idsOffset != align8(matrixEnd)
                || (hasSources ? sourcesOffset < idsOffset : sourcesOffset != 0) || idsOffset > fileLength
                || sourcesOffset > fileLength) {
            throw new FormatException(file, "corrupt header: sections at " + matrixOffset + ", " + idsOffset + ", "
                    + sourcesOffset + " do not fit " + count + " x " + dimension + " " + dtype + " in " + fileLength
                    + " bytes");
        }
    }

    public static long align8(long v) {
        return (v + 7) & ~7L;
    }
}
