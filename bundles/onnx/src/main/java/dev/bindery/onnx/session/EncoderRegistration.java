package dev.bindery.onnx.session;

import dev.bindery.api.encoder.EncoderInfo;
import dev.bindery.api.encoder.ModalityEncoder;
import java.util.Hashtable;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded encoder registered as a {@link ModalityEncoder} service, for the encoder bundles' DS components. The
 * components register by hand, and only after the model loaded, so that a bad configuration never shows up as a
 * service. The service properties are the ones the pipeline selects by: {@link ModalityEncoder#MODALITY},
 * {@link ModalityEncoder#DEVICE}, {@link ModalityEncoder#MODEL_ID}, {@link ModalityEncoder#DIMENSION} (from
 * {@link ModalityEncoder#info()}) and {@code service.ranking}.
 *
 * @param <E> the encoder type, closed when the registration is
 */
public final class EncoderRegistration<E extends ModalityEncoder & AutoCloseable> {
    private static final Logger LOG = LoggerFactory.getLogger(EncoderRegistration.class);

    private final E encoder;
    private final ServiceRegistration<ModalityEncoder> registration;
    private final java.util.concurrent.atomic.AtomicBoolean unregistered = new java.util.concurrent.atomic.AtomicBoolean();

    private EncoderRegistration(E encoder, ServiceRegistration<ModalityEncoder> registration) {
        this.encoder = encoder;
        this.registration = registration;
    }

    /** Registers {@code encoder} in {@code context} with its properties and {@code ranking}. */
    public static <E extends ModalityEncoder & AutoCloseable> EncoderRegistration<E> register(BundleContext context,
            E encoder, int ranking) {
        Objects.requireNonNull(encoder, "encoder");
        EncoderInfo info = encoder.info();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ModalityEncoder.MODALITY, info.modality().name());
        props.put(ModalityEncoder.DEVICE, info.device());
        props.put(ModalityEncoder.MODEL_ID, info.modelId());
        props.put(ModalityEncoder.DIMENSION, info.dimension());
        props.put(Constants.SERVICE_RANKING, ranking);
        return new EncoderRegistration<>(encoder, context.registerService(ModalityEncoder.class, encoder, props));
    }

    public E encoder() {
        return encoder;
    }

    /**
     * Takes the service away without closing the encoder: for components that serve several services from one
     * session, which unregister all of them before closing any.
     */
    public void unregister() {
        if (unregistered.getAndSet(true)) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // unregistered before, or by the framework when the bundle stopped
        }
    }

    /** Unregisters first (no new calls reach the encoder), then closes it (which waits for the calls in flight). */
    public void close() {
        unregister();
        try {
            encoder.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed: {}", encoder.info(), e.getMessage());
        }
    }
}
