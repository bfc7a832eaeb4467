package dev.bindery.packages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bindery.bindnet.BindNetworkModel;
import dev.bindery.bindnet.WeightFormat;
import dev.bindery.cache.CacheFile;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's files are the model, not only well-formed files: the bind network taken from the package gives
 * upstream's outputs for every bind stage file's queries, and the cache holds the fixture's vectors unchanged.
 */
class PackageContentGoldenTest {
    private static final String GROUP = "imagebind_llm_tiny";

    @TempDir
    static Path shared;
    static ModelPackage pkg;

    @BeforeAll
    static void convertOnce() throws Exception {
        pkg = DefaultPackage.build(Golden.dir(), shared.resolve("pkg"), ConversionListener.NONE);
    }

    @Test
    void bindNetworkOfThePackageMatchesUpstream() throws Exception {
        Manifest manifest = Golden.manifest(GROUP);
        BindNetworkModel bind = BindNetworkModel.load(pkg.bindNetwork(), WeightFormat.AS_STORED);
        TensorData input = Golden.npy(GROUP + "/bind/bind_input.npy");
        TensorData expected = Golden.npy(GROUP + "/bind/output.npy");
        int n = (int) input.dim(0);
        float[] out = bind.projectBatch(input.toFloatArray(), n);
        Golden.assertClose(expected, out, manifest.tolerance("bind/output.npy"), "package bind network");
    }

    @Test
    void cacheHoldsTheFixtureVectors() throws Exception {
        TensorData vectors = Golden.npy(GROUP + "/cache/cache_vectors.npy");
        float[] all = vectors.toFloatArray();
        int dim = (int) vectors.dim(1);
        try (CacheFile cache = CacheFile.open(pkg.cache(), true)) {
            assertEquals(vectors.dim(0), cache.size());
            for (int r = 0; r < cache.size(); r++) {
                assertArrayEquals(Arrays.copyOfRange(all, r * dim, (r + 1) * dim), cache.vector(r), "row " + r);
            }
        }
    }
}
