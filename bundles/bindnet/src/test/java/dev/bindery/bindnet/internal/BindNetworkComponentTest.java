package dev.bindery.bindnet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.bind.BindNetwork;
import dev.bindery.tensor.testing.Golden;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The component registers a service for a good checkpoint only, with the model id and dimensions as properties. */
class BindNetworkComponentTest {
    @TempDir
    Path tmp;

    /** What a fake framework saw: registrations and unregistrations. */
    static final class Framework {
        final List<Object> services = new ArrayList<>();
        final List<Dictionary<String, ?>> properties = new ArrayList<>();
        int unregistered;

        BundleContext context() {
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("registerService")) {
                            services.add(args[1]);
                            properties.add(cast(args[2]));
                            return Proxy.newProxyInstance(getClass().getClassLoader(),
                                    new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                        if (m.getName().equals("unregister")) {
                                            unregistered++;
                                        }
                                        return null;
                                    });
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }

        @SuppressWarnings("unchecked")
        private static Dictionary<String, ?> cast(Object o) {
            return (Dictionary<String, ?>) o;
        }
    }

    static BindNetworkConfig config(String checkpoint, String modelId, String weights) {
        return new BindNetworkConfig() {
            public String checkpoint() {
                return checkpoint;
            }

            public String model_id() {
                return modelId;
            }

            public String weights() {
                return weights;
            }

            public Class<? extends Annotation> annotationType() {
                return BindNetworkConfig.class;
            }
        };
    }

    @Test
    void goodCheckpointIsRegisteredWithItsProperties() throws Exception {
        Framework fw = new Framework();
        Path adapter = Golden.path("imagebind_llm_tiny/adapter.pth");
        BindNetworkComponent c = new BindNetworkComponent(fw.context(), config(adapter.toString(), "", "as-stored"));
        assertTrue(c.registered());
        assertEquals(1, fw.services.size());
        BindNetwork service = (BindNetwork) fw.services.get(0);
        assertEquals("adapter", service.modelId());
        assertEquals("adapter", fw.properties.get(0).get(BindNetwork.MODEL_ID));
        assertEquals(service.inputDimension(), fw.properties.get(0).get("bindery.dimension.in"));
        assertEquals(service.outputDimension(), fw.properties.get(0).get("bindery.dimension.out"));
        float[] q = Golden.npy("imagebind_llm_tiny/decode/bind_input.npy").toFloatArray();
        Golden.assertClose(Golden.npy("imagebind_llm_tiny/decode/visual_feature.npy"), service.project(q),
                Golden.manifest("imagebind_llm_tiny").tolerance("decode/visual_feature.npy"), "service output");
        c.deactivate();
        assertEquals(1, fw.unregistered);
    }

    @Test
    void configuredModelIdAndQuantisationAreUsed() {
        Framework fw = new Framework();
        Path adapter = Golden.path("imagebind_llm_tiny/adapter.pth");
        new BindNetworkComponent(fw.context(), config(adapter.toString(), "7B-tiny", "q8_0"));
        assertEquals("7B-tiny", fw.properties.get(0).get(BindNetwork.MODEL_ID));
        assertEquals(dev.bindery.tensor.DType.Q8_0, ((BindNetworkService) fw.services.get(0)).model().weightType());
    }

    @Test
    void badFilesRegisterNothing() throws Exception {
        Path garbage = tmp.resolve("broken.pth");
        Files.write(garbage, new byte[] {'P', 'K', 3, 4, 0, 0, 0});
        for (BindNetworkConfig cfg : List.of(config(garbage.toString(), "", "as-stored"),
                config(tmp.resolve("missing.pth").toString(), "", "as-stored"),
                config("", "", "as-stored"),
                config(Golden.path("imagebind_llm_tiny/adapter.pth").toString(), "", "q3"))) {
            Framework fw = new Framework();
            BindNetworkComponent c = new BindNetworkComponent(fw.context(), cfg);
            assertFalse(c.registered(), cfg.checkpoint() + " / " + cfg.weights());
            assertTrue(fw.services.isEmpty());
            c.deactivate();
            assertEquals(0, fw.unregistered);
        }
    }

    @Test
    void serviceRefusesBadQueries() {
        BindNetworkService service = BindNetworkComponent.load(
                config(Golden.path("imagebind_llm_tiny/adapter.pth").toString(), "m", "as-stored"));
        InvalidInputException wrongLength = assertThrows(InvalidInputException.class, () -> service.project(new float[7]));
        assertTrue(wrongLength.getMessage().contains("7-d"), wrongLength.getMessage());
        float[] nan = new float[service.inputDimension()];
        nan[4] = Float.NaN;
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> service.project(nan));
        assertTrue(e.getMessage().contains("NaN at index 4"), e.getMessage());
    }
}
