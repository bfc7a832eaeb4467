package dev.bindery.cache.internal.hnsw;

import dev.bindery.cache.CacheFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;

/** Beam search of a {@link MappedGraph} with Lucene's searcher, scoring rows of the cache file. Thread-safe. */
public final class GraphSearch {
    private GraphSearch() {
    }

    /**
     * The {@code ef} best candidates the beam search finds for {@code query}, best first (ties by lower entry), as
     * {@code (entry, score)}; the caller keeps the first {@code k}.
     */
    public static Candidates search(MappedGraph graph, CacheFile file, float[] query, int ef) {
        TopKnnCollector collector = new TopKnnCollector(ef, Integer.MAX_VALUE);
        try {
            HnswGraphSearcher.search(CacheScorers.forQuery(file, query), collector, graph.cursor(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TopDocs top = collector.topDocs();
        ScoreDoc[] docs = top.scoreDocs;
        java.util.Arrays.sort(docs, (a, b) -> a.score != b.score ? Float.compare(b.score, a.score)
                : Integer.compare(a.doc, b.doc));
        int[] entries = new int[docs.length];
        float[] scores = new float[docs.length];
        for (int i = 0; i < docs.length; i++) {
            entries[i] = docs[i].doc;
            scores[i] = docs[i].score;
        }
        return new Candidates(entries, scores, (int) top.totalHits.value);
    }

    /** Candidates best first, and the number of entries scored on the way. */
    public record Candidates(int[] entries, float[] scores, int visited) {
    }
}
