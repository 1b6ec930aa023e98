package io.klarsyn.webui.internal;

import java.util.Locale;
import java.util.Map;

import io.klarsyn.api.security.Role;
import io.klarsyn.api.security.Subject;

/**
 * One HTTP request as the UI sees it, free of servlets so pages are tested directly.
 *
 * @param method GET, POST, ...
 * @param path the path below the server's root, e.g. {@code /jobs/nordlys}
 * @param params query and form parameters (first value of each)
 * @param headers header names in lower case
 * @param cookies cookie values by name
 * @param subject the logged-in user as the security filter found them, or null (no security bundle,
 *        or a public page)
 * @param csrf the session's CSRF token for the page's forms, or null
 * @param uploads the files of a {@code multipart/form-data} form by field name (only fields with a
 *        chosen file)
 */
record Request(String method, String path, Map<String, String> params, Map<String, String> headers,
        Map<String, String> cookies, Subject subject, String csrf, Map<String, Upload> uploads) {

    Request {
        params = Map.copyOf(params);
        headers = Map.copyOf(headers);
        cookies = Map.copyOf(cookies);
        uploads = Map.copyOf(uploads);
    }

    /** A request of nobody in particular, who sees every client (tests). */
    Request(String method, String path, Map<String, String> params, Map<String, String> headers,
            Map<String, String> cookies) {
        this(method, path, params, headers, cookies, null, null, Map.of());
    }

    Request(String method, String path, Map<String, String> params, Map<String, String> headers,
            Map<String, String> cookies, Subject subject, String csrf) {
        this(method, path, params, headers, cookies, subject, csrf, Map.of());
    }

    Request(String method, String path, Map<String, String> params, Map<String, String> headers,
            Map<String, String> cookies, Map<String, Upload> uploads) {
        this(method, path, params, headers, cookies, null, null, uploads);
    }

    /**
     * A file sent with a form.
     *
     * @param fileName the name the browser gave it (no folders)
     * @param bytes its content, or its first {@link #LIMIT} + 1 bytes when it is larger
     * @param size its size in bytes
     */
    record Upload(String fileName, byte[] bytes, long size) {

        /** The most a page takes of an uploaded file. */
        static final int LIMIT = 1024 * 1024;
    }

    /** @return the file sent in the field, or null */
    Upload upload(String name) {
        return uploads.get(name);
    }

    Request withUpload(String name, Upload upload) {
        Map<String, Upload> u = new java.util.HashMap<>(uploads);
        u.put(name, upload);
        return new Request(method, path, params, headers, cookies, subject, csrf, u);
    }

    /** @return whether the user sees the client's jobs (true without a security bundle, where every page is open) */
    boolean sees(String client) {
        return subject == null || subject.sees(client);
    }

    static Request get(String path, Map<String, String> params) {
        return new Request("GET", path, params, Map.of(), Map.of());
    }

    /** @return whether the admin's menu entries show (true without a security bundle) */
    boolean admin() {
        return subject == null || subject.role() == Role.ADMIN;
    }

    String param(String name) {
        String v = params.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    Request withHeader(String name, String value) {
        Map<String, String> h = new java.util.HashMap<>(headers);
        h.put(name.toLowerCase(Locale.ROOT), value);
        return new Request(method, path, params, h, cookies, subject, csrf, uploads);
    }

    Request withCookie(String name, String value) {
        Map<String, String> c = new java.util.HashMap<>(cookies);
        c.put(name, value);
        return new Request(method, path, params, headers, c, subject, csrf, uploads);
    }

    Request as(String newMethod) {
        return new Request(newMethod, path, params, headers, cookies, subject, csrf, uploads);
    }
}
