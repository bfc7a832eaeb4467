package dev.bindery.shell.internal;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.cache.CacheInfo;
import dev.bindery.api.cache.Neighbour;
import dev.bindery.api.cache.VisualCache;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.ServiceReference;

/**
 * {@code bindery:retrieve}: the nearest neighbours of each input in a visual cache — the entries the cache-enhanced
 * strategy would blend in — with their ids, inner-product scores and the sources (paths or captions) the cache
 * recorded. The query is the input's L2-normalised embedding, as the pipeline normalises before it searches.
 */
@Service
@Command(scope = "bindery", name = "retrieve",
        description = "Nearest neighbours of inputs in a visual cache: ids, scores, source paths or captions")
public class RetrieveCommand extends EncodingAction {
    @Option(name = "--cache", description = "Cache name (bindery.cache.name); default: the best-ranked cache")
    @Completion(CacheNameCompleter.class)
    String cache;

    @Option(name = "--top", aliases = "-k", description = "Neighbours per input (default 5)")
    int top = 5;

    @Override
    public Object execute() throws Exception {
        List<EncodedInput> encoded = new EncoderLookup(context).encodeAll(inputs());
        ServiceReference<VisualCache> ref = cacheReference();
        VisualCache service = context.getService(ref);
        if (service == null) {
            throw new ServiceUnavailableException("the visual cache " + ref.getProperty(VisualCache.NAME)
                    + " went away");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> results = new ArrayList<>();
        CacheInfo info;
        try {
            info = service.info();
            for (EncodedInput e : encoded) {
                if (!e.embedding.modelId().equals(info.modelId()) || e.embedding.dimension() != info.dimension()) {
                    throw new ModelMismatchException(SourceInput.label(e.input) + " has a " + e.embedding.dimension()
                            + "-d " + e.embedding.modelId() + " embedding but the cache " + info.name() + " holds "
                            + info.dimension() + "-d " + info.modelId() + " vectors");
                }
                List<Neighbour> neighbours = service.search(e.embedding.normalized(), top);
                List<Map<String, Object>> found = new ArrayList<>();
                int rank = 1;
                for (Neighbour n : neighbours) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("input", SourceInput.label(e.input));
                    row.put("rank", rank++);
                    row.put("index", n.index());
                    row.put("id", n.id());
                    row.put("score", n.score());
                    row.put("source", n.source().orElse(null));
                    rows.add(row);
                    Map<String, Object> item = new LinkedHashMap<>(row);
                    item.remove("input");
                    found.add(item);
                }
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("modality", e.input.modality().name());
                result.put("input", SourceInput.label(e.input));
                result.put("neighbours", found);
                results.add(result);
            }
        } finally {
            context.ungetService(ref);
        }
        if (json) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("cache", info.name());
            object.put("model", info.modelId());
            object.put("entries", info.size());
            object.put("exact", info.exact());
            object.put("results", results);
            JsonOut.print(System.out, object);
        } else {
            System.out.println(info);
            RowPrinter.print(System.out, rows, false, "The cache " + info.name() + " is empty.");
        }
        return null;
    }

    private ServiceReference<VisualCache> cacheReference() throws Exception {
        if (top < 1) {
            throw new IllegalArgumentException("--top must be at least 1, was " + top);
        }
        Collection<ServiceReference<VisualCache>> found = context.getServiceReferences(VisualCache.class,
                cache == null ? null : "(" + VisualCache.NAME + "=" + escape(cache) + ")");
        List<ServiceReference<VisualCache>> refs = new ArrayList<>(found);
        refs.sort(Comparator.<ServiceReference<VisualCache>>naturalOrder().reversed());
        if (refs.isEmpty()) {
            throw new ServiceUnavailableException(cache == null ? "no visual cache is registered"
                    : "no visual cache named '" + cache + "' is registered; registered: " + CacheNameCompleter.names(
                            context));
        }
        return refs.get(0);
    }

    /** An LDAP filter value with its special characters escaped. */
    static String escape(String value) {
        StringBuilder s = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                s.append('\\');
            }
            s.append(c);
        }
        return s.toString();
    }
}
