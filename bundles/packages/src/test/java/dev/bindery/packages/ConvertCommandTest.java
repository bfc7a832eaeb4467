package dev.bindery.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.io.Json;
import dev.bindery.tensor.testing.Golden;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line form of the conversion on the golden tiny checkpoints. */
class ConvertCommandTest {
    @TempDir
    Path tmp;

    private static String[] args(Path target, String... extra) {
        Path ib = Golden.path("imagebind_tiny");
        Path llm = Golden.path("imagebind_llm_tiny");
        String[] base = {"--imagebind", ib.resolve("imagebind_tiny.pth").toString(),
                "--bpe", ib.resolve("bpe_simple_vocab_16e6.txt.gz").toString(),
                "--llama-dir", llm.resolve("llama/tiny").toString(),
                "--adapter", llm.resolve("adapter.pth").toString(), target.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void convertsAndReportsJson() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ConvertCommand.run(args(tmp.resolve("p"), "--json", "--llama-format", "q4_0"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        Map<String, Object> r = Json.parseObject(out.toString(StandardCharsets.UTF_8));
        ModelPackage pkg = ModelPackage.open(tmp.resolve("p"), Verification.CHECKSUMS);
        assertEquals("Q4_0", r.get("llama_weight_format"));
        assertEquals((long) pkg.manifest().llama().dim(), r.get("llama_dim"));
        assertEquals(null, r.get("cache_count"));
        // The tokenizer was found beside the LLaMA folder, as upstream keeps it.
        assertTrue(pkg.manifest().sources().containsKey("tokenizer"));
    }

    @Test
    void badArgumentsAndRefusedConversionsHaveTheirStatus() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, ConvertCommand.run(new String[] {"--imagebind"}, sink, sink));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvertCommand.parse(args(tmp, "--bogus", "x")));
        assertTrue(e.getMessage().contains("--bogus"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] wrongAdapter = args(tmp.resolve("bad"), "--adapter",
                Golden.path("imagebind_tiny/imagebind_tiny.pth").toString());
        assertEquals(1, ConvertCommand.run(wrongAdapter, sink, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("imagebind_tiny.pth"));
    }
}
