package dev.bindery.llama.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.BinderyException;
import dev.bindery.api.ModelMismatchException;
import dev.bindery.api.llm.GenerationRequest;
import dev.bindery.api.llm.SamplingOptions;
import dev.bindery.api.llm.TokenListener;
import dev.bindery.llama.testing.TinyLlama;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DS component, activated as SCR would with a configuration, outside a framework. */
class LlamaComponentTest {

    /** The configuration SCR would hand over: the given values, the annotation defaults for the rest. */
    private static LlamaModelConfig config(Map<String, Object> values) {
        return (LlamaModelConfig) Proxy.newProxyInstance(LlamaModelConfig.class.getClassLoader(),
                new Class<?>[] {LlamaModelConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return LlamaModelConfig.class;
                    }
                    Object v = values.get(method.getName());
                    return v != null ? v : method.getDefaultValue();
                });
    }

    private static Map<String, Object> tinySources() {
        Map<String, Object> m = new HashMap<>();
        m.put("bindery_model_id", "tiny");
        m.put("llama_dir", TinyLlama.files().llamaDir().toString());
        m.put("adapter", TinyLlama.files().adapter().toString());
        m.put("threads", 2);
        return m; // tokenizer found in the parent folder of llama/tiny
    }

    @Test
    void loadsConvertsWritesTheGgufAndServes(@TempDir Path tmp) throws Exception {
        Map<String, Object> values = tinySources();
        Path gguf = tmp.resolve("tiny-q8.gguf");
        values.put("gguf", gguf.toString());
        values.put("weight_format", "q8_0");
        LlamaComponent component = new LlamaComponent(config(values));
        try {
            assertEquals("Q8_0", component.info().weightFormat());
            assertEquals("tiny", component.info().id());
            assertTrue(Files.size(gguf) > 0, "GGUF copy written");
            var result = component.generate(GenerationRequest.ofPrompt("Describe this image.", null,
                    SamplingOptions.greedy().withMaxNewTokens(4)), TokenListener.NONE).await();
            assertEquals(4, result.generatedTokens());
        } finally {
            component.deactivate();
        }
        Map<String, Object> ggufOnly = new HashMap<>();
        ggufOnly.put("gguf", gguf.toString());
        ggufOnly.put("threads", 1);
        LlamaComponent fromGguf = new LlamaComponent(config(ggufOnly));
        try {
            assertEquals("imagebind-llm", fromGguf.info().id(), "default id");
            assertEquals(64, fromGguf.info().visualDimension());
        } finally {
            fromGguf.deactivate();
        }
    }

    @Test
    void aBadModelIsRefusedWithTheFileNamed(@TempDir Path tmp) {
        Map<String, Object> missing = tinySources();
        missing.put("adapter", tmp.resolve("7B.pth").toString());
        BinderyException e = assertThrows(BinderyException.class, () -> new LlamaComponent(config(missing)));
        assertTrue(e.getMessage().contains("7B.pth") && e.getMessage().contains("tiny"), e.getMessage());

        Map<String, Object> badFormat = tinySources();
        badFormat.put("weight_format", "Q3_K");
        e = assertThrows(BinderyException.class, () -> new LlamaComponent(config(badFormat)));
        assertTrue(e.getMessage().contains("Q3_K"), e.getMessage());

        Map<String, Object> nothing = new HashMap<>();
        e = assertThrows(BinderyException.class, () -> new LlamaComponent(config(nothing)));
        assertTrue(e.getMessage().contains("no model files"), e.getMessage());

        Map<String, Object> wrongBase = tinySources();
        wrongBase.put("adapter", TinyLlama.dir().resolve("llama/tiny/consolidated.00.pth").toString());
        e = assertThrows(ModelMismatchException.class, () -> new LlamaComponent(config(wrongBase)));
        assertTrue(e.getMessage().contains("tok_embeddings.weight"), e.getMessage());
    }
}
