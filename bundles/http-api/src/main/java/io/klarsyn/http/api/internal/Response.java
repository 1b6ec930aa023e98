package io.klarsyn.http.api.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * An answer of the {@link Api}, independent of the servlet API: exactly one of {@code bytes},
 * {@code file} or {@code stream} is set.
 *
 * @param status the HTTP status
 * @param contentType the Content-Type header
 * @param headers further headers
 * @param bytes a body known in full
 * @param file a file to send with its length
 * @param stream a body written as it comes (chunked), flushed by the writer after each piece
 */
record Response(int status, String contentType, Map<String, String> headers, byte[] bytes, Path file, Body stream) {

    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    /** A body that writes itself as it comes. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    Response {
        headers = Map.copyOf(headers);
    }

    static Response bytes(int status, String contentType, byte[] bytes) {
        return new Response(status, contentType, Map.of(), bytes, null, null);
    }

    static Response text(int status, String text) {
        return bytes(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    static Response file(String contentType, Path file) {
        return new Response(200, contentType, Map.of(), null, file, null);
    }

    static Response stream(String contentType, Body body) {
        return new Response(200, contentType, Map.of(), null, null, body);
    }

    Response withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, more, bytes, file, stream);
    }
}
