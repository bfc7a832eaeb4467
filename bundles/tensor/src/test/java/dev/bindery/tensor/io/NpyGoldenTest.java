package dev.bindery.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every .npy file that a golden manifest lists reads with the stated dtype and shape, and writes back identically. */
class NpyGoldenTest {
    private static final List<String> GROUPS = List.of("preprocess", "imagebind_tiny", "imagebind_llm_tiny");

    @Test
    void everyManifestArrayReadsWithItsDtypeAndShapeAndWritesBackByteForByte() throws Exception {
        int count = 0;
        for (String group : GROUPS) {
            Manifest m = Golden.manifest(group);
            for (String file : m.npyFiles("")) {
                TensorData t = Npy.read(m.path(file));
                String what = group + "/" + file;
                assertEquals(m.dtype(file), numpyName(t.dtype()), what);
                assertArrayEquals(m.shape(file), t.shape(), what);
                byte[] original = Files.readAllBytes(m.path(file));
                assertEquals(m.entry(file).get("sha256"), sha256(original), what + " sha256");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Npy.write(out, t);
                assertArrayEquals(original, out.toByteArray(), what + ": written bytes differ from numpy's");
                count++;
            }
        }
        assertFalse(count == 0, "no .npy files listed in the golden manifests");
    }

    static String numpyName(DType d) {
        return switch (d) {
            case F32 -> "float32";
            case F64 -> "float64";
            case F16 -> "float16";
            case I64 -> "int64";
            case I32 -> "int32";
            case I16 -> "int16";
            case I8 -> "int8";
            case U8 -> "uint8";
            case BOOL -> "bool";
            default -> d.name();
        };
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
