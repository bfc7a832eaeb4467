package dev.bindery.encoder.pointcloud.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.encoder.pointcloud.internal.PointCloudReader.Format;
import dev.bindery.tensor.testing.Golden;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** How an upload's format is found (hint, else content), and the model configuration file of the point encoder. */
class PointInputFormatsTest {
    @Test
    void everyGoldenInputIsRecognisedByItsContentAsByItsExtension() throws Exception {
        for (PointFixtures.Item item : PointFixtures.items()) {
            Path file = Golden.path("preprocess/" + item.input());
            Format byName = PointCloudReader.formatOf(file.getFileName().toString());
            byte[] bytes = Files.readAllBytes(file);
            assertEquals(byName, PointFormats.sniff(bytes, item.input()), item.input());
            assertEquals(byName, PointFormats.of(file.getFileName().toString(), bytes, "upload"), "file name hint");
        }
    }

    @Test
    void mediaTypesAndExtensionsNameTheFormat() throws Exception {
        byte[] any = "1 2 3\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Format.PLY, PointFormats.of("model/x-ply", any, "u"));
        assertEquals(Format.PCD, PointFormats.of("application/x-pcd", any, "u"));
        assertEquals(Format.OBJ, PointFormats.of("Model/OBJ; charset=utf-8", any, "u"));
        assertEquals(Format.OFF, PointFormats.of("off", any, "u"));
        assertEquals(Format.PTS, PointFormats.of(".pts", any, "u"));
        assertEquals(Format.NPY, PointFormats.of("application/x-npy", any, "u"));
        assertEquals(Format.XYZ, PointFormats.of("text/plain", any, "u"), "generic types fall back to the content");
        InvalidInputException png = assertThrows(InvalidInputException.class,
                () -> PointFormats.of("image/png", any, "upload 1"));
        assertTrue(png.getMessage().contains("upload 1") && png.getMessage().contains("image/png"), png.getMessage());
        assertThrows(InvalidInputException.class, () -> PointFormats.of(".stl", any, "u"));
    }

    @Test
    void textContentIsTold() throws Exception {
        assertEquals(Format.OBJ, sniff("# exported\nmtllib a.mtl\nv 1 2 3\n"));
        assertEquals(Format.OBJ, sniff("v 1 2 3\nv 4 5 6\n"));
        assertEquals(Format.PTS, sniff("2\n1 2 3\n4 5 6\n"));
        assertEquals(Format.XYZ, sniff("\n# x y z\n1,2,3\n"));
        assertEquals(Format.OFF, sniff("OFF490 518 0\n"));
        assertEquals(Format.OFF, sniff("COFF\n3 1 0\n"));
        assertEquals(Format.PCD, sniff("VERSION .7\nFIELDS x y z\n"));
        assertEquals(Format.PLY, sniff("ply\r\nformat ascii 1.0\r\n"));
        InvalidInputException binary = assertThrows(InvalidInputException.class,
                () -> PointFormats.sniff(new byte[] {1, 0, 2, 0}, "blob"));
        assertTrue(binary.getMessage().contains("blob"), binary.getMessage());
        assertThrows(InvalidInputException.class, () -> PointFormats.of(null, new byte[0], "empty"));
        assertThrows(InvalidInputException.class, () -> sniff("# only a comment\n\n"));
    }

    @Test
    void theModelConfigurationComesFromTheConfigFile() throws Exception {
        PointModelConfig tiny = PointModelConfig.read(Golden.path("imagebind_tiny/config.json"));
        var yaml = TinyPointBert.yaml();
        assertEquals(TinyPointBert.intOf(yaml, "num_heads"), tiny.hyper().numHeads());
        assertEquals(TinyPointBert.intOf(yaml, "num_group"), tiny.hyper().numGroups());
        assertEquals(TinyPointBert.intOf(yaml, "group_size"), tiny.hyper().groupSize());
        assertEquals(TinyPointBert.intOf(yaml, "trans_dim"), tiny.transDim());
        tiny.check(TinyPointBert.encoder(), "tiny");

        Path dir = Files.createTempDirectory("point-config");
        Path noSection = Files.writeString(dir.resolve("imagebind.json"), "{\"ImageBindModel_kwargs\": {}}");
        PointModelConfig released = PointModelConfig.read(noSection);
        assertEquals(PointBertConfig.RELEASED, released.hyper());
        assertNull(released.transDim());
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"" + PointModelConfig.SECTION
                + "\": {\"num_heads\": 1.5}}");
        Exception e = assertThrows(Exception.class, () -> PointModelConfig.read(bad));
        assertTrue(e.getMessage().contains("num_heads") && e.getMessage().contains("bad.json"), e.getMessage());
        Path notJson = Files.writeString(dir.resolve("broken.json"), "{");
        Exception broken = assertThrows(Exception.class, () -> PointModelConfig.read(notJson));
        assertTrue(broken.getMessage().contains("broken.json"), broken.getMessage());
    }

    private static Format sniff(String text) throws InvalidInputException {
        return PointFormats.sniff(text.getBytes(StandardCharsets.US_ASCII), "upload");
    }
}
