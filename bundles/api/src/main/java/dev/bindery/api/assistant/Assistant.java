package dev.bindery.api.assistant;

import dev.bindery.api.BinderyException;
import dev.bindery.api.InvalidInputException;
import dev.bindery.api.ServiceUnavailableException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Answers multimodal questions: encodes the request's inputs with the registered encoders, composes the visual
 * feature with the chosen strategy and streams the language model's answer. Thread-safe.
 */
@ProviderType
public interface Assistant {
    /**
     * Starts answering and returns at once; text reaches {@code listener} as it is generated.
     *
     * @throws InvalidInputException       if an input or option is unusable (named in the message)
     * @throws ServiceUnavailableException if an encoder, the strategy, the cache or the language model is missing
     * @throws BinderyException            for any other failure to start
     */
    AnswerHandle ask(AssistantRequest request, AnswerListener listener) throws BinderyException;
}
