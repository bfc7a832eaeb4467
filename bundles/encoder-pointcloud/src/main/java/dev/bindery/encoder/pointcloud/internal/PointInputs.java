package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.modality.ModalityInput;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Turns a point input into the model-ready cloud: a point file (any format {@link PointCloudReader} reads, chosen by
 * its extension), an upload (format from its media type or extension hint, else from its content, see
 * {@link PointFormats}) or an {@code N x 3} float tensor of raw coordinates. All three then go through
 * {@link PointCloudPreprocessor#modelReady} exactly as a file's points do. Every input is held to the same point
 * limit. Thread-safe.
 */
final class PointInputs {
    private final PointCloudReader reader;

    /** Inputs of at most {@code maxPoints} points (files also at most the reader's default size). */
    PointInputs(int maxPoints) {
        this.reader = new PointCloudReader(maxPoints, PointCloudReader.DEFAULT_MAX_FILE_BYTES);
    }

    /** The most points an input may hold. */
    int maxPoints() {
        return reader.maxPoints();
    }

    /**
     * The model-ready cloud of {@code input}.
     *
     * @throws InvalidInputException naming the input when it is text, unreadable, of the wrong shape or unusable
     */
    ModelReadyCloud prepare(ModalityInput input) throws InvalidInputException {
        if (input.kind() == ModalityInput.Kind.TENSOR) {
            return fromTensor(input.tensor().orElseThrow(), input.shape().orElseThrow(), input.describe());
        }
        return PointCloudPreprocessor.modelReady(read(input));
    }

    /**
     * The points of a file or upload as upstream's loader returns them.
     *
     * @throws InvalidInputException naming the input when it is not a file or upload, or cannot be read
     */
    PointCloud read(ModalityInput input) throws InvalidInputException {
        String what = input.describe();
        switch (input.kind()) {
            case FILE: {
                Path file = input.file().orElseThrow();
                return reader.load(file);
            }
            case BYTES: {
                byte[] bytes = input.bytes().orElseThrow();
                PointCloudReader.Format format = PointFormats.of(input.mediaType().orElse(null), bytes, what);
                return reader.load(bytes, format, what);
            }
            case TENSOR:
                throw new InvalidInputException(what + " is a tensor, not a point file");
            default:
                throw new InvalidInputException(what + " is text, not a point cloud");
        }
    }

    /** Raw coordinates, {@code (N, 3)} row-major float32: the array {@code astype(float32)} gives upstream. */
    private ModelReadyCloud fromTensor(float[] data, long[] shape, String what) throws InvalidInputException {
        if (shape.length != 2 || shape[1] != 3) {
            throw new InvalidInputException(what + ": a point tensor is N x 3 (x, y, z per row), not "
                    + Arrays.toString(shape));
        }
        if (shape[0] > reader.maxPoints()) {
            throw new InvalidInputException(what + ": " + shape[0] + " points exceed the limit of "
                    + reader.maxPoints());
        }
        return PointCloudPreprocessor.modelReady(data, (int) shape[0], what);
    }
}
