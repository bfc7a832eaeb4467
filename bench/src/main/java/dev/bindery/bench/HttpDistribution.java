package dev.bindery.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Bindery distribution started for the HTTP benchmark: a fresh copy of the built tar.gz unpacked under
 * {@code bench/target/http-distribution}, its ports moved to free ones (a container started by {@code run.sh} may hold
 * the standard ones), pointed at the default model package, started, and stopped again by {@link #close()}.
 */
final class HttpDistribution implements AutoCloseable {
    private final Path home;
    final int httpPort;

    private HttpDistribution(Path home, int httpPort) {
        this.home = home;
        this.httpPort = httpPort;
    }

    /**
     * Unpacks, configures and starts the distribution, and waits until {@code /health} answers 200.
     *
     * @param tarball  the assembly's tar.gz
     * @param pkg      the model package folder (the default package: default-package/target/bindery-default)
     * @param work     where to unpack; emptied first
     */
    static HttpDistribution start(Path tarball, Path pkg, Path folder) throws IOException, InterruptedException {
        Path work = folder.toAbsolutePath();
        for (Path required : List.of(tarball, pkg.resolve("bindery-package.json"))) {
            if (!Files.exists(required)) {
                throw new IOException(required + " is missing: build it first (mvn install -DskipTests in the"
                        + " repository root builds the distribution and the default package)");
            }
        }
        if (Files.exists(work)) {
            run(List.of("rm", "-rf", work.toString()), work.getParent());
        }
        Files.createDirectories(work);
        run(List.of("tar", "xzf", tarball.toAbsolutePath().toString(), "-C", work.toString()), work);
        Path home;
        try (Stream<Path> entries = Files.list(work)) {
            home = entries.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IOException(tarball + " unpacked to nothing"));
        }
        int http = freePort();
        setProperty(home.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", String.valueOf(http));
        setProperty(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", String.valueOf(freePort()));
        setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort",
                String.valueOf(freePort()));
        setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort", String.valueOf(freePort()));
        run(List.of(home.resolve("bin/bindery-use-package").toString(), pkg.toAbsolutePath().toString()), home);
        run(List.of(home.resolve("bin/start").toString()), home);
        HttpDistribution distribution = new HttpDistribution(home, http);
        distribution.awaitHealthy(Duration.ofMinutes(5));
        return distribution;
    }

    private void awaitHealthy(Duration limit) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url("/health")))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new IOException("the distribution in " + home + " never became healthy: " + last);
    }

    String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    private static void setProperty(Path cfg, String key, String value) throws IOException {
        List<String> lines = Files.exists(cfg) ? Files.readAllLines(cfg) : new java.util.ArrayList<>();
        lines.removeIf(line -> line.matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*[=:].*"));
        lines.add(key + " = " + value);
        Files.write(cfg, lines);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + p.exitValue());
        }
    }

    /** Stops the container and waits for its JVM to end (a stale one would keep the instance lock). */
    @Override
    public void close() throws IOException, InterruptedException {
        Path pidFile = home.resolve("data/karaf.pid");
        String pid = Files.exists(pidFile) ? Files.readString(pidFile).trim() : null;
        run(List.of(home.resolve("bin/stop").toString()), home);
        if (pid != null) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(process -> {
                try {
                    process.onExit().get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    process.destroyForcibly();
                }
            });
        }
    }
}
