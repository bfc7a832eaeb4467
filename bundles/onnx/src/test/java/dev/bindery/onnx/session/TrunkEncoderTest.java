package dev.bindery.onnx.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.onnx.imagebind.TrunkModality;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Npy;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files are built once from the checkpoint and reused; encoders over them give the golden embeddings for tensor
 * and .npy inputs in any batch size, and refuse inputs of another modality, of the wrong shape or with NaNs.
 */
class TrunkEncoderTest {
    @TempDir
    Path tmp;

    private Manifest manifest;
    private TrunkModelFiles files;

    @BeforeEach
    void setUp() {
        manifest = Golden.manifest("imagebind_tiny");
        files = new TrunkModelFiles(manifest.path("imagebind_tiny.pth"), tmp.resolve("models"),
                manifest.path("config.json"));
    }

    @Test
    void graphIsBuiltOnceAndReusedUntilTheCheckpointChanges() throws Exception {
        Path file = files.ensure(TrunkModality.DEPTH);
        assertEquals(tmp.resolve("models/depth.onnx"), file);
        FileTime old = FileTime.fromMillis(Files.getLastModifiedTime(manifest.path("imagebind_tiny.pth")).toMillis()
                + 1000);
        Files.setLastModifiedTime(file, old);
        assertEquals(file, files.ensure(TrunkModality.DEPTH));
        assertEquals(old, Files.getLastModifiedTime(file), "an up-to-date graph is not rebuilt");
        Files.setLastModifiedTime(file, FileTime.fromMillis(0));
        files.ensure(TrunkModality.DEPTH);
        assertTrue(Files.getLastModifiedTime(file).toMillis() > 0, "a graph older than its checkpoint is rebuilt");
        assertEquals("imagebind_tiny", files.defaultModelId());
    }

    @Test
    void imuEncoderMatchesGoldenInAnyBatchSize() throws Exception {
        TensorData inputs = Golden.npy("imagebind_tiny/inputs/imu.npy");
        TensorData expected = Golden.npy("imagebind_tiny/embeddings/imu.npy");
        int n = (int) inputs.dim(0);
        float[] all = inputs.toFloatArray();
        int per = all.length / n;
        List<ModalityInput> in = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            in.add(ModalityInput.ofTensor(Modality.IMU, Arrays.copyOfRange(all, i * per, (i + 1) * per), 6, 2000));
        }
        for (int batch : new int[] {1, n}) {
            try (TrunkEncoder encoder = encoder(TrunkModality.IMU, Modality.IMU, batch)) {
                assertEquals(expected.dim(1), encoder.info().dimension());
                assertEquals("cpu", encoder.info().device());
                List<Embedding> out = encoder.encodeAll(in);
                assertEquals(n, out.size());
                float[] flat = new float[(int) expected.numel()];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(out.get(i).vector(), 0, flat, i * (int) expected.dim(1), (int) expected.dim(1));
                }
                Golden.assertClose(expected, flat, manifest.tolerance("embeddings/imu.npy"), "imu batch " + batch);
            }
        }
    }

    @Test
    void npyFilesAreAcceptedAndBadInputsRefusedNamingThem() throws Exception {
        TensorData depth = Golden.npy("imagebind_tiny/inputs/depth.npy");
        Path npy = tmp.resolve("d.npy");
        Npy.write(npy, depth); // shape (1, 1, 224, 224): a batch of one
        try (TrunkEncoder encoder = encoder(TrunkModality.DEPTH, Modality.DEPTH, 8)) {
            Embedding e = encoder.encode(ModalityInput.ofFile(Modality.DEPTH, npy));
            Golden.assertClose(Golden.npy("imagebind_tiny/embeddings/depth.npy"), e.vector(),
                    manifest.tolerance("embeddings/depth.npy"), "depth from .npy");

            InvalidInputException wrongModality = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofFile(Modality.THERMAL, npy)));
            assertTrue(wrongModality.getMessage().contains("thermal"), wrongModality.getMessage());

            InvalidInputException wrongShape = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofTensor(Modality.DEPTH, new float[224 * 223], 1, 224, 223)));
            assertTrue(wrongShape.getMessage().contains("[1, 224, 223]"), wrongShape.getMessage());

            float[] nan = new float[224 * 224];
            nan[5] = Float.NaN;
            InvalidInputException nanInput = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofTensor(Modality.DEPTH, nan, 1, 224, 224)));
            assertTrue(nanInput.getMessage().contains("index 5"), nanInput.getMessage());

            Path notNpy = Files.writeString(tmp.resolve("x.npy"), "hello");
            InvalidInputException garbage = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofFile(Modality.DEPTH, notNpy)));
            assertTrue(garbage.getMessage().contains("x.npy"), garbage.getMessage());

            Path missing = tmp.resolve("missing.npy");
            InvalidInputException absent = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofFile(Modality.DEPTH, missing)));
            assertTrue(absent.getMessage().contains("missing.npy"), absent.getMessage());

            encoder.close();
            assertThrows(ServiceUnavailableException.class,
                    () -> encoder.encode(ModalityInput.ofFile(Modality.DEPTH, npy)));
        }
    }

    @Test
    void cudaRequestFallsBackToCpuWhenTheProviderIsMissing() throws Exception {
        // The unit-test classpath has the CPU build of ONNX Runtime, which has no CUDA execution provider.
        try (EncoderSession s = EncoderSession.open(files.ensure(TrunkModality.THERMAL),
                SessionSettings.of("cuda", 1))) {
            assertEquals("cpu", s.device());
            assertEquals(manifestDim(), s.dimension());
        }
    }

    @Test
    void graphsThatBreakTheEncoderContractAreRefused() {
        // The golden trunk-only export has a 'tokens' input and a 'trunk_out' output, no 'embedding'.
        IOException e = assertThrows(IOException.class,
                () -> EncoderSession.open(manifest.path("onnx/depth.onnx"), SessionSettings.cpu()));
        assertTrue(e.getMessage().contains("embedding"), e.getMessage());
        IOException none = assertThrows(IOException.class,
                () -> new TrunkModelFiles(null, tmp.resolve("empty"), null).ensure(TrunkModality.VISION));
        assertTrue(none.getMessage().contains("vision.onnx"), none.getMessage());
    }

    @Test
    void settingsParseDevicesAndRefuseOthers() {
        assertEquals(2, SessionSettings.of("CUDA:2", 0).cudaDevice());
        assertTrue(SessionSettings.of("cuda", 0).wantsCuda());
        assertEquals("cpu", SessionSettings.of(" ", 2).device());
        assertThrows(IllegalArgumentException.class, () -> SessionSettings.of("tpu", 0));
        assertThrows(IllegalArgumentException.class, () -> SessionSettings.of("cpu", -1));
    }

    private int manifestDim() {
        return (int) manifest.shape("embeddings/thermal.npy")[1];
    }

    private TrunkEncoder encoder(TrunkModality trunk, Modality modality, int batch) throws Exception {
        EncoderSession session = EncoderSession.open(files.ensure(trunk), SessionSettings.of("cpu", 1));
        return new TrunkEncoder(modality, "imagebind_tiny", session, batch,
                (input, shape) -> EncoderInput.ofFloats(TensorInputs.floats(input, shape), input.describe()));
    }
}
