package dev.bindery.encoder.audio.internal;

import dev.bindery.api.modality.Modality;
import dev.bindery.onnx.imagebind.TrunkModality;
import dev.bindery.onnx.session.ClipMeanEncoder;
import dev.bindery.onnx.session.EncoderRegistration;
import dev.bindery.onnx.session.EncoderSettings;
import java.io.IOException;
import java.util.Arrays;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ImageBind audio encoder per configuration: builds (first start) or loads the audio graph, opens one ONNX
 * Runtime session for the component's lifetime and registers a {@link dev.bindery.api.encoder.ModalityEncoder}
 * service with modality {@code audio}. Each file becomes 3 clips that run as 3 rows of one session run; the embedding
 * is the mean of the clips' normalised, scaled embeddings, as upstream's {@code ImageBindModel.forward}. The service
 * is registered only after the model loaded, so a bad configuration never shows up as a service; the problem is
 * logged with the file and the tensor.
 */
@Component(configurationPid = AudioEncoderComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = AudioEncoderConfig.class, factory = true)
public final class AudioEncoderComponent {
    /** The factory PID of audio encoder configurations. */
    public static final String PID = "dev.bindery.encoder.audio";

    private static final Logger LOG = LoggerFactory.getLogger(AudioEncoderComponent.class);
    /** What the preprocessing gives per clip: 1 channel x mel bins x frames. */
    private static final long[] CLIP_SHAPE = {1, AudioPreprocessor.MEL_BINS, AudioPreprocessor.TARGET_FRAMES};

    private final EncoderRegistration<ClipMeanEncoder> registration;

    @Activate
    public AudioEncoderComponent(BundleContext context, AudioEncoderConfig config) {
        ClipMeanEncoder encoder = open(config);
        registration = encoder == null ? null : EncoderRegistration.register(context, encoder, config.ranking());
        if (encoder != null) {
            LOG.info("audio encoder registered: {}", encoder);
        }
    }

    /** The encoder of a configuration, or null after logging why it cannot be served. */
    static ClipMeanEncoder open(AudioEncoderConfig config) {
        try {
            EncoderSettings settings = EncoderSettings.parse(config.checkpoint(), config.onnx_dir(),
                    config.model_config(), config.model_id(), config.device(), config.intra_op_threads(),
                    config.batch_size());
            ClipMeanEncoder encoder = ClipMeanEncoder.open(settings, TrunkModality.AUDIO, Modality.AUDIO,
                    AudioPreprocessor.CLIPS, new AudioInputs(new AudioPreprocessor()));
            long[] graphClip = encoder.session().itemShape();
            if (!Arrays.equals(graphClip, CLIP_SHAPE)) {
                encoder.close();
                throw new IOException("audio model " + encoder.session().model() + " takes clips of shape "
                        + Arrays.toString(graphClip) + "; the audio preprocessing gives " + Arrays.toString(CLIP_SHAPE));
            }
            return encoder;
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("audio encoder configuration cannot be served, no encoder service: {}", e.getMessage());
            return null;
        }
    }

    /** Whether a service was registered (for tests and diagnostics). */
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
