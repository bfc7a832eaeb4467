package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.encoder.EncoderInfo;
import dev.bindery.api.encoder.ModalityEncoder;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers a loaded point encoder as a {@link ModalityEncoder} service with the properties the pipeline selects by
 * (modality, device, model id, dimension, ranking), and takes it down again: unregister first (no new calls), then
 * close the encoder (waits for calls in flight).
 */
final class PointEncoderRegistration {
    private final PointModalityEncoder encoder;
    private final ServiceRegistration<ModalityEncoder> registration;

    private PointEncoderRegistration(PointModalityEncoder encoder, ServiceRegistration<ModalityEncoder> registration) {
        this.encoder = encoder;
        this.registration = registration;
    }

    static PointEncoderRegistration register(BundleContext context, PointModalityEncoder encoder, int ranking) {
        EncoderInfo info = encoder.info();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ModalityEncoder.MODALITY, info.modality().name());
        props.put(ModalityEncoder.DEVICE, info.device());
        props.put(ModalityEncoder.MODEL_ID, info.modelId());
        props.put(ModalityEncoder.DIMENSION, info.dimension());
        props.put(Constants.SERVICE_RANKING, ranking);
        return new PointEncoderRegistration(encoder, context.registerService(ModalityEncoder.class, encoder, props));
    }

    PointModalityEncoder encoder() {
        return encoder;
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
