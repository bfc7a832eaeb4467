package dev.bindery.http.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

class SettingsTest {
    /** A configuration as DS would give it. */
    private static HttpConfig config(int concurrency, int capacity, long maxBytes, String... keys) {
        return new HttpConfig() {
            @Override public Class<? extends Annotation> annotationType() { return HttpConfig.class; }
            @Override public long max_request_bytes() { return maxBytes; }
            @Override public int concurrency() { return concurrency; }
            @Override public int queue_capacity() { return capacity; }
            @Override public String[] api_keys() { return keys; }
            @Override public String[] media_roots() { return new String[0]; }
            @Override public boolean remote_urls_enabled() { return false; }
            @Override public boolean page_enabled() { return true; }
        };
    }

    @Test
    void apiKeysAreCheckedOnlyWhenConfigured() {
        assertTrue(new Settings(config(1, 1, 4096), null).authorized(null));
        Settings keyed = new Settings(config(1, 1, 4096, "sk-one", " sk-two , sk-four"), null);
        assertTrue(keyed.keysRequired());
        assertTrue(keyed.authorized("Bearer sk-one"));
        assertTrue(keyed.authorized("bearer sk-two"));
        assertTrue(keyed.authorized("Bearer sk-four"));
        assertFalse(keyed.authorized("Bearer sk-three"));
        assertFalse(keyed.authorized("sk-one"));
        assertFalse(keyed.authorized(null));
    }

    @Test
    void theQueueIsKeptWhileItsShapeIsUnchanged() {
        Settings first = new Settings(config(2, 4, 4096), null);
        assertSame(first.queue, new Settings(config(2, 4, 8192), first.queue).queue);
        assertNotSame(first.queue, new Settings(config(3, 4, 4096), first.queue).queue);
        assertThrows(IllegalArgumentException.class, () -> new Settings(config(1, 1, 10), null));
    }
}
