package dev.bindery.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.BinderyException;
import dev.bindery.api.ModelMismatchException;
import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.assistant.Answer;
import dev.bindery.api.assistant.AnswerListener;
import dev.bindery.api.assistant.AssistantRequest;
import dev.bindery.api.assistant.WeightedInput;
import dev.bindery.api.bind.BindNetwork;
import dev.bindery.api.encoder.EncoderInfo;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.llm.Generation;
import dev.bindery.api.llm.GenerationRequest;
import dev.bindery.api.llm.GenerationResult;
import dev.bindery.api.llm.LanguageModel;
import dev.bindery.api.llm.ModelInfo;
import dev.bindery.api.llm.SamplingOptions;
import dev.bindery.api.llm.StopReason;
import dev.bindery.api.llm.TokenListener;
import dev.bindery.api.llm.Tokenizer;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.api.strategy.GenerationStrategy;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineAssistantTest {
    private final PipelineAssistant assistant = new PipelineAssistant(config("naive"));
    private final RecordingModel model = new RecordingModel(3);

    @AfterEach
    void stop() {
        assistant.deactivate();
    }

    @Test
    void aQuestionWithoutInputsIsPlainLlama() throws Exception {
        assistant.addLanguageModel(model, Map.of());
        Answer answer = assistant.ask(AssistantRequest.of("Say hi", List.of()), AnswerListener.NONE).await();
        assertNull(model.request.visualFeature().orElse(null));
        assertEquals(model.formatPrompt("Say hi", null), model.request.prompt().orElseThrow());
        assertEquals("hello", answer.text(), "the answer is stripped as upstream");
        assertNull(answer.strategy());
        assertTrue(answer.timings().stages().containsKey("decode"));
    }

    @Test
    void inputsAreEncodedWithTheBestRankedEncoderMixedAndBound() throws Exception {
        assistant.addLanguageModel(model, Map.of());
        assistant.addBindNetwork(new AppendingBindNetwork(), Map.of());
        assistant.addStrategy(new NaiveStrategy(), Map.of(GenerationStrategy.NAME, "naive"));
        assistant.addEncoder(new ConstantEncoder(Modality.IMAGE, new float[] {0, 1}),
                Map.of(ModalityEncoder.MODALITY, "image", "service.ranking", 1));
        assistant.addEncoder(new ConstantEncoder(Modality.IMAGE, new float[] {1, 0}),
                Map.of(ModalityEncoder.MODALITY, "image", "service.ranking", 10));
        List<String> stages = new ArrayList<>();
        AnswerListener listener = new AnswerListener() {
            @Override
            public void onText(String text) {
            }

            @Override
            public void onStage(String stage, Duration time) {
                stages.add(stage);
            }
        };
        Answer answer = assistant.ask(AssistantRequest.of("What is it?",
                List.of(WeightedInput.of(ModalityInput.ofFile(Modality.IMAGE, java.nio.file.Path.of("x.png"))))),
                listener).await();
        float scale = (float) (1 / (1 + 1e-6));
        assertArrayEquals(new float[] {scale, 0, 7}, model.request.visualFeature().orElseThrow(), 1e-7f);
        assertEquals("naive", answer.strategy());
        assertEquals(List.of("encode.image", "bind", "prompt", "decode"), stages);
        assertEquals(List.copyOf(answer.timings().stages().keySet()), stages);
    }

    @Test
    void missingServicesAndMismatchesAreNamed() throws Exception {
        AssistantRequest image = AssistantRequest.of("?",
                List.of(WeightedInput.of(ModalityInput.ofFile(Modality.IMAGE, java.nio.file.Path.of("x.png")))));
        ServiceUnavailableException noModel =
                assertThrows(ServiceUnavailableException.class, () -> assistant.ask(image, AnswerListener.NONE));
        assertTrue(noModel.getMessage().contains("language model"), noModel.getMessage());

        assistant.addLanguageModel(model, Map.of());
        assistant.addStrategy(new NaiveStrategy(), Map.of(GenerationStrategy.NAME, "naive"));
        ServiceUnavailableException noStrategy = assertThrows(ServiceUnavailableException.class,
                () -> assistant.ask(new AssistantRequest("?", null, image.inputs(), "fancy", Map.of(),
                        SamplingOptions.greedy()), AnswerListener.NONE));
        assertTrue(noStrategy.getMessage().contains("fancy") && noStrategy.getMessage().contains("naive"),
                noStrategy.getMessage());

        assistant.addBindNetwork(new AppendingBindNetwork(), Map.of());
        ServiceUnavailableException noEncoder =
                assertThrows(ServiceUnavailableException.class, () -> assistant.ask(image, AnswerListener.NONE));
        assertTrue(noEncoder.getMessage().contains("image"), noEncoder.getMessage());

        PipelineAssistant other = new PipelineAssistant(config("naive"));
        try {
            other.addLanguageModel(new RecordingModel(5), Map.of());
            other.addBindNetwork(new AppendingBindNetwork(), Map.of());
            other.addStrategy(new NaiveStrategy(), Map.of(GenerationStrategy.NAME, "naive"));
            ModelMismatchException mismatch =
                    assertThrows(ModelMismatchException.class, () -> other.ask(image, AnswerListener.NONE));
            assertTrue(mismatch.getMessage().contains("5-d"), mismatch.getMessage());
        } finally {
            other.deactivate();
        }
    }

    private static AssistantConfig config(String strategy) {
        return new AssistantConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AssistantConfig.class;
            }

            @Override
            public String strategy() {
                return strategy;
            }

            @Override
            public String cache() {
                return "";
            }

            @Override
            public int cache_size() {
                return 10;
            }

            @Override
            public float cache_t() {
                return 20;
            }

            @Override
            public float cache_weight() {
                return 0.5f;
            }

            @Override
            public int encode_threads() {
                return 2;
            }
        };
    }

    private static final class ConstantEncoder implements ModalityEncoder {
        private final Modality modality;
        private final float[] vector;

        ConstantEncoder(Modality modality, float[] vector) {
            this.modality = modality;
            this.vector = vector;
        }

        @Override
        public EncoderInfo info() {
            return new EncoderInfo(modality, "cpu", "m", vector.length);
        }

        @Override
        public Embedding encode(ModalityInput input) {
            return new Embedding(modality, "m", vector);
        }
    }

    /** A 2 -> 3 bind network that appends 7, so the test sees what went in. */
    private static final class AppendingBindNetwork implements BindNetwork {
        @Override
        public String modelId() {
            return "appending";
        }

        @Override
        public int inputDimension() {
            return 2;
        }

        @Override
        public int outputDimension() {
            return 3;
        }

        @Override
        public float[] project(float[] query) {
            return new float[] {query[0], query[1], 7};
        }
    }

    /** Records the request and answers " hello " at once. */
    private static final class RecordingModel implements LanguageModel {
        private final int visualDimension;
        volatile GenerationRequest request;

        RecordingModel(int visualDimension) {
            this.visualDimension = visualDimension;
        }

        @Override
        public ModelInfo info() {
            return new ModelInfo("recording", visualDimension, 10, 512, "F32", 0);
        }

        @Override
        public Tokenizer tokenizer() {
            throw new UnsupportedOperationException("the pipeline does not tokenize");
        }

        @Override
        public Generation generate(GenerationRequest request, TokenListener listener) throws BinderyException {
            this.request = request;
            listener.onText(" hello ");
            GenerationResult result = new GenerationResult(" hello ", new int[] {4, 2}, 3, StopReason.END_OF_SEQUENCE,
                    Duration.ofMillis(2), Duration.ofMillis(5));
            CompletableFuture<GenerationResult> done = CompletableFuture.completedFuture(result);
            return new Generation() {
                @Override
                public void cancel() {
                }

                @Override
                public boolean isDone() {
                    return true;
                }

                @Override
                public CompletionStage<GenerationResult> completion() {
                    return done;
                }

                @Override
                public GenerationResult await() {
                    return result;
                }
            };
        }
    }
}
