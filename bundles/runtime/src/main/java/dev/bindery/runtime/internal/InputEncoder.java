package dev.bindery.runtime.internal;

import dev.bindery.api.BinderyException;
import dev.bindery.api.InvalidInputException;
import dev.bindery.api.ModelMismatchException;
import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.assistant.WeightedInput;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.strategy.WeightedEmbedding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Encodes a request's inputs in parallel, each with the best-ranked encoder of its modality, falling back to the next
 * one when an encoder's provider goes away while it encodes.
 */
final class InputEncoder {
    private final RankedServices<ModalityEncoder> encoders;
    private final ExecutorService pool;

    InputEncoder(RankedServices<ModalityEncoder> encoders, ExecutorService pool) {
        this.encoders = encoders;
        this.pool = pool;
    }

    /**
     * The embeddings with their weights, in input order, all of one embedding model.
     *
     * @throws ServiceUnavailableException if a modality has no encoder
     * @throws ModelMismatchException      if the encoders of the request's modalities embed with different models
     */
    List<WeightedEmbedding> encode(List<WeightedInput> inputs, StageTimes stages) throws BinderyException {
        List<ModalityEncoder> chosen = new ArrayList<>();
        for (WeightedInput input : inputs) {
            chosen.add(best(input, Set.of()).orElseThrow(() -> noEncoder(input)));
        }
        List<Future<Embedding>> futures = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            ModalityEncoder encoder = chosen.get(i);
            WeightedInput input = inputs.get(i);
            futures.add(pool.submit(() -> {
                long start = System.nanoTime();
                Embedding embedding = encodeWithFallback(encoder, input);
                stages.record("encode." + input.input().modality(), Duration.ofNanos(System.nanoTime() - start));
                return embedding;
            }));
        }
        List<WeightedEmbedding> out = new ArrayList<>();
        try {
            for (int i = 0; i < inputs.size(); i++) {
                out.add(new WeightedEmbedding(await(futures.get(i), inputs.get(i)), inputs.get(i).weight()));
            }
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
        String model = out.get(0).embedding().modelId();
        for (WeightedEmbedding e : out) {
            if (!e.embedding().modelId().equals(model)) {
                throw new ModelMismatchException("the " + out.get(0).embedding().modality() + " encoder embeds with "
                        + model + " but the " + e.embedding().modality() + " encoder with " + e.embedding().modelId()
                        + ": embeddings of different models cannot be mixed");
            }
        }
        return out;
    }

    /**
     * Encodes with {@code first}; if it fails because its provider went away mid-request (it is no longer bound when
     * it fails), the input goes to the next best-ranked encoder of its modality, so stopping a bundle costs the
     * request nothing while a fallback provider is registered. A failure of an encoder that is still bound is the
     * encoder's own answer and is passed on.
     */
    Embedding encodeWithFallback(ModalityEncoder first, WeightedInput input) throws BinderyException {
        Set<ModalityEncoder> tried = Collections.newSetFromMap(new IdentityHashMap<>());
        ModalityEncoder encoder = first;
        while (true) {
            tried.add(encoder);
            try {
                return encoder.encode(input.input());
            } catch (InvalidInputException invalid) {
                throw invalid;
            } catch (BinderyException | RuntimeException failure) {
                if (encoders.contains(encoder)) {
                    throw failure;
                }
                Optional<ModalityEncoder> next = best(input, tried);
                if (next.isEmpty()) {
                    throw new ServiceUnavailableException("the " + input.input().modality() + " encoder went away"
                            + " while encoding " + input.input().describe() + " and no other "
                            + input.input().modality() + " encoder is registered (" + failure.getMessage() + ")",
                            failure);
                }
                encoder = next.get();
            }
        }
    }

    private Optional<ModalityEncoder> best(WeightedInput input, Set<ModalityEncoder> excluded) {
        String modality = input.input().modality().name();
        return encoders.best(e -> modality.equals(e.property(ModalityEncoder.MODALITY)) && !excluded.contains(e.service))
                .map(e -> e.service);
    }

    private static ServiceUnavailableException noEncoder(WeightedInput input) {
        return new ServiceUnavailableException("no encoder for the modality " + input.input().modality()
                + " is registered (needed for " + input.input().describe() + ")");
    }

    private static Embedding await(Future<Embedding> future, WeightedInput input) throws BinderyException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BinderyException("interrupted while encoding " + input.input().describe(), e);
        } catch (CancellationException e) {
            throw new ServiceUnavailableException("encoding " + input.input().describe() + " was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BinderyException) {
                throw (BinderyException) cause;
            }
            // An encoder whose bundle stops mid-request fails with whatever its model threw: say so plainly.
            throw new ServiceUnavailableException("the " + input.input().modality() + " encoder failed on "
                    + input.input().describe() + ": " + cause, cause);
        }
    }
}
