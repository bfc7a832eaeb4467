package dev.bindery.tensor.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Test helper: a {@code torch.save}-shaped zip (folder/data.pkl, folder/data/KEY, folder/version). */
final class TorchZipBytes {
    private final String folder;
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private boolean deflate;

    TorchZipBytes(String folder) {
        this.folder = folder;
        entries.put(folder + "/version", "3\n".getBytes());
    }

    TorchZipBytes pickle(byte[] pkl) {
        entries.put(folder + "/data.pkl", pkl);
        return this;
    }

    TorchZipBytes storage(String key, byte[] data) {
        entries.put(folder + "/data/" + key, data);
        return this;
    }

    TorchZipBytes deflated() {
        deflate = true;
        return this;
    }

    Path write(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                if (!deflate) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    z.setMethod(ZipEntry.STORED);
                    z.setSize(e.getValue().length);
                    z.setCompressedSize(e.getValue().length);
                    z.setCrc(crc.getValue());
                }
                zip.putNextEntry(z);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        Files.write(file, bytes.toByteArray());
        return file;
    }
}
