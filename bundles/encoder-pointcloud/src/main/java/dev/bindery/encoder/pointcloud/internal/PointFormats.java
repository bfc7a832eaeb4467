package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.InvalidInputException;
import dev.bindery.encoder.pointcloud.internal.PointCloudReader.Format;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Which point format an upload is in: from its hint (a media type such as {@code model/x-ply}, an extension such
 * as {@code .pcd} or {@code obj}, or a file name such as {@code chair.off}), else from its content.
 *
 * <p>Content rules, for uploads without a usable hint ({@code null}, blank, {@code application/octet-stream},
 * {@code text/plain}): the {@code .npy} magic; {@code ply} on the first line; a PCD header ({@code # .PCD},
 * {@code VERSION} or {@code FIELDS} first); an OFF keyword ({@code OFF}, {@code COFF}, {@code NOFF},
 * {@code CNOFF}, {@code STOFF}, or counts glued to it); then, for text, the first line that is not blank or a
 * {@code #} comment: an OBJ statement ({@code v}, {@code vn}, {@code vt}, {@code f}, {@code o}, {@code g},
 * {@code s}, {@code mtllib}, {@code usemtl}) means OBJ, a lone integer means PTS (its point count), anything else
 * XYZ. Binary content matching none of these is refused.
 */
final class PointFormats {
    /** How far into the content the rules look. */
    private static final int SNIFF_BYTES = 4096;
    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private static final Map<String, Format> MEDIA_TYPES = Map.ofEntries(
            Map.entry("application/x-npy", Format.NPY), Map.entry("application/npy", Format.NPY),
            Map.entry("application/x-numpy", Format.NPY),
            Map.entry("application/ply", Format.PLY), Map.entry("application/x-ply", Format.PLY),
            Map.entry("model/ply", Format.PLY), Map.entry("model/x-ply", Format.PLY), Map.entry("text/x-ply", Format.PLY),
            Map.entry("application/pcd", Format.PCD), Map.entry("application/x-pcd", Format.PCD),
            Map.entry("model/x-pcd", Format.PCD), Map.entry("text/x-pcd", Format.PCD),
            Map.entry("chemical/x-xyz", Format.XYZ), Map.entry("text/x-xyz", Format.XYZ),
            Map.entry("application/x-xyz", Format.XYZ), Map.entry("model/x-xyz", Format.XYZ),
            Map.entry("text/x-pts", Format.PTS), Map.entry("application/x-pts", Format.PTS),
            Map.entry("model/off", Format.OFF), Map.entry("model/x-off", Format.OFF),
            Map.entry("application/x-off", Format.OFF), Map.entry("text/x-off", Format.OFF),
            Map.entry("model/obj", Format.OBJ), Map.entry("model/x-obj", Format.OBJ),
            Map.entry("application/x-obj", Format.OBJ), Map.entry("text/x-obj", Format.OBJ));

    private PointFormats() {
    }

    /**
     * The format of {@code bytes} given {@code hint}.
     *
     * @param source names the upload in messages
     * @throws InvalidInputException if the hint names no point format, or there is no hint and the content is not
     *                               recognised
     */
    static Format of(String hint, byte[] bytes, String source) throws InvalidInputException {
        if (bytes.length == 0) {
            throw PointFileErrors.of(source, "is empty");
        }
        String h = hint == null ? "" : hint.trim().toLowerCase(Locale.ROOT);
        int parameters = h.indexOf(';');
        if (parameters >= 0) {
            h = h.substring(0, parameters).trim();
        }
        if (!h.isEmpty() && !h.equals("application/octet-stream") && !h.equals("text/plain")) {
            Format f = h.contains("/") ? MEDIA_TYPES.get(h) : PointCloudReader.formatOf(h.contains(".") ? h : "." + h);
            if (f == null) {
                throw PointFileErrors.of(source, "'" + hint + "' is not a point format; give a media type such as"
                        + " model/x-ply or an extension: .ply, .pcd, .xyz, .txt, .pts, .off, .obj, .npy");
            }
            return f;
        }
        return sniff(bytes, source);
    }

    /** The format by the content rules of the class comment. */
    static Format sniff(byte[] bytes, String source) throws InvalidInputException {
        if (startsWith(bytes, NPY_MAGIC)) {
            return Format.NPY;
        }
        String head = new String(bytes, 0, Math.min(bytes.length, SNIFF_BYTES), StandardCharsets.ISO_8859_1);
        String firstLine = head.lines().findFirst().orElse("").trim();
        if (firstLine.equals("ply")) {
            return Format.PLY;
        }
        if (firstLine.startsWith("# .PCD") || firstLine.startsWith("VERSION") || firstLine.startsWith("FIELDS")) {
            return Format.PCD;
        }
        if (firstLine.matches("(ST)?C?N?OFF([\\s\\d].*)?")) {
            return Format.OFF;
        }
        if (head.indexOf('\0') >= 0) {
            throw PointFileErrors.of(source, "binary content that is not .npy, PLY or PCD; give the format as a media"
                    + " type or extension");
        }
        for (String line : (Iterable<String>) head.lines()::iterator) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String keyword = t.split("\\s+", 2)[0];
            if (keyword.matches("v|vn|vt|f|o|g|s|mtllib|usemtl")) {
                return Format.OBJ;
            }
            return keyword.equals(t) && t.matches("\\d+") ? Format.PTS : Format.XYZ;
        }
        throw PointFileErrors.of(source, "holds no point data in its first " + SNIFF_BYTES + " bytes");
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
