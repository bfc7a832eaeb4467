package dev.bindery.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaSourceTest {
    private static final byte[] BYTES = "some media bytes".getBytes(StandardCharsets.UTF_8);
    private static final String B64 = Base64.getEncoder().encodeToString(BYTES);

    private final MediaSource open = new MediaSource(List.of(), false, 1 << 20);

    @Test
    void dataUriGivesBytesAndMediaType() throws Exception {
        Media m = open.fromUrl("data:image/PNG;base64," + B64, "p");
        assertArrayEquals(BYTES, m.bytes());
        assertEquals("image/png", m.mediaType());
        assertNull(m.file());
    }

    @Test
    void base64MayWrapLinesAndUseTheUrlAlphabet() throws Exception {
        String wrapped = B64.substring(0, 8) + "\n" + B64.substring(8);
        assertArrayEquals(BYTES, open.fromBase64(wrapped, "audio/wav", "p").bytes());
        byte[] high = {(byte) 0xfb, (byte) 0xff, (byte) 0xfe};
        String urlSafe = Base64.getUrlEncoder().encodeToString(high);
        assertArrayEquals(high, open.fromBase64(urlSafe, null, "p").bytes());
    }

    @Test
    void badBase64NamesTheParameterAndTheOffendingCharacter() {
        ApiError e = assertThrows(ApiError.class, () -> open.fromBase64("abc$def", null, "messages[0].content[1]"));
        assertEquals(400, e.status());
        assertEquals("invalid_base64", e.code());
        assertEquals("messages[0].content[1]", e.param());
        assertTrue(e.getMessage().contains("'$' at offset 3"), e.getMessage());
        ApiError truncated = assertThrows(ApiError.class, () -> open.fromBase64("QUJDR", null, "p"));
        assertEquals("invalid_base64", truncated.code());
    }

    @Test
    void dataUriMustBeBase64() {
        ApiError e = assertThrows(ApiError.class, () -> open.fromUrl("data:text/plain,hello", "p"));
        assertEquals("invalid_data_uri", e.code());
        assertEquals("invalid_data_uri", assertThrows(ApiError.class, () -> open.fromUrl("data:image/png", "p"))
                .code());
    }

    @Test
    void remoteUrlsAndFileUrlsAreOffByDefault() {
        ApiError remote = assertThrows(ApiError.class, () -> open.fromUrl("https://example.com/cat.png", "p"));
        assertEquals(403, remote.status());
        assertEquals("remote_urls_disabled", remote.code());
        ApiError file = assertThrows(ApiError.class, () -> open.fromUrl("file:///etc/passwd", "p"));
        assertEquals(403, file.status());
        assertEquals("file_urls_disabled", file.code());
        assertEquals("unsupported_url", assertThrows(ApiError.class, () -> open.fromUrl("ftp://x/y", "p")).code());
    }

    @Test
    void fileUrlsResolveOnlyInsideMediaRoots(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("media"));
        Path inside = Files.write(root.resolve("cat.png"), BYTES);
        Path outside = Files.write(dir.resolve("secret.txt"), BYTES);
        Files.createSymbolicLink(root.resolve("link.txt"), outside);
        MediaSource rooted = new MediaSource(MediaSource.roots(new String[] {root.toString(), "/no/such/root"}),
                false, 1 << 20);
        assertEquals(inside.toRealPath(), rooted.fromUrl(inside.toUri().toString(), "p").file());
        String escape = root.toUri().toString() + "../secret.txt";
        assertEquals("outside_media_roots", assertThrows(ApiError.class, () -> rooted.fromUrl(escape, "p")).code());
        assertEquals("outside_media_roots", assertThrows(ApiError.class,
                () -> rooted.fromUrl(root.resolve("link.txt").toUri().toString(), "p")).code());
        assertEquals("file_not_found", assertThrows(ApiError.class,
                () -> rooted.fromUrl(root.resolve("missing.png").toUri().toString(), "p")).code());
    }

    @Test
    void remoteUrlsAreDownloadedWhenEnabledAndRefusedOtherwise() throws Exception {
        // a loopback server: what a remote media host answers, without leaving the machine
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/cat.png", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/png; charset=binary");
            exchange.sendResponseHeaders(200, BYTES.length);
            exchange.getResponseBody().write(BYTES);
            exchange.close();
        });
        server.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, 64);
            exchange.getResponseBody().write(new byte[64]);
            exchange.close();
        });
        server.createContext("/gone", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            MediaSource remote = new MediaSource(List.of(), true, 32);
            Media m = remote.fromUrl(base + "/cat.png", "p");
            assertArrayEquals(BYTES, m.bytes());
            assertEquals("image/png", m.mediaType());

            ApiError tooLarge = assertThrows(ApiError.class, () -> remote.fromUrl(base + "/big", "p"));
            assertEquals(413, tooLarge.status());
            ApiError missing = assertThrows(ApiError.class, () -> remote.fromUrl(base + "/gone", "p"));
            assertTrue(missing.getMessage().contains("404"), missing.getMessage());
            ApiError off = assertThrows(ApiError.class, () -> open.fromUrl(base + "/cat.png", "p"));
            assertEquals(403, off.status());
        } finally {
            server.stop(0);
        }
    }
}
