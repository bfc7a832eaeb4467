package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.BinderyException;
import dev.bindery.tensor.kernel.Parallel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One point-cloud encoder per configuration: loads the Point-BERT branch of the checkpoint once, and registers a
 * {@link dev.bindery.api.encoder.ModalityEncoder} service with modality {@code point} (device {@code cpu}) only
 * after the model loaded and matched its configuration, so a bad configuration never shows up as a service; the
 * problem is logged in one line naming the file and the tensor.
 */
@Component(configurationPid = PointEncoderComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = PointEncoderConfig.class, factory = true)
public final class PointEncoderComponent {
    /** The factory PID of point encoder configurations. */
    public static final String PID = "dev.bindery.encoder.point";

    private static final Logger LOG = LoggerFactory.getLogger(PointEncoderComponent.class);

    private final PointEncoderRegistration registration;

    @Activate
    public PointEncoderComponent(BundleContext context, PointEncoderConfig config) {
        PointModalityEncoder encoder = open(config);
        registration = encoder == null ? null : PointEncoderRegistration.register(context, encoder, config.ranking());
        if (encoder != null) {
            LOG.info("point encoder registered: {}", encoder);
        }
    }

    /** The encoder of a configuration, or null after logging why it cannot be served. */
    static PointModalityEncoder open(PointEncoderConfig config) {
        Parallel ownPool = null;
        try {
            Path checkpoint = path(config.checkpoint());
            if (checkpoint == null) {
                throw new IllegalArgumentException("set 'checkpoint' (imagebind_w3D.pth or a state dict with its point"
                        + " keys)");
            }
            if (config.threads() < 0) {
                throw new IllegalArgumentException("threads must be >= 0 (0 = the shared kernel pool), was "
                        + config.threads());
            }
            if (config.max_points() < 1) {
                throw new IllegalArgumentException("max_points must be positive, was " + config.max_points());
            }
            PointModelConfig model = modelConfig(path(config.model_config()), checkpoint);
            PointBertEncoder encoder = PointBertEncoder.load(checkpoint, model.hyper());
            model.check(encoder, checkpoint.toString());
            if (config.threads() > 0) {
                ownPool = new Parallel(config.threads(), "bindery-point");
                encoder = encoder.withThreads(ownPool);
            }
            String modelId = config.model_id() == null || config.model_id().isBlank() ? baseName(checkpoint)
                    : config.model_id().trim();
            return new PointModalityEncoder(encoder, new PointInputs(config.max_points()), modelId, ownPool);
        } catch (IOException | BinderyException | IllegalArgumentException e) {
            if (ownPool != null) {
                ownPool.close();
            }
            LOG.error("point encoder configuration cannot be served, no encoder service: {}", e.getMessage());
            return null;
        }
    }

    /** The configured file, else {@code config.json} beside the checkpoint, else the released values. */
    static PointModelConfig modelConfig(Path configured, Path checkpoint) throws IOException {
        if (configured != null) {
            return PointModelConfig.read(configured);
        }
        Path beside = checkpoint.toAbsolutePath().resolveSibling("config.json");
        return Files.isRegularFile(beside) ? PointModelConfig.read(beside) : PointModelConfig.released();
    }

    private static Path path(String s) {
        return s == null || s.isBlank() ? null : Paths.get(s.trim());
    }

    private static String baseName(Path file) {
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
            registration.close();
        }
    }
}
