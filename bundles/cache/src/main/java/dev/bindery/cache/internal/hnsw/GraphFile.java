package dev.bindery.cache.internal.hnsw;

import dev.bindery.tensor.io.FormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.NeighborArray;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;

/**
 * The graph file that sits next to a cache file ({@code <cache>.hnsw}): an HNSW graph over the cache's entry
 * numbers, mapped into memory and searched in place.
 *
 * <p>Layout, little-endian: a header of {@value #FIXED} bytes (magic {@code BNDYHNSW}, version, the
 * {@link GraphBinding} of the cache, M, beam width, number of levels, entry node, CRC32C of the body), then per level
 * its node count and row stride (two ints each), then the body. Per level the body holds, for levels above 0, the
 * level's node numbers in ascending order, then one row of {@code stride} ints per node: the neighbour count followed
 * by the neighbours, padded with -1. Level 0 holds every entry, so its rows are indexed by entry number directly.
 */
public final class GraphFile {
    static final byte[] MAGIC = "BNDYHNSW".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int FIXED = 52;

    private GraphFile() {
    }

    /** Writes {@code graph} to {@code target} atomically (a temporary file in the same folder, then a move). */
    public static long write(OnHeapHnswGraph graph, GraphBinding binding, int m, int beamWidth, Path target)
            throws IOException {
        int levels = graph.numLevels();
        int[][] nodes = new int[levels][];
        int[] strides = new int[levels];
        for (int level = 0; level < levels; level++) {
            nodes[level] = HnswGraph.NodesIterator.getSortedNodes(graph.getNodesOnLevel(level));
            int most = 0;
            for (int node : nodes[level]) {
                most = Math.max(most, graph.getNeighbors(level, node).size());
            }
            strides[level] = 1 + most;
        }
        if (nodes[0].length != binding.entries()) {
            throw new IllegalStateException("the graph holds " + nodes[0].length + " nodes for " + binding.entries()
                    + " cache entries");
        }
        long bodyInts = 0;
        for (int level = 0; level < levels; level++) {
            bodyInts += (level == 0 ? 0 : nodes[level].length) + (long) nodes[level].length * strides[level];
        }
        if (bodyInts * 4 > Integer.MAX_VALUE) {
            throw new IOException("an HNSW graph of " + bodyInts * 4 + " bytes exceeds the 2 GiB a graph file may hold");
        }
        Path dir = target.toAbsolutePath().getParent();
        Path staged = Files.createTempFile(dir, target.getFileName().toString(), ".partial");
        try {
            CRC32C crc = new CRC32C();
            long headerBytes = FIXED + 8L * levels;
            try (FileChannel ch = FileChannel.open(staged, StandardOpenOption.WRITE)) {
                ch.position(headerBytes);
                IntChunks out = new IntChunks(ch, crc);
                for (int level = 0; level < levels; level++) {
                    if (level > 0) {
                        for (int node : nodes[level]) {
                            out.put(node);
                        }
                    }
                    for (int node : nodes[level]) {
                        NeighborArray neighbours = graph.getNeighbors(level, node);
                        int count = neighbours.size();
                        out.put(count);
                        int[] ids = neighbours.nodes();
                        for (int i = 0; i < strides[level] - 1; i++) {
                            out.put(i < count ? ids[i] : -1);
                        }
                    }
                }
                out.flush();
                ByteBuffer head = ByteBuffer.allocate((int) headerBytes).order(ByteOrder.LITTLE_ENDIAN);
                head.put(MAGIC).putInt(VERSION).putInt(binding.dimension()).putLong(binding.entries())
                        .putInt(binding.matrixCrc()).putInt(m).putInt(beamWidth).putInt(levels)
                        .putInt(graph.entryNode()).putInt((int) crc.getValue()).putInt(0);
                for (int level = 0; level < levels; level++) {
                    head.putInt(nodes[level].length).putInt(strides[level]);
                }
                head.flip();
                while (head.hasRemaining()) {
                    ch.write(head, head.position());
                }
                ch.force(true);
            }
            try {
                Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return Files.size(target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(staged);
            throw e;
        }
    }

    /**
     * Opens a graph file and checks it against the cache it claims to index.
     *
     * @param verify also check the body's CRC32C (reads the whole file once)
     * @throws FormatException naming the file for a bad magic or version, a truncated file, a checksum mismatch, or a
     *                         graph built for a different cache
     */
    public static MappedGraph open(Path file, GraphBinding cache, boolean verify) throws IOException {
        String name = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < FIXED) {
                throw new FormatException(name, "the file of " + size + " bytes is too short for an HNSW graph header");
            }
            ByteBuffer head = ch.map(FileChannel.MapMode.READ_ONLY, 0, FIXED).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[MAGIC.length];
            head.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new FormatException(name, "not a Bindery HNSW graph file (bad magic)");
            }
            int version = head.getInt();
            if (version != VERSION) {
                throw new FormatException(name, "HNSW graph file version " + version + " is not supported (expected "
                        + VERSION + ")");
            }
            int dimension = head.getInt();
            long entries = head.getLong();
            int matrixCrc = head.getInt();
            GraphBinding built = new GraphBinding(entries, dimension, matrixCrc);
            if (!built.equals(cache)) {
                throw new FormatException(name, "the graph was built for a cache of " + built + ", but the cache is "
                        + cache + ": rebuild it (bindery:cache-index)");
            }
            int m = head.getInt();
            int beamWidth = head.getInt();
            int levels = head.getInt();
            int entryNode = head.getInt();
            int bodyCrc = head.getInt();
            if (levels < 1 || levels > 64 || entryNode < 0 || entryNode >= entries) {
                throw new FormatException(name, "corrupt HNSW header: " + levels + " levels, entry node " + entryNode);
            }
            long headerBytes = FIXED + 8L * levels;
            if (size < headerBytes) {
                throw new FormatException(name, "the file is truncated inside its level table");
            }
            IntBuffer table = ch.map(FileChannel.MapMode.READ_ONLY, FIXED, 8L * levels).order(ByteOrder.LITTLE_ENDIAN)
                    .asIntBuffer();
            int[] counts = new int[levels];
            int[] strides = new int[levels];
            long bodyInts = 0;
            for (int level = 0; level < levels; level++) {
                counts[level] = table.get(2 * level);
                strides[level] = table.get(2 * level + 1);
                if (counts[level] < 1 || counts[level] > entries || strides[level] < 1 || strides[level] > 4096
                        || (level == 0 && counts[0] != entries)) {
                    throw new FormatException(name, "corrupt HNSW level table at level " + level + ": " + counts[level]
                            + " nodes, row stride " + strides[level]);
                }
                bodyInts += (level == 0 ? 0 : counts[level]) + (long) counts[level] * strides[level];
            }
            if (size != headerBytes + 4 * bodyInts) {
                throw new FormatException(name, "the file holds " + size + " bytes; its level table needs "
                        + (headerBytes + 4 * bodyInts) + (size < headerBytes + 4 * bodyInts ? " (truncated)" : ""));
            }
            ByteBuffer body = ch.map(FileChannel.MapMode.READ_ONLY, headerBytes, 4 * bodyInts)
                    .order(ByteOrder.LITTLE_ENDIAN);
            if (verify) {
                CRC32C crc = new CRC32C();
                crc.update(body.duplicate());
                if ((int) crc.getValue() != bodyCrc) {
                    throw new FormatException(name, "checksum mismatch in the HNSW graph: the file is corrupt");
                }
            }
            return MappedGraph.of(name, body.asIntBuffer(), counts, strides, entryNode, m, beamWidth);
        }
    }

    /** Buffers ints into large writes and feeds the checksum. */
    private static final class IntChunks {
        private final FileChannel channel;
        private final CRC32C crc;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

        IntChunks(FileChannel channel, CRC32C crc) {
            this.channel = channel;
            this.crc = crc;
        }

        void put(int v) throws IOException {
            if (!buffer.hasRemaining()) {
                flush();
            }
            buffer.putInt(v);
        }

        void flush() throws IOException {
            buffer.flip();
            crc.update(buffer.duplicate());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }
    }
}
