package dev.bindery.shell.internal;

import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.ModalityInput;

/** An input, its embedding and the encoder service that produced it (for the commands' output). */
final class EncodedInput {
    final ModalityInput input;
    final Embedding embedding;
    final String device;
    final long serviceId;

    EncodedInput(ModalityInput input, Embedding embedding, String device, long serviceId) {
        this.input = input;
        this.embedding = embedding;
        this.device = device;
        this.serviceId = serviceId;
    }
}
