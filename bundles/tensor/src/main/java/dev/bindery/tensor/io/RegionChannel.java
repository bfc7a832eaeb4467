package dev.bindery.tensor.io;

import dev.bindery.tensor.FileRegion;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The channel that the {@link FileRegion}s of one opened file share. It is opened with the reader, so it reads the
 * same file even if the path is replaced later, and never closed by the reader: tensors outlive their reader (a
 * loader closes the file before it copies the weights), and the JDK closes an unreachable channel itself.
 */
final class RegionChannel {
    private final String file;
    private final FileChannel channel;

    RegionChannel(Path file) throws IOException {
        this.file = file.toString();
        this.channel = FileRegion.openChannel(file);
    }

    /** The region of {@code length} bytes at {@code position} of the file. */
    FileRegion region(long position, long length) {
        return FileRegion.of(channel, file, position, length);
    }
}
