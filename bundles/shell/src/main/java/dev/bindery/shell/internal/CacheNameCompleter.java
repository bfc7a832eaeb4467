package dev.bindery.shell.internal;

import dev.bindery.api.cache.VisualCache;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;

/** Completes the names of the registered visual caches. */
@Service
public class CacheNameCompleter implements Completer {
    @Reference
    BundleContext context;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(names(context)).complete(session, commandLine, candidates);
    }

    static List<String> names(BundleContext context) {
        return ServiceNames.of(context, VisualCache.class, VisualCache.NAME);
    }
}
