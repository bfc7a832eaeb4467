package dev.bindery.encoder.text.internal;

import dev.bindery.api.modality.Modality;
import dev.bindery.onnx.imagebind.TrunkModality;
import dev.bindery.onnx.session.EncoderRegistration;
import dev.bindery.onnx.session.EncoderSettings;
import dev.bindery.onnx.session.TrunkEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ImageBind text encoder per configuration: reads the BPE merges, builds (first start) or loads the text graph,
 * opens one ONNX Runtime session for the component's lifetime and registers a
 * {@link dev.bindery.api.encoder.ModalityEncoder} service with modality {@code text} once everything loaded.
 */
@Component(configurationPid = TextEncoderComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = TextEncoderConfig.class, factory = true)
public final class TextEncoderComponent {
    /** The factory PID of text encoder configurations. */
    public static final String PID = "dev.bindery.encoder.text";
    /** The merges file name upstream ships. */
    static final String BPE_FILE = "bpe_simple_vocab_16e6.txt.gz";

    private static final Logger LOG = LoggerFactory.getLogger(TextEncoderComponent.class);
    /** Configurations sharing a merges file share its parsed model. */
    private static final BpeModelCache MERGES = new BpeModelCache();

    private final EncoderRegistration<TrunkEncoder> registration;

    @Activate
    public TextEncoderComponent(BundleContext context, TextEncoderConfig config) {
        TrunkEncoder encoder = open(config);
        registration = encoder == null ? null : EncoderRegistration.register(context, encoder, config.ranking());
        if (encoder != null) {
            LOG.info("text encoder registered: {}", encoder);
        }
    }

    /** The encoder of a configuration, or null after logging why it cannot be served. */
    static TrunkEncoder open(TextEncoderConfig config) {
        try {
            EncoderSettings settings = EncoderSettings.parse(config.checkpoint(), config.onnx_dir(),
                    config.model_config(), config.model_id(), config.device(), config.intra_op_threads(),
                    config.batch_size());
            EotPolicy policy = policy(config.eot_policy());
            ClipTokenizer tokenizer = new ClipTokenizer(MERGES.get(bpeFile(config, settings)), policy);
            return settings.open(TrunkModality.TEXT, Modality.TEXT, new TextInputs(tokenizer));
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("text encoder configuration cannot be served, no encoder service: {}", e.getMessage());
            return null;
        }
    }

    static EotPolicy policy(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "":
            case "keep-eot":
                return EotPolicy.KEEP_EOT;
            case "truncate-after-eot":
                return EotPolicy.TRUNCATE_AFTER_EOT;
            default:
                throw new IllegalArgumentException("eot_policy '" + name + "' is not keep-eot or truncate-after-eot");
        }
    }

    /** The configured merges file, else the upstream file name beside the checkpoint or in the ONNX folder. */
    static Path bpeFile(TextEncoderConfig config, EncoderSettings settings) throws IOException {
        if (config.bpe() != null && !config.bpe().isBlank()) {
            return Paths.get(config.bpe().trim());
        }
        Path checkpoint = settings.files().checkpoint();
        if (checkpoint != null && Files.isRegularFile(checkpoint.resolveSibling(BPE_FILE))) {
            return checkpoint.resolveSibling(BPE_FILE);
        }
        Path inFolder = settings.files().onnxDir().resolve(BPE_FILE);
        if (Files.isRegularFile(inFolder)) {
            return inFolder;
        }
        throw new IOException("no BPE merges file: set 'bpe' or put " + BPE_FILE + " beside the checkpoint or in "
                + settings.files().onnxDir());
    }

    boolean registered() {
        return registration != null;
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.close();
        }
    }
}
