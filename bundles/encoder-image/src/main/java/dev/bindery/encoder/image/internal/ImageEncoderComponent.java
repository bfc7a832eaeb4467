package dev.bindery.encoder.image.internal;

import dev.bindery.api.modality.Modality;
import dev.bindery.onnx.imagebind.TrunkModality;
import dev.bindery.onnx.session.ClipMeanEncoder;
import dev.bindery.onnx.session.EncoderRegistration;
import dev.bindery.onnx.session.EncoderSession;
import dev.bindery.onnx.session.EncoderSettings;
import dev.bindery.onnx.session.TrunkEncoder;
import java.io.IOException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ImageBind vision encoder per configuration: builds (first start) or loads the vision graph, opens one ONNX
 * Runtime session for the component's lifetime and registers {@link dev.bindery.api.encoder.ModalityEncoder}
 * services over it: modality {@code image} and, unless configured off, modality {@code video} (upstream encodes
 * videos with the same trunk: 15 clip crops per video, their embeddings averaged). Services are registered only after
 * the model loaded, so a bad configuration never shows up as a service; the problem is logged with the file and the
 * tensor.
 */
@Component(configurationPid = ImageEncoderComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = ImageEncoderConfig.class, factory = true)
public final class ImageEncoderComponent {
    /** The factory PID of image encoder configurations. */
    public static final String PID = "dev.bindery.encoder.image";

    private static final Logger LOG = LoggerFactory.getLogger(ImageEncoderComponent.class);

    /** The encoders of one configuration; {@code video} is null when not served. Both share one session. */
    record VisionEncoders(TrunkEncoder image, ClipMeanEncoder video) {
    }

    private final EncoderRegistration<TrunkEncoder> image;
    private final EncoderRegistration<ClipMeanEncoder> video;

    @Activate
    public ImageEncoderComponent(BundleContext context, ImageEncoderConfig config) {
        VisionEncoders encoders = openAll(config);
        image = encoders == null ? null : EncoderRegistration.register(context, encoders.image(), config.ranking());
        video = encoders == null || encoders.video() == null ? null
                : EncoderRegistration.register(context, encoders.video(), config.ranking());
        if (encoders != null) {
            LOG.info("image encoder registered: {}{}", encoders.image(),
                    video == null ? "" : "; video encoder registered: " + encoders.video());
        }
    }

    /** The image encoder of a configuration (its session shared with the video encoder), or null after logging why. */
    static TrunkEncoder open(ImageEncoderConfig config) {
        VisionEncoders e = openAll(config);
        return e == null ? null : e.image();
    }

    /** The encoders of a configuration, or null after logging why it cannot be served. */
    static VisionEncoders openAll(ImageEncoderConfig config) {
        try {
            EncoderSettings settings = EncoderSettings.parse(config.checkpoint(), config.onnx_dir(),
                    config.model_config(), config.model_id(), config.device(), config.intra_op_threads(),
                    config.batch_size());
            EncoderSession session = EncoderSession.open(settings.files().ensure(TrunkModality.VISION),
                    settings.session());
            try {
                ImageFileDecoder decoder = new ImageFileDecoder();
                TrunkEncoder image = new TrunkEncoder(Modality.IMAGE, settings.modelId(), session,
                        settings.batchSize(), new ImageInputs(new VisionPreprocessor(decoder)));
                ClipMeanEncoder video = null;
                if (config.video()) {
                    if (session.itemShape().length == 4) {
                        // one video is 15 graph rows: one video per run
                        video = new ClipMeanEncoder(Modality.VIDEO, settings.modelId(), session,
                                VideoPreprocessor.ITEMS, 1,
                                new VideoInputs(new VideoPreprocessor(decoder, config.video_folder_fps())));
                    } else {
                        LOG.warn("{} takes single images {}, not 2-frame clips: no video encoder (delete it to have"
                                + " it rebuilt from the checkpoint in the clip layout)", session.model(),
                                java.util.Arrays.toString(session.itemShape()));
                    }
                }
                return new VisionEncoders(image, video);
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("image encoder configuration cannot be served, no encoder service: {}", e.getMessage());
            return null;
        }
    }

    /** Whether the image service was registered (for tests and diagnostics). */
    boolean registered() {
        return image != null;
    }

    /** Whether the video service was registered. */
    boolean videoRegistered() {
        return video != null;
    }

    @Deactivate
    void deactivate() {
        // both services go before the shared session closes
        if (video != null) {
            video.unregister();
        }
        if (image != null) {
            image.unregister();
        }
        if (video != null) {
            video.close();
        }
        if (image != null) {
            image.close();
        }
    }
}
