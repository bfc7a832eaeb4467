package dev.bindery.itests.thirdparty;

import dev.bindery.api.encoder.ModalityEncoder;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers the {@link ThirdPartyTabularEncoder} with the service properties the API asks for. The embedding model
 * id and dimension come from the bundle's manifest headers {@value #MODEL_ID_HEADER} and {@value #DIMENSION_HEADER}
 * (the space the third party trained its encoder into).
 */
public final class ThirdPartyTabularActivator implements BundleActivator {
    public static final String MODEL_ID_HEADER = "Tabular-Model-Id";
    public static final String DIMENSION_HEADER = "Tabular-Dimension";

    private ServiceRegistration<ModalityEncoder> registration;

    @Override
    public void start(BundleContext context) {
        String modelId = context.getBundle().getHeaders().get(MODEL_ID_HEADER);
        int dimension = Integer.parseInt(context.getBundle().getHeaders().get(DIMENSION_HEADER));
        ThirdPartyTabularEncoder encoder = new ThirdPartyTabularEncoder(modelId, dimension);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ModalityEncoder.MODALITY, ThirdPartyTabularEncoder.TABULAR.name());
        properties.put(ModalityEncoder.DEVICE, "cpu");
        properties.put(ModalityEncoder.MODEL_ID, modelId);
        properties.put(ModalityEncoder.DIMENSION, dimension);
        registration = context.registerService(ModalityEncoder.class, encoder, properties);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
