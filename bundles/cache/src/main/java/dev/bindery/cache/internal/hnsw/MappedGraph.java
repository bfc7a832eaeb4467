package dev.bindery.cache.internal.hnsw;

import dev.bindery.tensor.io.FormatException;
import java.nio.IntBuffer;
import java.util.Arrays;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.hnsw.HnswGraph;

/**
 * An HNSW graph read from a {@link GraphFile} mapping. Lucene's {@link HnswGraph} keeps a cursor ({@code seek} then
 * {@code nextNeighbor}), so each search takes its own {@link #cursor()}; the cursors share the mapped rows and the
 * upper levels' node lists (a few percent of the nodes, held on the heap for the binary search of {@code seek}).
 */
public final class MappedGraph {
    private final IntBuffer body;
    private final int[][] upperNodes;
    private final int[] rowBase;
    private final int[] strides;
    private final int size;
    private final int entryNode;
    private final int m;
    private final int beamWidth;

    private MappedGraph(IntBuffer body, int[][] upperNodes, int[] rowBase, int[] strides, int size, int entryNode,
                        int m, int beamWidth) {
        this.body = body;
        this.upperNodes = upperNodes;
        this.rowBase = rowBase;
        this.strides = strides;
        this.size = size;
        this.entryNode = entryNode;
        this.m = m;
        this.beamWidth = beamWidth;
    }

    static MappedGraph of(String file, IntBuffer body, int[] counts, int[] strides, int entryNode, int m,
                          int beamWidth) throws FormatException {
        int levels = counts.length;
        int[][] upper = new int[levels][];
        int[] rowBase = new int[levels];
        int at = 0;
        for (int level = 0; level < levels; level++) {
            if (level > 0) {
                upper[level] = new int[counts[level]];
                body.get(at, upper[level]);
                at += counts[level];
                for (int i = 0; i < upper[level].length; i++) {
                    int node = upper[level][i];
                    if (node < 0 || node >= counts[0] || (i > 0 && node <= upper[level][i - 1])) {
                        throw new FormatException(file, "corrupt HNSW node list at level " + level + ", position " + i);
                    }
                }
            }
            rowBase[level] = at;
            at += counts[level] * strides[level];
        }
        if (Arrays.binarySearch(upper[levels - 1] == null ? new int[] {entryNode} : upper[levels - 1], entryNode) < 0) {
            throw new FormatException(file, "corrupt HNSW graph: the entry node " + entryNode + " is not on the top level");
        }
        return new MappedGraph(body, upper, rowBase, strides, counts[0], entryNode, m, beamWidth);
    }

    /** Number of nodes (the cache's entries). */
    public int size() {
        return size;
    }

    public int levels() {
        return strides.length;
    }

    public int m() {
        return m;
    }

    public int beamWidth() {
        return beamWidth;
    }

    /** Bytes of the mapped rows and node lists. */
    public long bytes() {
        return 4L * body.capacity();
    }

    /** A private cursor over the graph for one search. */
    HnswGraph cursor() {
        return new Cursor();
    }

    private final class Cursor extends HnswGraph {
        private int next;
        private int end;

        @Override
        public void seek(int level, int target) {
            int row = level == 0 ? target : Arrays.binarySearch(upperNodes[level], target);
            if (row < 0 || row >= size) {
                throw new IllegalStateException("node " + target + " is not on level " + level + " of the graph");
            }
            int at = rowBase[level] + row * strides[level];
            int count = body.get(at);
            next = at + 1;
            end = next + Math.min(Math.max(count, 0), strides[level] - 1);
        }

        @Override
        public int nextNeighbor() {
            if (next < end) {
                int node = body.get(next++);
                if (node >= 0 && node < size) {
                    return node;
                }
                throw new IllegalStateException("corrupt HNSW row: neighbour " + node + " of " + size + " nodes");
            }
            return DocIdSetIterator.NO_MORE_DOCS;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int numLevels() {
            return strides.length;
        }

        @Override
        public int entryNode() {
            return entryNode;
        }

        @Override
        public NodesIterator getNodesOnLevel(int level) {
            if (level == 0) {
                return new ArrayNodesIterator(size);
            }
            return new ArrayNodesIterator(upperNodes[level], upperNodes[level].length);
        }
    }
}
