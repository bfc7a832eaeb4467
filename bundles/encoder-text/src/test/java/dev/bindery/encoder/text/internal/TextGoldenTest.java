package dev.bindery.encoder.text.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Json;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every string of the golden text fixture, stage by stage: the cleaned text, the raw BPE ids, and the 77 ids of both
 * upstream tokenizers (HEAD = {@link EotPolicy#KEEP_EOT}, ImageBind-LLM = {@link EotPolicy#TRUNCATE_AFTER_EOT}),
 * all exact, plus the position the text head pools at.
 */
class TextGoldenTest {
    private static final Manifest MANIFEST = Golden.manifest("preprocess");

    @TestFactory
    List<DynamicTest> everyText() throws Exception {
        Map<String, Object> fixture = Json.parseObject(
                Files.readString(MANIFEST.path("text/texts.json"), StandardCharsets.UTF_8));
        List<Map<String, Object>> details = list(fixture.get("details"));
        TensorData head = Golden.npy("preprocess/text/ids_imagebind_head.npy");
        TensorData llm = Golden.npy("preprocess/text/ids_imagebind_llm.npy");
        assertEquals(details.size(), head.dim(0), "rows of ids_imagebind_head.npy");
        assertEquals(details.size(), llm.dim(0), "rows of ids_imagebind_llm.npy");
        assertEquals(details.size(), list(MANIFEST.root().get("text_items")).size(), "manifest text_items");
        long[] headIds = head.toLongArray();
        long[] llmIds = llm.toLongArray();
        ClipTokenizer headTokenizer = new ClipTokenizer(BpeModels.clip(), EotPolicy.KEEP_EOT);
        ClipTokenizer llmTokenizer = new ClipTokenizer(BpeModels.clip(), EotPolicy.TRUNCATE_AFTER_EOT);
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> d : details) {
            int index = ((Number) d.get("index")).intValue();
            String text = (String) d.get("text");
            String label = "text " + index + " " + abbreviate(text);
            tests.add(DynamicTest.dynamicTest(label, () -> {
                assertEquals(d.get("cleaned_lowercased"), ClipTokenizer.clean(text), label + ": cleaned text");
                int[] expectedBpe = ints(d.get("bpe_ids_without_sot_eot"));
                assertArrayEquals(expectedBpe, headTokenizer.encode(text), label + ": raw BPE ids");
                assertEquals(((Number) d.get("n_bpe")).intValue(), expectedBpe.length, label + ": n_bpe");
                long[] expectedHead = row(headIds, index);
                long[] expectedLlm = row(llmIds, index);
                long[] actualHead = headTokenizer.tokenize(text);
                long[] actualLlm = llmTokenizer.tokenize(text);
                assertArrayEquals(expectedHead, actualHead, label + ": ids_imagebind_head row");
                assertArrayEquals(expectedLlm, actualLlm, label + ": ids_imagebind_llm row");
                assertEquals(((Number) d.get("argmax_position_head")).intValue(), argmax(actualHead),
                        label + ": pooled position (HEAD)");
                assertEquals(((Number) d.get("argmax_position_ibllm")).intValue(), argmax(actualLlm),
                        label + ": pooled position (ImageBind-LLM)");
                assertEquals(d.get("versions_differ"), !Arrays.equals(actualHead, actualLlm),
                        label + ": versions_differ");
            }));
        }
        assertFalse(tests.isEmpty(), "texts.json lists no texts");
        return tests;
    }

    /** The first position of the largest id, as torch's argmax in the text head. */
    static int argmax(long[] ids) {
        int best = 0;
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] > ids[best]) {
                best = i;
            }
        }
        return best;
    }

    private static long[] row(long[] all, int index) {
        return Arrays.copyOfRange(all, index * ClipTokenizer.CONTEXT_LENGTH, (index + 1) * ClipTokenizer.CONTEXT_LENGTH);
    }

    private static int[] ints(Object json) {
        List<?> l = (List<?>) json;
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).intValue();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object json) {
        return (List<Map<String, Object>>) json;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 40 ? "\"" + oneLine + "\"" : "\"" + oneLine.substring(0, 37) + "...\"";
    }
}
