package dev.bindery.encoder.image.internal;

import dev.bindery.api.modality.Modality;
import dev.bindery.onnx.imagebind.TrunkModality;
import dev.bindery.onnx.session.EncoderRegistration;
import dev.bindery.onnx.session.EncoderSettings;
import dev.bindery.onnx.session.TrunkEncoder;
import java.io.IOException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ImageBind image encoder per configuration: builds (first start) or loads the vision graph, opens one ONNX
 * Runtime session for the component's lifetime and registers a {@link dev.bindery.api.encoder.ModalityEncoder}
 * service with modality {@code image}. The service is registered only after the model loaded, so a bad
 * configuration never shows up as a service; the problem is logged with the file and the tensor.
 */
@Component(configurationPid = ImageEncoderComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = ImageEncoderConfig.class, factory = true)
public final class ImageEncoderComponent {
    /** The factory PID of image encoder configurations. */
    public static final String PID = "dev.bindery.encoder.image";

    private static final Logger LOG = LoggerFactory.getLogger(ImageEncoderComponent.class);

    private final EncoderRegistration<TrunkEncoder> registration;

    @Activate
    public ImageEncoderComponent(BundleContext context, ImageEncoderConfig config) {
        TrunkEncoder encoder = open(config);
        registration = encoder == null ? null : EncoderRegistration.register(context, encoder, config.ranking());
        if (encoder != null) {
            LOG.info("image encoder registered: {}", encoder);
        }
    }

    /** The encoder of a configuration, or null after logging why it cannot be served. */
    static TrunkEncoder open(ImageEncoderConfig config) {
        try {
            EncoderSettings settings = EncoderSettings.parse(config.checkpoint(), config.onnx_dir(),
                    config.model_config(), config.model_id(), config.device(), config.intra_op_threads(),
                    config.batch_size());
            return settings.open(TrunkModality.VISION, Modality.IMAGE, new ImageInputs(new VisionPreprocessor()));
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("image encoder configuration cannot be served, no encoder service: {}", e.getMessage());
            return null;
        }
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
