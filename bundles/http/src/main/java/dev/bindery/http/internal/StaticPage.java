package dev.bindery.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** The web page's files, served from the bundle's {@code web/} folder: a fixed list, nothing else is reachable. */
final class StaticPage {
    private static final Map<String, String> FILES = Map.of("/", "index.html", "/index.html", "index.html",
            "/app.js", "app.js", "/style.css", "style.css");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private StaticPage() {
    }

    static boolean serves(String path) {
        return FILES.containsKey(path);
    }

    static void send(Exchange exchange, String path) throws IOException {
        String file = FILES.get(path);
        byte[] bytes;
        try (InputStream in = StaticPage.class.getResourceAsStream("/web/" + file)) {
            if (in == null) {
                throw new IOException("the bundle lacks web/" + file);
            }
            bytes = in.readAllBytes();
        }
        exchange.response.setHeader("Cache-Control", "no-cache");
        exchange.send(200, TYPES.get(file.substring(file.lastIndexOf('.') + 1)), bytes);
    }
}
