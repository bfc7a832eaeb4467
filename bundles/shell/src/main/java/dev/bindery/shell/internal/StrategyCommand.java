package dev.bindery.shell.internal;

import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.strategy.GenerationStrategy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code bindery:strategy}: shows the default generation strategy, or sets it by updating the pipeline's
 * configuration (PID {@value #PID}, key {@value #KEY}) — the same change as editing {@code etc/dev.bindery.runtime.cfg}
 * or {@code config:property-set}; the pipeline applies it to the next request without a restart.
 */
@Service
@Command(scope = "bindery", name = "strategy", description = "Shows or sets the default generation strategy")
public class StrategyCommand implements Action {
    /** The pipeline's configuration PID and the key of its default strategy (bundles/runtime AssistantConfig). */
    static final String PID = "dev.bindery.runtime";
    static final String KEY = "strategy";
    /** AssistantConfig's default, in force while the configuration does not set the key. */
    static final String BUILT_IN_DEFAULT = "naive";

    @Reference
    BundleContext context;

    // Optional, so that the other bindery: commands stay registered without Config Admin.
    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Option(name = "--force", description = "Set the name even if no strategy of that name is registered (yet)")
    boolean force;

    @Option(name = "--json", description = "Print JSON")
    boolean json;

    @Argument(index = 0, name = "name", description = "The strategy to make the default; none: show the default")
    @Completion(StrategyNameCompleter.class)
    String name;

    @Override
    public Object execute() throws Exception {
        if (configAdmin == null) {
            throw new ServiceUnavailableException("Config Admin is not available: the default strategy cannot be read"
                    + " or set");
        }
        List<String> registered = ServiceNames.of(context, GenerationStrategy.class, GenerationStrategy.NAME);
        String before = current();
        if (name != null) {
            String wanted = name.trim();
            if (!registered.contains(wanted) && !force) {
                throw new ServiceUnavailableException("no generation strategy '" + wanted + "' is registered;"
                        + " registered: " + registered + " (--force sets it anyway)");
            }
            // An existing configuration keeps its other settings (and its etc/ file, which Karaf updates).
            Configuration configuration = configAdmin.getConfiguration(PID, "?");
            Dictionary<String, Object> properties = configuration.getProperties();
            Dictionary<String, Object> updated = new Hashtable<>();
            if (properties != null) {
                for (String key : java.util.Collections.list(properties.keys())) {
                    updated.put(key, properties.get(key));
                }
            }
            updated.put(KEY, wanted);
            configuration.update(updated);
        }
        String now = name == null ? before : name.trim();
        if (json) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("default", now);
            if (name != null) {
                object.put("previous", before);
            }
            object.put("registered", registered);
            object.put("available", registered.contains(now));
            JsonOut.print(System.out, object);
        } else if (name != null) {
            System.out.println("Default strategy: " + now + " (was " + before + "); it applies to the next request.");
        } else {
            System.out.println("Default strategy: " + now + (registered.contains(now) ? ""
                    : " (not registered: requests without --strategy fail until it is)"));
            System.out.println("Registered: " + registered);
        }
        return null;
    }

    /** The configured default, or the built-in one when the configuration does not exist or set it. */
    private String current() throws Exception {
        Configuration[] found = configAdmin.listConfigurations("(service.pid=" + PID + ")");
        if (found != null && found.length > 0 && found[0].getProperties() != null) {
            Object value = found[0].getProperties().get(KEY);
            if (value != null && !String.valueOf(value).isBlank()) {
                return String.valueOf(value).trim();
            }
        }
        return BUILT_IN_DEFAULT;
    }
}
