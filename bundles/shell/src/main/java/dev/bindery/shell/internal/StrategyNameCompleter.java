package dev.bindery.shell.internal;

import dev.bindery.api.strategy.GenerationStrategy;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;

/** Completes the names of the registered generation strategies. */
@Service
public class StrategyNameCompleter implements Completer {
    @Reference
    BundleContext context;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(ServiceNames.of(context, GenerationStrategy.class, GenerationStrategy.NAME))
                .complete(session, commandLine, candidates);
    }
}
