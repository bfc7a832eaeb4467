package dev.bindery.encoder.text.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.onnx.session.TrunkEncoder;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Json;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The text encoder end to end: every golden text, tokenized here and run through the graph built from the tiny
 * checkpoint, gives upstream's embedding — the ImageBind-LLM rows with {@code truncate-after-eot}, the upstream HEAD
 * rows with {@code keep-eot}. The component registers only a usable configuration.
 */
class TextEncoderTest {
    @TempDir
    Path tmp;

    private final Manifest manifest = Golden.manifest("imagebind_tiny");

    private TextEncoderConfig config(Map<String, Object> extra) {
        Map<String, Object> v = new HashMap<>(Map.of(
                "checkpoint", manifest.path("imagebind_tiny.pth").toString(),
                "onnx_dir", tmp.resolve("onnx").toString(),
                "model_config", manifest.path("config.json").toString(),
                "intra_op_threads", 1));
        v.putAll(extra);
        return annotation(TextEncoderConfig.class, v);
    }

    @Test
    void everyGoldenTextEncodesAsUpstreamUnderBothEndOfTextPolicies() throws Exception {
        List<String> texts = texts();
        Map<String, String> policies = Map.of("truncate-after-eot", "text", "keep-eot", "text_head_ids");
        for (Map.Entry<String, String> p : policies.entrySet()) {
            String rel = "embeddings/" + p.getValue() + ".npy";
            TensorData expected = Golden.npy("imagebind_tiny/" + rel);
            assertEquals(texts.size(), expected.dim(0), rel + " has a row per text");
            try (TrunkEncoder encoder = TextEncoderComponent.open(config(Map.of("eot_policy", p.getKey(),
                    "batch_size", 4)))) {
                List<ModalityInput> inputs = new ArrayList<>();
                for (String t : texts) {
                    inputs.add(ModalityInput.ofText(t));
                }
                List<Embedding> out = encoder.encodeAll(inputs);
                int dim = encoder.info().dimension();
                float[] flat = new float[texts.size() * dim];
                for (int i = 0; i < texts.size(); i++) {
                    System.arraycopy(out.get(i).vector(), 0, flat, i * dim, dim);
                }
                Golden.assertClose(expected, flat, manifest.tolerance(rel), rel + " (" + p.getKey() + ")");
            }
        }
    }

    @Test
    void nonTextInputsAreRefusedNamingThem() throws Exception {
        try (TrunkEncoder encoder = TextEncoderComponent.open(config(Map.of()))) {
            Path jpg = Golden.path("preprocess/inputs/vision/rocket.jpg");
            InvalidInputException file = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofFile(Modality.TEXT, jpg)));
            assertTrue(file.getMessage().contains("rocket.jpg"), file.getMessage());
            InvalidInputException image = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofFile(Modality.IMAGE, jpg)));
            assertTrue(image.getMessage().contains("text encoder"), image.getMessage());
            InvalidInputException huge = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofText("a".repeat(ClipTokenizer.MAX_TEXT_CHARS + 1))));
            assertTrue(huge.getMessage().contains("limit"), huge.getMessage());
            assertEquals(encoder.info().dimension(), encoder.encode(ModalityInput.ofText("")).dimension());
        }
    }

    @Test
    void componentRegistersWithItsPropertiesOnlyWhenEverythingLoads() {
        List<Dictionary<String, ?>> registered = new ArrayList<>();
        int[] unregistered = {0};
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    registered.add((Dictionary<String, ?>) args[2]);
                    return Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                if (m.getName().equals("unregister")) {
                                    unregistered[0]++;
                                }
                                return null;
                            });
                });
        TextEncoderComponent good = new TextEncoderComponent(context, config(Map.of("model_id", "tiny")));
        assertTrue(good.registered());
        assertEquals("text", registered.get(0).get(ModalityEncoder.MODALITY));
        assertEquals("cpu", registered.get(0).get(ModalityEncoder.DEVICE));
        assertEquals("tiny", registered.get(0).get(ModalityEncoder.MODEL_ID));
        assertEquals((int) manifest.shape("embeddings/text.npy")[1], registered.get(0).get(ModalityEncoder.DIMENSION));
        good.deactivate();
        assertEquals(1, unregistered[0]);

        assertFalse(new TextEncoderComponent(context, config(Map.of("eot_policy", "drop"))).registered());
        assertFalse(new TextEncoderComponent(context, config(Map.of("bpe", tmp.resolve("none.gz").toString())))
                .registered());
        // a checkpoint in a folder without the merges file, and no 'bpe' setting
        assertFalse(new TextEncoderComponent(context, annotation(TextEncoderConfig.class, Map.of(
                "checkpoint", Golden.path("imagebind_llm_tiny/adapter.pth").toString(),
                "onnx_dir", tmp.resolve("o2").toString()))).registered());
        assertEquals(1, registered.size());
    }

    @SuppressWarnings("unchecked")
    private List<String> texts() throws Exception {
        Map<String, Object> fixture = Json.parseObject(Files.readString(
                Golden.path("preprocess/text/texts.json"), StandardCharsets.UTF_8));
        return (List<String>) fixture.get("texts");
    }

    static <A extends Annotation> A annotation(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            Object v = values.get(method.getName());
            return v != null ? v : method.getDefaultValue();
        }));
    }
}
