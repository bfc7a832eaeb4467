package dev.bindery.encoder.text.internal;

import dev.bindery.api.encoder.EncoderInfo;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.onnx.session.TrunkEncoder;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers a loaded encoder as a {@link ModalityEncoder} service with the properties the pipeline selects by, and
 * takes it down again: unregister first (no new calls), then close the session (waits for calls in flight).
 */
final class EncoderRegistration {
    private final TrunkEncoder encoder;
    private final ServiceRegistration<ModalityEncoder> registration;

    private EncoderRegistration(TrunkEncoder encoder, ServiceRegistration<ModalityEncoder> registration) {
        this.encoder = encoder;
        this.registration = registration;
    }

    static EncoderRegistration register(BundleContext context, TrunkEncoder encoder, int ranking) {
        EncoderInfo info = encoder.info();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ModalityEncoder.MODALITY, info.modality().name());
        props.put(ModalityEncoder.DEVICE, info.device());
        props.put(ModalityEncoder.MODEL_ID, info.modelId());
        props.put(ModalityEncoder.DIMENSION, info.dimension());
        props.put(Constants.SERVICE_RANKING, ranking);
        return new EncoderRegistration(encoder, context.registerService(ModalityEncoder.class, encoder, props));
    }

    void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it when the bundle stopped
        }
        encoder.close();
    }
}
