package dev.bindery.packages.internal;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.packages.ModelPackage;
import dev.bindery.packages.Verification;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the model package named by configuration {@value #PID}: verifies it with {@link ModelPackage#open} (the
 * manifest, the dimensions of the parts against each other, the size and SHA-256 of every file, the headers of the
 * LLaMA, bind-network and cache files) and only then writes the configurations that point the services at its
 * files ({@link PackageServiceConfigs}). A package that fails verification is refused with the reason in the log,
 * and the configurations written earlier for a package are deleted, so the services unload instead of answering with
 * files nobody vouches for. Verification reads every byte of the package, so it runs on a thread of its own.
 *
 * <p>Deleting the configuration {@value #PID} unloads the package's services; stopping the container does not
 * (they come back at the next start while the package is verified again).
 */
@Component(configurationPid = PackageConfigurator.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = PackageSelection.class)
public final class PackageConfigurator {
    /** The configuration naming the package. */
    public static final String PID = "dev.bindery.package";

    private static final Logger LOG = LoggerFactory.getLogger(PackageConfigurator.class);

    private final ConfigurationAdmin configAdmin;
    private final Thread worker;
    private volatile boolean stopped;

    @Activate
    public PackageConfigurator(@Reference ConfigurationAdmin configAdmin, PackageSelection selection) {
        this.configAdmin = configAdmin;
        this.worker = new Thread(() -> serve(selection), "bindery-package-verify");
        worker.setDaemon(true);
        worker.start();
    }

    @Deactivate
    void deactivate(int reason) throws InterruptedException {
        stopped = true;
        worker.join(5_000);
        if (reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED) {
            unload(Set.of(), "the package configuration " + PID + " was deleted");
        }
    }

    private void serve(PackageSelection selection) {
        Path dir;
        try {
            dir = resolve(selection);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {}", PID, e.getMessage());
            return;
        }
        try {
            Verification verification = selection.verify() == null || selection.verify().isBlank()
                    ? Verification.configured() : Verification.parse(selection.verify());
            LOG.info("verifying model package {} ({})", dir, verification);
            long start = System.nanoTime();
            ModelPackage pkg = ModelPackage.open(dir, verification);
            if (stopped) {
                return;
            }
            LOG.info("model package {} verified in {} ms", dir, (System.nanoTime() - start) / 1_000_000);
            apply(PackageServiceConfigs.of(pkg));
        } catch (ModelMismatchException | IOException | IllegalArgumentException e) {
            LOG.error("model package refused: {}", e.getMessage());
            if (!stopped) {
                unload(Set.of(), "its package was refused");
            }
        }
    }

    /** The package folder named by the configuration. */
    static Path resolve(PackageSelection selection) {
        String name = selection.path() == null ? "" : selection.path().trim();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("no package named (set path to a package folder or name)");
        }
        Path named = Paths.get(name);
        if (named.isAbsolute()) {
            return named.normalize();
        }
        String root = selection.packages_dir() == null ? "" : selection.packages_dir().trim();
        Path base = !root.isEmpty() ? Paths.get(root)
                : Paths.get(System.getProperty("karaf.home", "."), "packages");
        return base.resolve(named).toAbsolutePath().normalize();
    }

    /** Writes each configuration whose properties differ from what is there (an unchanged one is left alone). */
    private void apply(List<PackageServiceConfigs.ServiceConfig> configs) {
        Set<String> written = new HashSet<>();
        for (PackageServiceConfigs.ServiceConfig c : configs) {
            try {
                Configuration configuration = configAdmin.getFactoryConfiguration(c.factoryPid(), c.name(), "?");
                written.add(configuration.getPid());
                if (!sameProperties(configuration.getProperties(), c.properties())) {
                    configuration.update(new Hashtable<>(c.properties()));
                    LOG.info("configured {} from the package", configuration.getPid());
                }
            } catch (IOException e) {
                LOG.error("cannot write configuration {}~{}: {}", c.factoryPid(), c.name(), e.getMessage());
            }
        }
        unload(written, "the package no longer has that part");
    }

    /** Deletes the configurations written for a package, except those in {@code keep}. */
    private void unload(Set<String> keep, String why) {
        try {
            Configuration[] existing = configAdmin.listConfigurations("(" + PackageServiceConfigs.MARKER + "=*)");
            if (existing == null) {
                return;
            }
            for (Configuration c : existing) {
                if (!keep.contains(c.getPid()) && PackageServiceConfigs.FACTORY_PIDS.contains(c.getFactoryPid())) {
                    LOG.warn("removing configuration {}: {}", c.getPid(), why);
                    c.delete();
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.error("cannot remove the package's service configurations: {}", e.getMessage());
        }
    }

    private static boolean sameProperties(Dictionary<String, Object> current, Map<String, Object> wanted) {
        if (current == null) {
            return false;
        }
        for (Map.Entry<String, Object> e : wanted.entrySet()) {
            if (!Objects.equals(String.valueOf(current.get(e.getKey())), String.valueOf(e.getValue()))) {
                return false;
            }
        }
        return true;
    }
}
