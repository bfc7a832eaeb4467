package dev.bindery.http.internal;

import dev.bindery.api.assistant.AssistantRequest;

/** A parsed chat completion request: what to ask the assistant, which model was named, and how to answer. */
final class ChatCall {
    private final AssistantRequest request;
    private final String model;
    private final boolean stream;
    private final boolean includeUsage;

    ChatCall(AssistantRequest request, String model, boolean stream, boolean includeUsage) {
        this.request = request;
        this.model = model;
        this.stream = stream;
        this.includeUsage = includeUsage;
    }

    AssistantRequest request() {
        return request;
    }

    /** The model the request named, or {@code null}. */
    String model() {
        return model;
    }

    boolean stream() {
        return stream;
    }

    /** {@code stream_options.include_usage}: a last chunk with the usage before {@code [DONE]}. */
    boolean includeUsage() {
        return includeUsage;
    }
}
