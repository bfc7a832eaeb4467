package dev.bindery.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.BinderyException;
import dev.bindery.api.InvalidInputException;
import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.assistant.AnswerListener;
import dev.bindery.api.assistant.WeightedInput;
import dev.bindery.api.encoder.EncoderInfo;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.api.strategy.WeightedEmbedding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An encoder whose bundle stops while it encodes: the input goes to the next-ranked encoder of the modality. */
class InputEncoderFallbackTest {
    private static final WeightedInput IMAGE =
            WeightedInput.of(ModalityInput.ofFile(Modality.IMAGE, Path.of("cat.png")));

    private final RankedServices<ModalityEncoder> encoders = new RankedServices<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void anEncoderThatGoesAwayMidRequestHandsTheInputToTheFallback() throws Exception {
        VanishingEncoder preferred = new VanishingEncoder(new ServiceUnavailableException("the encoder was shut down"));
        Counting fallback = new Counting(new float[] {3, 4});
        encoders.add(preferred, props(10));
        encoders.add(fallback, props(-5));

        List<WeightedEmbedding> out = new InputEncoder(encoders, pool).encode(List.of(IMAGE),
                new StageTimes(AnswerListener.NONE));

        assertEquals(1, preferred.calls.get(), "the preferred encoder was tried first");
        assertEquals(1, fallback.calls.get(), "the fallback served the request");
        assertArrayEquals(new float[] {3, 4}, out.get(0).embedding().vector());
    }

    @Test
    void aRuntimeFailureOfAVanishedEncoderAlsoFallsBack() throws Exception {
        VanishingEncoder preferred = new VanishingEncoder(new IllegalStateException("encoder session is closed"));
        Counting fallback = new Counting(new float[] {1, 0});
        encoders.add(preferred, props(1));
        encoders.add(fallback, props(0));
        InputEncoder encoder = new InputEncoder(encoders, pool);
        assertArrayEquals(new float[] {1, 0}, encoder.encodeWithFallback(preferred, IMAGE).vector());
    }

    @Test
    void aFailureOfAStillRegisteredEncoderIsItsAnswer() {
        BinderyException own = new BinderyException("ONNX Runtime failed");
        ModalityEncoder failing = new FailingEncoder(own);
        Counting fallback = new Counting(new float[] {1, 0});
        encoders.add(failing, props(10));
        encoders.add(fallback, props(0));
        BinderyException thrown = assertThrows(BinderyException.class,
                () -> new InputEncoder(encoders, pool).encodeWithFallback(failing, IMAGE));
        assertSame(own, thrown);
        assertEquals(0, fallback.calls.get(), "no fallback for an encoder that is still there");
    }

    @Test
    void invalidInputIsNeverRetried() {
        InvalidInputException invalid = new InvalidInputException("cat.png is not an image");
        VanishingEncoder preferred = new VanishingEncoder(invalid);
        Counting fallback = new Counting(new float[] {1, 0});
        encoders.add(preferred, props(10));
        encoders.add(fallback, props(0));
        assertSame(invalid, assertThrows(InvalidInputException.class,
                () -> new InputEncoder(encoders, pool).encodeWithFallback(preferred, IMAGE)));
        assertEquals(0, fallback.calls.get());
    }

    @Test
    void withoutAFallbackTheErrorSaysTheEncoderWentAway() {
        VanishingEncoder only = new VanishingEncoder(new ServiceUnavailableException("the encoder was shut down"));
        encoders.add(only, props(0));
        ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class,
                () -> new InputEncoder(encoders, pool).encodeWithFallback(only, IMAGE));
        assertTrue(e.getMessage().contains("went away") && e.getMessage().contains("cat.png")
                && e.getMessage().contains("no other image encoder"), e.getMessage());
    }

    private static Map<String, Object> props(int ranking) {
        return Map.of(ModalityEncoder.MODALITY, "image", "service.ranking", ranking);
    }

    private static EncoderInfo info() {
        return new EncoderInfo(Modality.IMAGE, "cpu", "m", 2);
    }

    /** Unbinds itself (as DS does when the provider's bundle stops), then fails as a closed encoder does. */
    private final class VanishingEncoder implements ModalityEncoder {
        final AtomicInteger calls = new AtomicInteger();
        private final Exception failure;

        VanishingEncoder(Exception failure) {
            this.failure = failure;
        }

        @Override
        public EncoderInfo info() {
            return InputEncoderFallbackTest.info();
        }

        @Override
        public Embedding encode(ModalityInput input) throws BinderyException {
            calls.incrementAndGet();
            encoders.remove(this);
            if (failure instanceof BinderyException) {
                throw (BinderyException) failure;
            }
            throw (RuntimeException) failure;
        }
    }

    private static final class FailingEncoder implements ModalityEncoder {
        private final BinderyException failure;

        FailingEncoder(BinderyException failure) {
            this.failure = failure;
        }

        @Override
        public EncoderInfo info() {
            return InputEncoderFallbackTest.info();
        }

        @Override
        public Embedding encode(ModalityInput input) throws BinderyException {
            throw failure;
        }
    }

    private static final class Counting implements ModalityEncoder {
        final AtomicInteger calls = new AtomicInteger();
        private final float[] vector;

        Counting(float[] vector) {
            this.vector = vector;
        }

        @Override
        public EncoderInfo info() {
            return InputEncoderFallbackTest.info();
        }

        @Override
        public Embedding encode(ModalityInput input) {
            calls.incrementAndGet();
            return new Embedding(Modality.IMAGE, "m", vector);
        }
    }
}
