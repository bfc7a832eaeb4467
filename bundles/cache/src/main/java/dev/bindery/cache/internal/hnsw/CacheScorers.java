package dev.bindery.cache.internal.hnsw;

import dev.bindery.cache.CacheFile;
import dev.bindery.cache.RowReader;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * Lucene's scorer interfaces over a cache file: the score of two entries is their inner product (the vectors are
 * unit-norm, so it is the cosine), computed by the tensor bundle's vectorised dot product on rows read straight from
 * the mapping. Scores are raw inner products, not Lucene's {@code (1 + dot) / 2}, so that the graph search hands back
 * the same numbers as the exact scan.
 */
public final class CacheScorers {
    private CacheScorers() {
    }

    /** A scorer of every entry against {@code query}; one per search (it holds scratch rows). */
    public static RandomVectorScorer forQuery(CacheFile file, float[] query) {
        RowReader rows = file.rowReader();
        return new RowScorer(rows, rows.prepare(query), Math.toIntExact(file.size()));
    }

    /** Entry-against-entry scorers for building a graph; {@link RandomVectorScorerSupplier#copy()} gives each builder thread its own. */
    public static RandomVectorScorerSupplier forBuild(CacheFile file) {
        return new EntrySupplier(file);
    }

    private static final class RowScorer implements RandomVectorScorer {
        private final RowReader rows;
        private final float[] prepared;
        private final int size;

        RowScorer(RowReader rows, float[] prepared, int size) {
            this.rows = rows;
            this.prepared = prepared;
            this.size = size;
        }

        @Override
        public float score(int node) {
            return rows.dot(node, prepared);
        }

        @Override
        public int maxOrd() {
            return size;
        }
    }

    /**
     * One builder thread's supplier. Every scorer gets its own prepared copy of the entry's vector, because the
     * builder keeps the scorer of the node being inserted while it asks for others (the diversity checks); the row
     * reader's scratch is shared, which is safe as scoring on one thread is sequential.
     */
    private static final class EntrySupplier implements RandomVectorScorerSupplier {
        private final CacheFile file;
        private final RowReader rows;
        private final int size;

        EntrySupplier(CacheFile file) {
            this.file = file;
            this.rows = file.rowReader();
            this.size = Math.toIntExact(file.size());
        }

        @Override
        public RandomVectorScorer scorer(int ord) {
            return new RowScorer(rows, rows.prepareEntry(ord), size);
        }

        @Override
        public RandomVectorScorerSupplier copy() {
            return new EntrySupplier(file);
        }
    }
}
