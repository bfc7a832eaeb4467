package dev.bindery.llama.internal.tokenizer;

/**
 * Turns ids back into text as SentencePiece's {@code Decode} does: control pieces vanish, the unknown piece becomes
 * the unknown surface, U+2581 becomes a space, runs of byte pieces are reassembled into UTF-8 (each byte that starts
 * no well-formed character becomes U+FFFD), and the dummy-prefix space of the first piece that produces text is
 * removed. Thread-safe.
 */
final class PieceDecoder {
    private static final String SPACE = String.valueOf(NormalizerOptions.SPACE_SYMBOL);

    private final Vocabulary vocabulary;
    private final boolean stripLeadingSpace;
    private final boolean stripAllLeadingSpaces;
    private final String unkSurface;

    PieceDecoder(TokenizerModel model) {
        this.vocabulary = model.vocabulary();
        NormalizerOptions n = model.normalizer();
        this.stripLeadingSpace = n.addDummyPrefix() || n.removeExtraWhitespaces();
        this.stripAllLeadingSpaces = n.removeExtraWhitespaces();
        this.unkSurface = model.unkSurface();
    }

    String decode(int[] ids) {
        StringBuilder text = new StringBuilder(ids.length * 4);
        byte[] pending = new byte[Math.max(4, ids.length)];
        int pendingCount = 0;
        // SentencePiece strips the leading space only while nothing visible has been written and no piece has
        // already given up its leading space.
        boolean atStart = true;
        boolean leadingSpaceTaken = false;
        for (int id : ids) {
            int b = vocabulary.idToByte(id);
            if (b >= 0) {
                pending[pendingCount++] = (byte) b;
                continue;
            }
            Utf8Bytes.appendDecoded(pending, pendingCount, text);
            pendingCount = 0;
            if (leadingSpaceTaken || text.length() > 0) {
                atStart = false;
            }
            leadingSpaceTaken = false;
            if (vocabulary.isControl(id)) {
                continue;
            }
            if (vocabulary.isUnknown(id)) {
                text.append(unkSurface);
                continue;
            }
            String piece = vocabulary.piece(id);
            if (atStart && stripLeadingSpace && piece.startsWith(SPACE)) {
                piece = piece.substring(1);
                leadingSpaceTaken = !stripAllLeadingSpaces;
            }
            text.append(piece.replace(NormalizerOptions.SPACE_SYMBOL, ' '));
        }
        Utf8Bytes.appendDecoded(pending, pendingCount, text);
        return text.toString();
    }

    /** The text of one piece in the middle of a sequence: no leading-space removal, a byte piece as text alone. */
    String pieceText(int id) {
        int b = vocabulary.idToByte(id);
        if (b >= 0) {
            StringBuilder out = new StringBuilder(1);
            Utf8Bytes.appendDecoded(new byte[] {(byte) b}, 1, out);
            return out.toString();
        }
        if (vocabulary.isControl(id)) {
            return "";
        }
        if (vocabulary.isUnknown(id)) {
            return unkSurface;
        }
        return vocabulary.piece(id).replace(NormalizerOptions.SPACE_SYMBOL, ' ');
    }
}
