package dev.bindery.http.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/** The configuration in force, as the objects that apply it; replaced as a whole when the configuration changes. */
final class Settings {
    final long maxRequestBytes;
    final AdmissionQueue queue;
    final MediaSource media;
    final boolean pageEnabled;
    private final List<byte[]> apiKeys = new ArrayList<>();

    Settings(HttpConfig config, AdmissionQueue previous) {
        if (config.max_request_bytes() < 1024) {
            throw new IllegalArgumentException("max.request.bytes must be at least 1024, was "
                    + config.max_request_bytes());
        }
        this.maxRequestBytes = config.max_request_bytes();
        boolean sameQueue = previous != null && previous.concurrency() == config.concurrency()
                && previous.capacity() == config.queue_capacity();
        // Keep the queue when its shape is unchanged, so requests that wait in it keep their places.
        this.queue = sameQueue ? previous : new AdmissionQueue(config.concurrency(), config.queue_capacity());
        this.media = new MediaSource(MediaSource.roots(config.media_roots()), config.remote_urls_enabled(),
                maxRequestBytes);
        this.pageEnabled = config.page_enabled();
        for (String key : ConfigLists.split(config.api_keys())) {
            apiKeys.add(key.getBytes(StandardCharsets.UTF_8));
        }
    }

    boolean keysRequired() {
        return !apiKeys.isEmpty();
    }

    /** Whether an {@code Authorization} header carries one of the keys (compared in constant time). */
    boolean authorized(String header) {
        if (apiKeys.isEmpty()) {
            return true;
        }
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (byte[] key : apiKeys) {
            ok |= MessageDigest.isEqual(key, given);
        }
        return ok;
    }
}
