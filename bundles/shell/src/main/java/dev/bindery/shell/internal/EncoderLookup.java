package dev.bindery.shell.internal;

import dev.bindery.api.BinderyException;
import dev.bindery.api.InvalidInputException;
import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.ModalityInput;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Encodes command inputs with the registered encoders, as the pipeline picks them: per modality the best-ranked
 * service, the next one when it goes away while in use. Each service is got for one call and released after it, so
 * a command never holds an encoder's bundle.
 */
final class EncoderLookup {
    private final BundleContext context;

    EncoderLookup(BundleContext context) {
        this.context = context;
    }

    List<EncodedInput> encodeAll(List<ModalityInput> inputs) throws BinderyException {
        List<EncodedInput> out = new ArrayList<>();
        for (ModalityInput input : inputs) {
            out.add(encode(input));
        }
        return out;
    }

    /**
     * @throws ServiceUnavailableException naming the modality and the modalities that do have an encoder
     */
    EncodedInput encode(ModalityInput input) throws BinderyException {
        List<ServiceReference<ModalityEncoder>> refs = references(input.modality().name());
        if (refs.isEmpty()) {
            throw new ServiceUnavailableException("no encoder for the modality " + input.modality()
                    + " is registered (needed for " + input.describe() + "); modalities with an encoder: "
                    + registeredModalities(context));
        }
        BinderyException last = null;
        for (ServiceReference<ModalityEncoder> ref : refs) {
            ModalityEncoder encoder = context.getService(ref);
            if (encoder == null) {
                continue; // unregistered since the lookup
            }
            try {
                Embedding embedding = encoder.encode(input);
                return new EncodedInput(input, embedding, String.valueOf(ref.getProperty(ModalityEncoder.DEVICE)),
                        (Long) ref.getProperty(Constants.SERVICE_ID));
            } catch (InvalidInputException invalid) {
                throw invalid;
            } catch (BinderyException | RuntimeException failure) {
                if (ref.getBundle() != null) {
                    throw failure; // still registered: this is the encoder's answer
                }
                last = new ServiceUnavailableException("the " + input.modality() + " encoder went away while"
                        + " encoding " + input.describe() + ": " + failure.getMessage(), failure);
            } finally {
                try {
                    context.ungetService(ref);
                } catch (IllegalStateException gone) {
                    // the encoder's bundle stopped meanwhile
                }
            }
        }
        throw last != null ? last : new ServiceUnavailableException("every " + input.modality()
                + " encoder went away before " + input.describe() + " could be encoded");
    }

    private List<ServiceReference<ModalityEncoder>> references(String modality) {
        Collection<ServiceReference<ModalityEncoder>> found;
        try {
            found = context.getServiceReferences(ModalityEncoder.class, "(" + ModalityEncoder.MODALITY + "="
                    + modality + ")");
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible); // modality names are [a-z0-9_-]
        }
        List<ServiceReference<ModalityEncoder>> refs = new ArrayList<>(found);
        refs.sort(Comparator.<ServiceReference<ModalityEncoder>>naturalOrder().reversed());
        return refs;
    }

    /** The modalities that have at least one registered encoder, sorted. */
    static List<String> registeredModalities(BundleContext context) {
        return ServiceNames.of(context, ModalityEncoder.class, ModalityEncoder.MODALITY);
    }
}
