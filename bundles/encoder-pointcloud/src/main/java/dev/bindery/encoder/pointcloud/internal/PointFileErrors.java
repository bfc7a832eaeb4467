package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.InvalidInputException;
import java.io.IOException;

/** The wording of point-file errors: every message starts with the file, then the place, then the problem. */
final class PointFileErrors {
    private PointFileErrors() {
    }

    /** A problem with the file as a whole. */
    static InvalidInputException of(String file, String problem) {
        return new InvalidInputException("point cloud file " + file + ": " + problem);
    }

    /** A problem on one line of a text file or header. */
    static InvalidInputException at(String file, int line, String problem) {
        return of(file, "line " + line + ": " + problem);
    }

    /** A read failure of the file system (missing, unreadable). */
    static InvalidInputException io(String file, IOException e) {
        return new InvalidInputException("point cloud file " + file + ": cannot be read: " + e, e);
    }
}
