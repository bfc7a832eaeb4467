package dev.bindery.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Turns what a content part names into {@link Media}: {@code data:} URIs and bare base64 always; {@code file://}
 * URLs only inside the configured media roots (after resolving links, so no path escapes a root); {@code http(s)://}
 * URLs only when remote URLs are enabled, read up to the request size limit.
 */
final class MediaSource {
    private static final Duration REMOTE_TIMEOUT = Duration.ofSeconds(30);

    private final List<Path> roots;
    private final boolean remoteEnabled;
    private final long maxBytes;

    MediaSource(List<Path> roots, boolean remoteEnabled, long maxBytes) {
        this.roots = List.copyOf(roots);
        this.remoteEnabled = remoteEnabled;
        this.maxBytes = maxBytes;
    }

    /** The media roots of the configuration, as real paths; a root that does not exist is ignored. */
    static List<Path> roots(String[] configured) {
        List<Path> out = new ArrayList<>();
        for (String root : ConfigLists.split(configured)) {
            try {
                out.add(Paths.get(root).toRealPath());
            } catch (IOException | InvalidPathException e) {
                // A root that is not there yet serves nothing; requests naming it get a precise 400.
            }
        }
        return out;
    }

    /** The media a URL names ({@code data:}, {@code file:}, {@code http:}, {@code https:}). */
    Media fromUrl(String url, String param) throws ApiError {
        if (url == null || url.isBlank()) {
            throw ApiError.invalid("missing_url", param, param + " is empty: give a data: URI" + schemesNote());
        }
        String lower = url.regionMatches(true, 0, "data:", 0, 5) ? "data:" : url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("data:")) {
            return fromDataUri(url, param);
        }
        if (lower.startsWith("file:")) {
            return fromFileUrl(url, param);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return fromRemote(url, param);
        }
        throw ApiError.invalid("unsupported_url", param, param + " has an unsupported scheme; give a data: URI"
                + schemesNote());
    }

    /** Base64 data, or a data URI in its place (some clients send one where base64 is expected). */
    Media fromBase64(String data, String mediaType, String param) throws ApiError {
        if (data == null || data.isEmpty()) {
            throw ApiError.invalid("missing_data", param, param + " is empty: give the base64 of the file");
        }
        if (data.regionMatches(true, 0, "data:", 0, 5)) {
            Media media = fromDataUri(data, param);
            return mediaType == null ? media : media.withMediaType(mediaType);
        }
        return Media.ofBytes(decode(data, param), mediaType);
    }

    private Media fromDataUri(String uri, String param) throws ApiError {
        int comma = uri.indexOf(',');
        if (comma < 0) {
            throw ApiError.invalid("invalid_data_uri", param, param + " is not a data URI: no ',' after the header"
                    + " (write data:image/png;base64,...)");
        }
        String header = uri.substring(5, comma);
        String[] parts = header.split(";");
        boolean base64 = false;
        for (int i = 1; i < parts.length; i++) {
            base64 |= parts[i].trim().equalsIgnoreCase("base64");
        }
        if (!base64) {
            throw ApiError.invalid("invalid_data_uri", param, param + " must be a base64 data URI"
                    + " (data:TYPE;base64,...)");
        }
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        return Media.ofBytes(decode(uri.substring(comma + 1), param), type.isEmpty() ? null : type);
    }

    private static byte[] decode(String base64, String param) throws ApiError {
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(strictBase64(base64, param));
            if (bytes.length == 0) {
                throw ApiError.invalid("invalid_base64", param, param + " decodes to no bytes");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("invalid_base64", param, param + " is not valid base64: " + e.getMessage());
        }
    }

    /**
     * The text with whitespace removed, refusing characters outside the base64 alphabets (the MIME decoder would
     * silently skip them and turn garbage into bytes).
     */
    private static String strictBase64(String text, String param) throws ApiError {
        StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                continue;
            }
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/' || c == '=' || c == '-' || c == '_';
            if (!ok) {
                throw ApiError.invalid("invalid_base64", param, param + " is not valid base64: character '" + c
                        + "' at offset " + i);
            }
            clean.append(c == '-' ? '+' : c == '_' ? '/' : c);
        }
        if (clean.length() % 4 == 1) {
            throw ApiError.invalid("invalid_base64", param, param + " is not valid base64: its length "
                    + clean.length() + " cannot be a whole number of bytes");
        }
        return clean.toString();
    }

    private Media fromFileUrl(String url, String param) throws ApiError {
        if (roots.isEmpty()) {
            throw new ApiError(403, "permission_error", "file_urls_disabled", param, param
                    + ": file:// URLs are disabled; an operator enables them by listing media roots in"
                    + " etc/dev.bindery.http.cfg (media.roots)");
        }
        Path real;
        try {
            real = Paths.get(new URI(url)).toRealPath();
        } catch (NoSuchFileException e) {
            throw ApiError.invalid("file_not_found", param, param + ": no such file " + url);
        } catch (URISyntaxException | IllegalArgumentException | IOException e) {
            throw ApiError.invalid("invalid_url", param, param + ": " + url + " is not a usable file URL ("
                    + e.getMessage() + ")");
        }
        for (Path root : roots) {
            if (real.startsWith(root)) {
                if (!Files.isRegularFile(real)) {
                    throw ApiError.invalid("file_not_found", param, param + ": " + url + " is not a file");
                }
                return Media.ofFile(real);
            }
        }
        throw new ApiError(403, "permission_error", "outside_media_roots", param, param + ": " + url
                + " is outside the media roots this server may read");
    }

    private Media fromRemote(String url, String param) throws ApiError {
        if (!remoteEnabled) {
            throw new ApiError(403, "permission_error", "remote_urls_disabled", param, param
                    + ": remote URLs are disabled; send the file as a data URI (data:TYPE;base64,...)");
        }
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(REMOTE_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(REMOTE_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw ApiError.invalid("remote_fetch_failed", param, param + ": " + url + " answered HTTP "
                            + response.statusCode());
                }
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new ApiError(413, "invalid_request_error", "media_too_large", param, param + ": " + url
                            + " is larger than the limit of " + maxBytes + " bytes");
                }
                String type = response.headers().firstValue("content-type").orElse(null);
                return Media.ofBytes(bytes, type == null ? null : type.split(";")[0].trim().toLowerCase(Locale.ROOT));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw ApiError.invalid("remote_fetch_failed", param, param + ": cannot download " + url + ": "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.invalid("remote_fetch_failed", param, param + ": interrupted while downloading " + url);
        }
    }

    private String schemesNote() {
        return (roots.isEmpty() ? "" : ", a file:// URL under a media root")
                + (remoteEnabled ? " or an http(s):// URL" : "");
    }
}
