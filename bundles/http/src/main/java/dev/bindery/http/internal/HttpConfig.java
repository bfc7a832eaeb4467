package dev.bindery.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the HTTP API (PID {@code dev.bindery.http}); every setting has a safe default. */
@ObjectClassDefinition(name = "Bindery HTTP API",
        description = "The OpenAI-compatible API, metrics and web page: limits, queue, API keys and media sources.")
public @interface HttpConfig {
    @AttributeDefinition(name = "Request size limit",
            description = "Largest request body in bytes (base64 media included); larger ones get 413.")
    long max_request_bytes() default 32L << 20;

    @AttributeDefinition(name = "Concurrency",
            description = "Chat and embedding requests run at once; the others wait in the queue.")
    int concurrency() default 2;

    @AttributeDefinition(name = "Queue capacity",
            description = "Requests that may wait for a turn; one more is answered 429 at once.")
    int queue_capacity() default 16;

    @AttributeDefinition(name = "API keys",
            description = "Accepted bearer tokens for /v1/*; none: the API is open (it binds 127.0.0.1 by default).")
    String[] api_keys() default {};

    @AttributeDefinition(name = "Media roots",
            description = "Folders whose files requests may name with file:// URLs; none: file:// URLs are refused.")
    String[] media_roots() default {};

    @AttributeDefinition(name = "Remote URLs",
            description = "Let requests name http(s):// media the server downloads (off: only data URIs and base64).")
    boolean remote_urls_enabled() default false;

    @AttributeDefinition(name = "Web page", description = "Serve the chat page at /.")
    boolean page_enabled() default true;
}
