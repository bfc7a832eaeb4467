package dev.bindery.itests;

import dev.bindery.tensor.io.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian's headless chromium driven through chromedriver's W3C WebDriver protocol, with plain HTTP and JSON: open a
 * page, find elements by CSS selector, type, click, run scripts, take screenshots. Nothing is downloaded.
 */
final class HttpWebDriver implements AutoCloseable {
    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Process driver;
    private final String base;
    private final String session;
    private final Path profile;

    /** Starts chromedriver and a headless chromium session; fails (never skips) when either is missing. */
    HttpWebDriver() throws Exception {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new AssertionError(binary + " is missing: the browser test needs Debian's chromium and its"
                        + " driver; install them with: apt-get install -y chromium chromium-driver");
            }
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        profile = Files.createTempDirectory("bindery-chromium");
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromedriver.log").toFile()).start();
        base = "http://127.0.0.1:" + port;
        awaitDriver();
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("binary", CHROMIUM.toString());
        options.put("args", List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile.resolve("profile")));
        Map<String, Object> caps = Map.of("capabilities", Map.of("alwaysMatch", Map.of("browserName", "chrome",
                "goog:chromeOptions", options)));
        Map<String, Object> created = call("POST", "/session", caps);
        session = (String) ((Map<?, ?>) created.get("value")).get("sessionId");
        call("POST", "/session/" + session + "/timeouts", Map.of("script", 240_000, "pageLoad", 60_000));
    }

    private void awaitDriver() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(base + "/status")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                return;
            } catch (IOException e) {
                if (!driver.isAlive()) {
                    throw new AssertionError("chromedriver exited: " + Files.readString(profile.resolve(
                            "chromedriver.log")), e);
                }
                // Polls: chromedriver opens its port a moment after it starts and says nothing before.
                synchronized (this) {
                    wait(100);
                }
            }
        }
        throw new AssertionError("chromedriver never answered on " + base);
    }

    void open(String url) throws Exception {
        call("POST", session("/url"), Map.of("url", url));
    }

    String find(String css) throws Exception {
        Map<String, Object> value = value(call("POST", session("/element"), Map.of("using", "css selector",
                "value", css)));
        return (String) value.get(ELEMENT);
    }

    void type(String element, String text) throws Exception {
        call("POST", session("/element/" + element + "/value"), Map.of("text", text));
    }

    void clear(String element) throws Exception {
        call("POST", session("/element/" + element + "/clear"), Map.of());
    }

    void click(String element) throws Exception {
        call("POST", session("/element/" + element + "/click"), Map.of());
    }

    /** Runs an asynchronous script (its last argument is the callback) and returns what it passed back. */
    Object executeAsync(String script) throws Exception {
        return call("POST", session("/execute/async"), Map.of("script", script, "args", List.of())).get("value");
    }

    byte[] screenshot() throws Exception {
        return Base64.getDecoder().decode((String) call("GET", session("/screenshot"), null).get("value"));
    }

    private String session(String path) {
        return "/session/" + session + path;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> value(Map<String, Object> reply) {
        return (Map<String, Object>) reply.get("value");
    }

    private Map<String, Object> call(String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("WebDriver " + method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return Json.parseObject(response.body());
    }

    @Override
    public void close() throws Exception {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } finally {
            driver.destroy();
            driver.waitFor();
        }
    }
}
