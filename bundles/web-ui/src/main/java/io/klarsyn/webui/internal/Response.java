package io.klarsyn.webui.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer: bytes, a file, or a stream written as it goes (the live log).
 */
record Response(int status, String contentType, Map<String, String> headers, byte[] bytes, Path file, Body stream) {

    static final String HTML = "text/html; charset=utf-8";

    /** Writes a streamed body; returns when it is complete. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    Response {
        headers = new LinkedHashMap<>(headers);
    }

    static Response html(int status, String html) {
        return new Response(status, HTML, Map.of(), html.getBytes(StandardCharsets.UTF_8), null, null);
    }

    static Response bytes(int status, String type, byte[] bytes) {
        return new Response(status, type, Map.of(), bytes, null, null);
    }

    static Response file(String type, Path file) {
        return new Response(200, type, Map.of(), null, file, null);
    }

    static Response stream(String type, Body body) {
        return new Response(200, type, Map.of(), null, null, body);
    }

    /** 303 See Other: the browser follows with a GET (post/redirect/get). */
    static Response redirect(String location) {
        return new Response(303, HTML, Map.of("Location", location), new byte[0], null, null);
    }

    Response withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Response(status, contentType, h, bytes, file, stream);
    }

    String text() {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
