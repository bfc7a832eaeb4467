package dev.bindery.shell.internal;

import dev.bindery.api.strategy.GenerationStrategy;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

/** {@code bindery:strategies}: the registered generation strategies. */
@Service
@Command(scope = "bindery", name = "strategies", description = "Lists the registered generation strategies")
public class StrategiesCommand implements Action {
    @Reference
    BundleContext context;

    @Option(name = "--json", description = "Print JSON instead of a table")
    boolean json;

    @Override
    public Object execute() {
        RowPrinter.print(System.out,
                ServiceRows.of(context, GenerationStrategy.class, Map.of("strategy", GenerationStrategy.NAME)), json,
                "No generation strategy is registered.");
        return null;
    }
}
