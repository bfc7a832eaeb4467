package dev.bindery.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.assistant.Timings;
import dev.bindery.api.llm.SamplingOptions;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiContractTest {

    @Test
    void modalityIsAnOpenCaseInsensitiveIdentifier() {
        assertEquals(Modality.IMAGE, Modality.of(" Image "));
        Modality sonar = Modality.of("sonar-3d");
        assertEquals("sonar-3d", sonar.name());
        assertNotEquals(Modality.AUDIO, sonar);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Modality.of("3d points"));
        assertTrue(bad.getMessage().contains("3d points"), bad.getMessage());
    }

    @Test
    void tensorInputsCheckTheirShapeAndAreCopied() {
        float[] data = new float[6];
        ModalityInput input = ModalityInput.ofTensor(Modality.IMU, data, 2, 3);
        data[0] = 5;
        assertEquals(0f, input.tensor().orElseThrow()[0]);
        assertArrayEquals(new long[] {2, 3}, input.shape().orElseThrow());
        IllegalArgumentException bad =
                assertThrows(IllegalArgumentException.class, () -> ModalityInput.ofTensor(Modality.IMU, data, 4, 3));
        assertTrue(bad.getMessage().contains("12"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModalityInput.ofTensor(Modality.IMU, data, 6, 0));
    }

    @Test
    void embeddingsRefuseNonFiniteValuesAndNormaliseLikeTorch() {
        assertThrows(IllegalArgumentException.class,
                () -> new Embedding(Modality.IMAGE, "m", new float[] {1, Float.NaN}));
        float[] unit = new Embedding(Modality.IMAGE, "m", new float[] {3, 4}).normalized();
        assertArrayEquals(new float[] {0.6f, 0.8f}, unit, 1e-7f);
        float[] zero = new Embedding(Modality.IMAGE, "m", new float[] {0, 0}).normalized();
        assertArrayEquals(new float[] {0, 0}, zero);
    }

    @Test
    void samplingOptionsHaveUpstreamDefaultsAndRejectNonsense() {
        SamplingOptions defaults = SamplingOptions.defaults();
        assertEquals(0.1f, defaults.temperature());
        assertEquals(0.75f, defaults.topP());
        assertEquals(256, defaults.maxNewTokens());
        assertEquals(0f, SamplingOptions.greedy().temperature());
        assertThrows(IllegalArgumentException.class, () -> defaults.withTopP(0));
        assertThrows(IllegalArgumentException.class, () -> defaults.withTemperature(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> defaults.withMaxNewTokens(0));
        assertThrows(IllegalArgumentException.class, () -> defaults.withStop(List.of("")));
        assertEquals(7L, defaults.withSeed(7L).seed());
    }

    @Test
    void timingsSummaryKeepsStageOrder() {
        Map<String, Duration> stages = new LinkedHashMap<>();
        stages.put("encode.image", Duration.ofMillis(41));
        stages.put("bind", Duration.ofMillis(3));
        String line = new Timings(stages, 45.25).summary();
        assertEquals("encode.image 41 ms, bind 3.00 ms (45.3 tok/s)", line);
    }
}
