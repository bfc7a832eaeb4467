package dev.bindery.itests;

import dev.bindery.tensor.io.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A plain {@link HttpClient} against Bindery's HTTP API: JSON requests and answers, and server-sent event streams
 * read line by line as they arrive.
 */
final class HttpApiClient {
    /** One answered request. */
    static final class Reply {
        final int status;
        final String body;
        final HttpResponse<?> response;

        Reply(int status, String body, HttpResponse<?> response) {
            this.status = status;
            this.body = body;
            this.response = response;
        }

        Map<String, Object> json() {
            return Json.parseObject(body);
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 600 ? body.substring(0, 600) + "..." : body);
        }
    }

    /** One streamed answer: every {@code data:} event parsed, and whether it ended with {@code [DONE]}. */
    static final class Stream {
        final int status;
        final List<Map<String, Object>> events = new ArrayList<>();
        boolean done;
        String errorBody;

        Stream(int status) {
            this.status = status;
        }

        /** The concatenated delta contents. */
        @SuppressWarnings("unchecked")
        String text() {
            StringBuilder text = new StringBuilder();
            for (Map<String, Object> event : events) {
                for (Object c : (List<Object>) event.getOrDefault("choices", List.of())) {
                    Map<String, Object> delta = (Map<String, Object>) ((Map<String, Object>) c).get("delta");
                    if (delta != null && delta.get("content") != null) {
                        text.append(delta.get("content"));
                    }
                }
            }
            return text.toString();
        }

        @Override
        public String toString() {
            return status + " done=" + done + " events=" + events.size() + (errorBody == null ? "" : " " + errorBody);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    HttpApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    String url(String path) {
        return base + path;
    }

    Reply get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r);
    }

    Reply post(String path, Object json) throws IOException, InterruptedException {
        return postRaw(path, json instanceof String ? (String) json : Json.write(json));
    }

    Reply postRaw(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(300)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r);
    }

    /** Posts a streaming chat request and reads its events; {@code onFirst} runs when the first event arrives. */
    Stream stream(Object json, Runnable onFirst) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(300)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(json))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        Stream stream = new Stream(r.statusCode());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            if (r.statusCode() != 200) {
                StringBuilder body = new StringBuilder();
                for (String line; (line = in.readLine()) != null; ) {
                    body.append(line);
                }
                stream.errorBody = body.toString();
                return stream;
            }
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.startsWith("data: ")) {
                    continue;
                }
                String data = line.substring(6);
                if (data.equals("[DONE]")) {
                    stream.done = true;
                    continue;
                }
                stream.events.add(Json.parseObject(data));
                if (stream.events.size() == 1 && onFirst != null) {
                    onFirst.run();
                }
            }
        }
        return stream;
    }
}
