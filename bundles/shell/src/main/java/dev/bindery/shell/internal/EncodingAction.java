package dev.bindery.shell.internal;

import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.osgi.framework.BundleContext;

/**
 * The inputs of the commands that encode ({@code embed}, {@code similarity}, {@code retrieve}): one option per
 * built-in modality plus {@code --modality NAME} for the positional sources, which is how a modality that a
 * third-party encoder introduces is named. Karaf reads options declared here for every subclass.
 */
abstract class EncodingAction implements Action {
    @Reference
    BundleContext context;

    @Option(name = "--image", multiValued = true, description = "Image file (repeatable)")
    @Completion(FileCompleter.class)
    List<String> images;

    @Option(name = "--audio", multiValued = true, description = "Audio file (repeatable)")
    @Completion(FileCompleter.class)
    List<String> audio;

    @Option(name = "--point", multiValued = true, description = "Point cloud file (repeatable)")
    @Completion(FileCompleter.class)
    List<String> points;

    @Option(name = "--video", multiValued = true, description = "Video file (repeatable)")
    @Completion(FileCompleter.class)
    List<String> videos;

    @Option(name = "--depth", multiValued = true, description = "Depth map (.npy or image) (repeatable)")
    @Completion(FileCompleter.class)
    List<String> depth;

    @Option(name = "--thermal", multiValued = true, description = "Thermal image (.npy or image) (repeatable)")
    @Completion(FileCompleter.class)
    List<String> thermal;

    @Option(name = "--imu", multiValued = true, description = "IMU window (.npy, 6 x 2000) (repeatable)")
    @Completion(FileCompleter.class)
    List<String> imu;

    @Option(name = "--text", multiValued = true, description = "A text to embed (repeatable)")
    List<String> texts;

    @Option(name = "--modality", description = "Modality of the SOURCE arguments, e.g. one a third-party encoder"
            + " adds (text: the arguments are texts, otherwise files)")
    @Completion(ModalityCompleter.class)
    String modality;

    @Option(name = "--json", description = "Print JSON")
    boolean json;

    @Argument(index = 0, name = "sources", multiValued = true,
            description = "Files (or texts) of the modality given with --modality")
    @Completion(FileCompleter.class)
    List<String> sources;

    /**
     * The inputs in a fixed order: the built-in modalities' options, then the sources of {@code --modality}.
     *
     * @throws IllegalArgumentException if a file is missing, sources come without {@code --modality}, or there are
     *                                  no inputs at all
     */
    List<ModalityInput> inputs() {
        List<ModalityInput> inputs = new ArrayList<>();
        add(inputs, Modality.IMAGE, images);
        add(inputs, Modality.AUDIO, audio);
        add(inputs, Modality.POINT, points);
        add(inputs, Modality.VIDEO, videos);
        add(inputs, Modality.DEPTH, depth);
        add(inputs, Modality.THERMAL, thermal);
        add(inputs, Modality.IMU, imu);
        add(inputs, Modality.TEXT, texts);
        if (sources != null && !sources.isEmpty()) {
            if (modality == null) {
                throw new IllegalArgumentException("say which modality the arguments " + sources + " are with"
                        + " --modality NAME (or use --image, --audio, ...)");
            }
            add(inputs, Modality.of(modality), sources);
        } else if (modality != null) {
            throw new IllegalArgumentException("--modality " + modality + " names the modality of the SOURCE"
                    + " arguments, but none were given");
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("give at least one input: --image FILE, --audio FILE, --text TEXT, ..."
                    + " or --modality NAME SOURCE...");
        }
        return inputs;
    }

    private static void add(List<ModalityInput> inputs, Modality modality, List<String> specs) {
        if (specs != null) {
            for (String spec : specs) {
                // Weights mean nothing to these commands: a trailing ":0.5" stays part of the source.
                inputs.add(SourceInput.parse(modality, spec));
            }
        }
    }
}
