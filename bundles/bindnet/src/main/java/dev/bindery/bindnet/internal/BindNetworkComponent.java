package dev.bindery.bindnet.internal;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.api.bind.BindNetwork;
import dev.bindery.bindnet.BindNetworkModel;
import dev.bindery.bindnet.WeightFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one bind network per configuration and registers it as a {@link BindNetwork} service with the property
 * {@link BindNetwork#MODEL_ID}. The service is registered by hand, after the checkpoint has loaded and been checked,
 * so that a bad file never shows up as a service, not even briefly: the problem is logged with the file and the key,
 * and the component stays active without a service until its configuration changes.
 */
@Component(configurationPid = BindNetworkComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = BindNetworkConfig.class, factory = true)
public final class BindNetworkComponent {
    /** The factory PID of bind-network configurations. */
    public static final String PID = "dev.bindery.bindnet";

    private static final Logger LOG = LoggerFactory.getLogger(BindNetworkComponent.class);

    private final ServiceRegistration<BindNetwork> registration;

    @Activate
    public BindNetworkComponent(BundleContext context, BindNetworkConfig config) {
        BindNetworkService service = load(config);
        if (service == null) {
            registration = null;
            return;
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(BindNetwork.MODEL_ID, service.modelId());
        props.put("bindery.dimension.in", service.inputDimension());
        props.put("bindery.dimension.out", service.outputDimension());
        registration = context.registerService(BindNetwork.class, service, props);
        LOG.info("bind network {} registered: {}", service.modelId(), service.model());
    }

    /** The loaded service, or null after logging why the configuration cannot be served. */
    static BindNetworkService load(BindNetworkConfig config) {
        String checkpoint = config.checkpoint() == null ? "" : config.checkpoint().trim();
        if (checkpoint.isEmpty()) {
            LOG.error("bind network configuration has no checkpoint path: no BindNetwork service");
            return null;
        }
        Path file = Paths.get(checkpoint);
        try {
            WeightFormat format = WeightFormat.parse(config.weights());
            BindNetworkModel model = BindNetworkModel.load(file, format);
            return new BindNetworkService(modelId(config, file), model);
        } catch (IOException | ModelMismatchException | IllegalArgumentException e) {
            LOG.error("bind network checkpoint {} cannot be used, no BindNetwork service: {}", file, e.getMessage());
            return null;
        }
    }

    static String modelId(BindNetworkConfig config, Path file) {
        String id = config.model_id() == null ? "" : config.model_id().trim();
        if (!id.isEmpty()) {
            return id;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Whether a service was registered (for tests and diagnostics). */
    boolean registered() {
        return registration != null;
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it when the bundle stopped
            }
        }
    }
}
