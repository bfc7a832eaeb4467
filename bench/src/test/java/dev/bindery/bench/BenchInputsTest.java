package dev.bindery.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.encoder.audio.internal.AudioPreprocessor;
import dev.bindery.encoder.audio.internal.SourceAudio;
import dev.bindery.encoder.pointcloud.internal.PointBertConfig;
import dev.bindery.encoder.pointcloud.internal.PointBertEncoder;
import dev.bindery.encoder.pointcloud.internal.PointCloud;
import dev.bindery.encoder.pointcloud.internal.PointCloudReader;
import dev.bindery.onnx.imagebind.ImageBindConfig;
import dev.bindery.onnx.imagebind.ImageBindTrunks;
import dev.bindery.onnx.imagebind.TrunkModality;
import dev.bindery.onnx.imagebind.TrunkSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the encoder benchmarks run on: random state dicts of the released shapes, and the synthetic input files. */
class BenchInputsTest {
    @TempDir
    Path tmp;

    @Test
    void theRandomPointBertHasTheReleasedShape() throws Exception {
        PointBertEncoder encoder = PointBertEncoder.fromStateDict(RandomStateDicts.pointBert(1),
                PointBertConfig.RELEASED, "random");
        assertEquals(384, encoder.transDim());
        assertEquals(12, encoder.depth());
        assertEquals(256, encoder.encoderDims());
        assertEquals(1024, encoder.outputDim());
    }

    @Test
    void theRandomAudioTrunkIsReadByTheGraphBuilder() throws Exception {
        // The released dict is ~340 MB; the same generator at a small width checks keys, shapes and the .pth path.
        Path pth = tmp.resolve("audio.pth");
        TorchStateDictWriter.write(pth, RandomStateDicts.audio(1, 48, 2, 96, 32));
        try (ImageBindTrunks trunks = ImageBindTrunks.open(pth, ImageBindConfig.released())) {
            TrunkSpec spec = trunks.spec(TrunkModality.AUDIO);
            assertEquals(48, spec.width());
            assertEquals(2, spec.blocks());
            assertEquals(12, spec.heads());
            assertEquals(96, spec.mlpWidth());
            assertEquals(RandomStateDicts.AUDIO_TOKENS, spec.tokens());
            assertEquals(32, spec.outputDim());
            assertTrue(spec.biasKv());
            assertArrayEquals(new long[] {1, 128, 204}, spec.inputShape());
        }
    }

    @Test
    void theSyntheticFilesAreWhatTheBenchmarksDescribe() throws Exception {
        SourceAudio audio = new AudioPreprocessor().decode(SyntheticInputs.wav(tmp.resolve("a.wav")));
        assertEquals(SyntheticInputs.AUDIO_RATE, audio.sampleRate());
        assertEquals(SyntheticInputs.AUDIO_CHANNELS, audio.channels());
        assertEquals((long) SyntheticInputs.AUDIO_SECONDS * SyntheticInputs.AUDIO_RATE, audio.frameCount());
        PointCloud cloud = PointCloudReader.read(SyntheticInputs.ply(tmp.resolve("p.ply")));
        assertEquals(SyntheticInputs.POINTS, cloud.size());
    }
}
