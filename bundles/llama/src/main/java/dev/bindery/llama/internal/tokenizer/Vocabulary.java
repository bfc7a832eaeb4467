package dev.bindery.llama.internal.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A SentencePiece vocabulary independent of the file it came from: for each id its piece text, score and
 * {@link PieceType}, plus the special ids. Built by {@link SentencePieceModelReader} from {@code tokenizer.model}
 * (a GGUF reader can build the same from {@code tokenizer.ggml.*} metadata). Immutable and thread-safe.
 *
 * <p>Lookups follow SentencePiece's {@code ModelInterface}: control, unknown and byte pieces live in a "reserved" map,
 * normal, user-defined and unused pieces in the map that encoding merges against; an absent piece maps to the unknown
 * id.
 */
public final class Vocabulary {
    private final String[] pieces;
    private final float[] scores;
    private final PieceType[] types;
    private final int unkId;
    private final int bosId;
    private final int eosId;
    private final int padId;
    private final Map<String, Integer> mergeable = new HashMap<>();
    private final Map<String, Integer> reserved = new HashMap<>();
    private final int[] byteToId = new int[256];
    private final int[] idToByte;
    private final List<String> userDefined = new ArrayList<>();

    /**
     * Checks and indexes a vocabulary.
     *
     * @param bosId  the begin-of-sequence id, or -1 if the model has none; must be a {@link PieceType#CONTROL} piece
     * @param eosId  the end-of-sequence id, or -1; must be a control piece
     * @param padId  the padding id, or -1; must be a control piece
     * @param source names the file in error messages
     * @throws TokenizerFormatException if the lists differ in length, a piece is empty or defined twice, there is not
     *                                  exactly one unknown piece, a byte piece is not of the form {@code <0xNN>}, or a
     *                                  special id is out of range or of the wrong type
     */
    public Vocabulary(List<String> pieces, float[] scores, List<PieceType> types, int bosId, int eosId, int padId,
            String source) throws TokenizerFormatException {
        int n = pieces.size();
        if (scores.length != n || types.size() != n) {
            throw new TokenizerFormatException(source + ": " + n + " pieces but " + scores.length + " scores and "
                    + types.size() + " types");
        }
        if (n == 0) {
            throw new TokenizerFormatException(source + ": the vocabulary is empty");
        }
        this.pieces = pieces.toArray(new String[0]);
        this.scores = scores.clone();
        this.types = types.toArray(new PieceType[0]);
        this.idToByte = new int[n];
        Arrays.fill(byteToId, -1);
        Arrays.fill(idToByte, -1);
        int unk = -1;
        for (int id = 0; id < n; id++) {
            String piece = this.pieces[id];
            PieceType type = this.types[id];
            if (piece == null || piece.isEmpty()) {
                throw new TokenizerFormatException(source + ": piece " + id + " is empty");
            }
            if (type == null) {
                throw new TokenizerFormatException(source + ": piece " + id + " '" + piece + "' has no type");
            }
            boolean isMergeable = type == PieceType.NORMAL || type == PieceType.USER_DEFINED
                    || type == PieceType.UNUSED;
            Integer previous = (isMergeable ? mergeable : reserved).putIfAbsent(piece, id);
            if (previous != null) {
                throw new TokenizerFormatException(source + ": piece '" + piece + "' is defined twice (ids "
                        + previous + " and " + id + ")");
            }
            if (type == PieceType.USER_DEFINED) {
                userDefined.add(piece);
            } else if (type == PieceType.UNKNOWN) {
                if (unk >= 0) {
                    throw new TokenizerFormatException(source + ": two unknown pieces (ids " + unk + " and " + id
                            + ")");
                }
                unk = id;
            } else if (type == PieceType.BYTE) {
                int b = parseBytePiece(piece);
                if (b < 0) {
                    throw new TokenizerFormatException(source + ": byte piece " + id + " '" + piece
                            + "' is not of the form <0xNN>");
                }
                byteToId[b] = id;
                idToByte[id] = b;
            }
        }
        if (unk < 0) {
            throw new TokenizerFormatException(source + ": the vocabulary has no unknown piece");
        }
        this.unkId = unk;
        this.bosId = checkControl(bosId, "begin-of-sequence", source);
        this.eosId = checkControl(eosId, "end-of-sequence", source);
        this.padId = checkControl(padId, "padding", source);
    }

    private int checkControl(int id, String what, String source) throws TokenizerFormatException {
        if (id == -1) {
            return -1;
        }
        if (id < 0 || id >= pieces.length) {
            throw new TokenizerFormatException(source + ": the " + what + " id " + id + " is outside the vocabulary of "
                    + pieces.length + " pieces");
        }
        if (types[id] != PieceType.CONTROL) {
            throw new TokenizerFormatException(source + ": the " + what + " id " + id + " ('" + pieces[id]
                    + "') is a " + types[id] + " piece, not a control piece");
        }
        return id;
    }

    /** The byte a piece of the form {@code <0xNN>} (upper-case hex, as SentencePiece writes it) stands for, or -1. */
    static int parseBytePiece(String piece) {
        if (piece.length() != 6 || !piece.startsWith("<0x") || piece.charAt(5) != '>') {
            return -1;
        }
        int hi = Character.digit(piece.charAt(3), 16);
        int lo = Character.digit(piece.charAt(4), 16);
        if (hi < 0 || lo < 0 || Character.isLowerCase(piece.charAt(3)) || Character.isLowerCase(piece.charAt(4))) {
            return -1;
        }
        return hi << 4 | lo;
    }

    /** The piece text SentencePiece uses for a byte, {@code <0xNN>}. */
    public static String bytePiece(int b) {
        return String.format("<0x%02X>", b & 0xFF);
    }

    public int size() {
        return pieces.length;
    }

    /** The piece text of an id (spaces appear as U+2581). */
    public String piece(int id) {
        return pieces[checkId(id)];
    }

    public float score(int id) {
        return scores[checkId(id)];
    }

    public PieceType type(int id) {
        return types[checkId(id)];
    }

    public boolean isControl(int id) {
        return type(id) == PieceType.CONTROL;
    }

    public boolean isUnknown(int id) {
        return type(id) == PieceType.UNKNOWN;
    }

    public boolean isByte(int id) {
        return type(id) == PieceType.BYTE;
    }

    public boolean isUnused(int id) {
        return type(id) == PieceType.UNUSED;
    }

    public int unkId() {
        return unkId;
    }

    /** The begin-of-sequence id, or -1 if the model has none. */
    public int bosId() {
        return bosId;
    }

    /** The end-of-sequence id, or -1 if the model has none. */
    public int eosId() {
        return eosId;
    }

    /** The padding id, or -1 if the model has none (LLaMA). */
    public int padId() {
        return padId;
    }

    /** SentencePiece's {@code PieceToId}: reserved pieces first, then the others, else the unknown id. */
    public int pieceToId(String piece) {
        Integer id = reserved.get(piece);
        if (id == null) {
            id = mergeable.get(piece);
        }
        return id == null ? unkId : id;
    }

    /** The id of a normal, user-defined or unused piece (what BPE may merge into), or -1. */
    public int mergeableId(String piece) {
        Integer id = mergeable.get(piece);
        return id == null ? -1 : id;
    }

    /** The id of the byte piece for {@code b} (0..255), or -1 if the vocabulary has none. */
    public int byteToId(int b) {
        return byteToId[b & 0xFF];
    }

    /** The byte a byte piece stands for, or -1 if the id is not a byte piece. */
    public int idToByte(int id) {
        return idToByte[checkId(id)];
    }

    /** Whether all 256 byte pieces exist (needed for byte fallback). */
    public boolean hasAllBytes() {
        for (int id : byteToId) {
            if (id < 0) {
                return false;
            }
        }
        return true;
    }

    /** The user-defined symbols, in id order. */
    public List<String> userDefinedSymbols() {
        return List.copyOf(userDefined);
    }

    private int checkId(int id) {
        if (id < 0 || id >= pieces.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + pieces.length
                    + " pieces");
        }
        return id;
    }
}
