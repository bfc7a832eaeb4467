package dev.bindery.shell.internal;

import dev.bindery.api.bind.BindNetwork;
import dev.bindery.api.cache.VisualCache;
import dev.bindery.api.llm.LanguageModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

/** {@code bindery:models}: the registered language models, bind networks and visual caches. */
@Service
@Command(scope = "bindery", name = "models",
        description = "Lists the registered language models, bind networks and visual caches")
public class ModelsCommand implements Action {
    @Reference
    BundleContext context;

    @Option(name = "--json", description = "Print JSON instead of a table")
    boolean json;

    @Override
    public Object execute() {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.addAll(kind("language-model", ServiceRows.of(context, LanguageModel.class,
                Map.of("model", LanguageModel.MODEL_ID))));
        rows.addAll(kind("bind-network", ServiceRows.of(context, BindNetwork.class,
                Map.of("model", BindNetwork.MODEL_ID))));
        rows.addAll(kind("visual-cache", ServiceRows.of(context, VisualCache.class,
                Map.of("model", VisualCache.NAME))));
        RowPrinter.print(System.out, rows, json, "No language model, bind network or visual cache is registered.");
        return null;
    }

    private static List<Map<String, Object>> kind(String kind, List<Map<String, Object>> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> withKind = new LinkedHashMap<>();
            withKind.put("kind", kind);
            withKind.putAll(row);
            out.add(withKind);
        }
        return out;
    }
}
