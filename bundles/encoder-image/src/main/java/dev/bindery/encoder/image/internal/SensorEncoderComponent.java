package dev.bindery.encoder.image.internal;

import dev.bindery.api.modality.Modality;
import dev.bindery.onnx.imagebind.TrunkModality;
import dev.bindery.onnx.session.EncoderRegistration;
import dev.bindery.onnx.session.EncoderSettings;
import dev.bindery.onnx.session.TrunkEncoder;
import java.io.IOException;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One depth, thermal or IMU encoder per configuration. Inputs are the trunks' own tensors — depth and thermal
 * {@code 1 x 224 x 224}, IMU {@code 6 x 2000} — given as tensor inputs or {@code .npy} arrays (file or bytes), and for
 * depth and thermal also image files (upstream has no loader for them; {@link SensorImagePreprocessor} documents the
 * recipe used and its configuration). Registered as a {@link dev.bindery.api.encoder.ModalityEncoder} only once the
 * model has loaded.
 */
@Component(configurationPid = SensorEncoderComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = SensorEncoderConfig.class, factory = true)
public final class SensorEncoderComponent {
    /** The factory PID of depth/thermal/IMU encoder configurations. */
    public static final String PID = "dev.bindery.encoder.sensor";

    private static final Logger LOG = LoggerFactory.getLogger(SensorEncoderComponent.class);
    private static final Set<TrunkModality> SENSORS = Set.of(TrunkModality.DEPTH, TrunkModality.THERMAL,
            TrunkModality.IMU);

    private final EncoderRegistration<TrunkEncoder> registration;

    @Activate
    public SensorEncoderComponent(BundleContext context, SensorEncoderConfig config) {
        TrunkEncoder encoder = open(config);
        registration = encoder == null ? null : EncoderRegistration.register(context, encoder, config.ranking());
        if (encoder != null) {
            LOG.info("{} encoder registered: {}", encoder.info().modality(), encoder);
        }
    }

    /** The encoder of a configuration, or null after logging why it cannot be served. */
    static TrunkEncoder open(SensorEncoderConfig config) {
        try {
            TrunkModality trunk = TrunkModality.of(config.modality() == null ? "" : config.modality());
            if (!SENSORS.contains(trunk)) {
                throw new IllegalArgumentException("modality '" + config.modality()
                        + "' is not served by this component (depth, thermal, imu)");
            }
            EncoderSettings settings = EncoderSettings.parse(config.checkpoint(), config.onnx_dir(),
                    config.model_config(), config.model_id(), config.device(), config.intra_op_threads(),
                    config.batch_size());
            Modality modality = Modality.of(trunk.key());
            SensorImagePreprocessor images = trunk == TrunkModality.IMU ? null
                    : new SensorImagePreprocessor(new GrayImageReader(new ImageFileDecoder()), recipe(config));
            return settings.open(trunk, modality, new SensorInputs(images, trunk == TrunkModality.DEPTH));
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("{} encoder configuration cannot be served, no encoder service: {}", config.modality(),
                    e.getMessage());
            return null;
        }
    }

    /** The depth and thermal image recipe of a configuration. */
    static SensorImagePreprocessor.Recipe recipe(SensorEncoderConfig c) {
        String input = c.depth_input() == null ? "depth" : c.depth_input().trim().toLowerCase(java.util.Locale.ROOT);
        if (!input.equals("depth") && !input.equals("disparity")) {
            throw new IllegalArgumentException("depth_input '" + c.depth_input() + "' is not depth or disparity");
        }
        return new SensorImagePreprocessor.Recipe(input.equals("disparity"), c.depth_scale(), c.depth_baseline(),
                c.depth_focal(), c.depth_min(), c.depth_max(), c.depth_mean(), c.depth_std(), c.thermal_mean(),
                c.thermal_std());
    }

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
