package dev.bindery.bindnet;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Safetensors;
import dev.bindery.tensor.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints that do not fit are refused at load time with the file, the key and the problem in the message. */
class BindNetworkRefusalTest {
    @TempDir
    Path tmp;

    private Map<String, TensorData> released() {
        return RandomBindWeights.stateDict(BindLayout.RMS_NORM, 32, 64, 96, 3, 21);
    }

    private Map<String, TensorData> legacy() {
        return RandomBindWeights.stateDict(BindLayout.LAYER_NORM, 32, 64, 96, 3, 22);
    }

    private String refusal(Map<String, TensorData> sd, WeightFormat format) throws IOException {
        Path file = tmp.resolve("bad.safetensors");
        Safetensors.write(file, sd.values(), Map.of());
        ModelMismatchException e = assertThrows(ModelMismatchException.class, () -> BindNetworkModel.load(file, format));
        assertTrue(e.getMessage().startsWith(file.toString()), "message names the file: " + e.getMessage());
        return e.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + message + "' should mention '" + p + "'");
        }
    }

    @Test
    void missingKey() throws IOException {
        Map<String, TensorData> sd = released();
        sd.remove("image_bind_f2_2.weight");
        assertMentions(refusal(sd, WeightFormat.AS_STORED), "'image_bind_f2_2.weight'", "missing");
    }

    @Test
    void misshapedKey() throws IOException {
        Map<String, TensorData> sd = released();
        sd.put("image_bind_f2_1.weight", TensorData.ofFloats("image_bind_f2_1.weight", new long[] {64, 95}, new float[64 * 95]));
        assertMentions(refusal(sd, WeightFormat.AS_STORED), "'image_bind_f2_1.weight'", "[64, 95]", "[64, 96]");
    }

    @Test
    void normOfTheWrongWidth() throws IOException {
        Map<String, TensorData> sd = released();
        sd.put("image_bind_norm_3.weight", TensorData.ofFloats("image_bind_norm_3.weight", new long[] {63}, new float[63]));
        assertMentions(refusal(sd, WeightFormat.AS_STORED), "'image_bind_norm_3.weight'", "[63]", "[64]");
    }

    @Test
    void biasInTheReleasedLayoutIsUnexpected() throws IOException {
        Map<String, TensorData> sd = released();
        sd.put("image_bind_f1_1.bias", TensorData.ofFloats("image_bind_f1_1.bias", new long[] {96}, new float[96]));
        assertMentions(refusal(sd, WeightFormat.AS_STORED), "'image_bind_f1_1.bias'", "RMS_NORM");
    }

    @Test
    void legacyLayoutMissingABias() throws IOException {
        Map<String, TensorData> sd = legacy();
        sd.remove("image_bind_f3_3.bias");
        assertMentions(refusal(sd, WeightFormat.AS_STORED), "'image_bind_f3_3.bias'", "missing");
    }

    @Test
    void nonFiniteWeight() throws IOException {
        Map<String, TensorData> sd = released();
        float[] w = sd.get("image_bind_f3_2.weight").toFloatArray();
        w[5 * 64 + 7] = Float.NaN;
        sd.put("image_bind_f3_2.weight", TensorData.ofFloats("image_bind_f3_2.weight", new long[] {96, 64}, w));
        assertMentions(refusal(sd, WeightFormat.AS_STORED), "'image_bind_f3_2.weight'", "NaN", "[5, 7]");
    }

    @Test
    void nonFiniteBias() throws IOException {
        Map<String, TensorData> sd = released();
        float[] b = sd.get("image_bind_proj.bias").toFloatArray();
        b[3] = Float.POSITIVE_INFINITY;
        sd.put("image_bind_proj.bias", TensorData.ofFloats("image_bind_proj.bias", new long[] {64}, b));
        assertMentions(refusal(sd, WeightFormat.AS_STORED), "'image_bind_proj.bias'", "Infinity", "index 3");
    }

    @Test
    void widthThatCannotBeQuantised() throws IOException {
        Map<String, TensorData> sd = RandomBindWeights.stateDict(BindLayout.RMS_NORM, 20, 64, 96, 1, 23);
        assertMentions(refusal(sd, WeightFormat.Q8_0), "'image_bind_proj.weight'", "20 columns", "Q8_0");
    }

    @Test
    void stateDictWithoutABindNetwork() throws IOException {
        Map<String, TensorData> sd = Map.of("prefix_query.weight",
                TensorData.ofFloats("prefix_query.weight", new long[] {2, 4}, new float[8]));
        assertMentions(refusal(sd, WeightFormat.AS_STORED), "'image_bind_proj.weight'", "not an ImageBind-LLM adapter");
    }

    @Test
    void fileThatIsNoCheckpoint() throws IOException {
        Path file = tmp.resolve("notes.txt");
        Files.writeString(file, "x");
        IOException e = assertThrows(IOException.class, () -> BindNetworkModel.load(file, WeightFormat.AS_STORED));
        assertMentions(e.getMessage(), file.toString(), "not a PyTorch zip checkpoint, safetensors or GGUF");
    }

    @Test
    void truncatedCheckpoint() throws IOException {
        byte[] full = Files.readAllBytes(Golden.path("imagebind_llm_tiny/adapter.pth"));
        Path file = tmp.resolve("adapter.pth");
        Files.write(file, Arrays.copyOf(full, full.length / 2));
        IOException e = assertThrows(IOException.class, () -> BindNetworkModel.load(file, WeightFormat.AS_STORED));
        assertMentions(e.getMessage(), file.toString());
    }

    @Test
    void missingFile() {
        Path file = tmp.resolve("absent.pth");
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> BindNetworkModel.load(file, WeightFormat.AS_STORED));
        assertMentions(e.getMessage(), file.toString());
    }

    @Test
    void wrongQueryLength() throws Exception {
        BindNetworkModel model = BindNetworkModel.fromStateDict(released(), "random", WeightFormat.AS_STORED,
                dev.bindery.tensor.kernel.Parallel.common());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.project(new float[31]));
        assertMentions(e.getMessage(), "32-d", "31");
        assertThrows(IllegalArgumentException.class, () -> model.projectBatch(new float[64], 3));
    }

    @Test
    void unknownWeightFormat() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightFormat.parse("q5_k"));
        assertMentions(e.getMessage(), "q5_k", "as-stored");
    }
}
