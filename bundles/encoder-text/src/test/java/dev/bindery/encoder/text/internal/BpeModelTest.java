package dev.bindery.encoder.text.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The vocabulary layout upstream builds, and refusal of files that are not a CLIP merges file. */
class BpeModelTest {
    @Test
    void vocabularyLayoutIsUpstreams() {
        BpeModel model = BpeModels.clip();
        assertEquals(49408, model.size());
        assertEquals(model.size() - 2, model.startOfTextId());
        assertEquals(model.size() - 1, model.endOfTextId());
        // ids 0..255 are the byte characters, 256..511 the same with </w>, in bytes_to_unicode order
        char[] order = ByteAlphabet.vocabularyOrder();
        for (int i = 0; i < 256; i++) {
            assertEquals(i, model.id(String.valueOf(order[i])));
            assertEquals(256 + i, model.id(order[i] + BpeModel.END_OF_WORD));
            assertEquals(String.valueOf(order[i]), model.token(i));
        }
    }

    @Test
    void notGzipIsRefused() {
        byte[] plain = "#version: 0.2\ni n\n".getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> BpeModel.readGzip(new ByteArrayInputStream(plain), "plain.txt"));
    }

    @Test
    void truncatedMergesFileIsRefusedWithItsName() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("#version: 0.2\ni n\nt h\n".getBytes(StandardCharsets.UTF_8));
        }
        IOException e = assertThrows(IOException.class,
                () -> BpeModel.readGzip(new ByteArrayInputStream(bytes.toByteArray()), "short.txt.gz"));
        assertTrue(e.getMessage().contains("short.txt.gz") && e.getMessage().contains("2 merges"), e.getMessage());
    }

    @Test
    void malformedMergeLineIsRefused() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("#version: 0.2\ni n x\n".getBytes(StandardCharsets.UTF_8));
        }
        IOException e = assertThrows(IOException.class,
                () -> BpeModel.readGzip(new ByteArrayInputStream(bytes.toByteArray()), "bad.txt.gz"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
