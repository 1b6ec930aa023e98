package io.klarsyn.webui.internal;

import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the UI sees it, free of servlets so pages are tested directly.
 *
 * @param method GET, POST, ...
 * @param path the path below the server's root, e.g. {@code /jobs/nordlys}
 * @param params query and form parameters (first value of each)
 * @param headers header names in lower case
 * @param cookies cookie values by name
 */
record Request(String method, String path, Map<String, String> params, Map<String, String> headers,
        Map<String, String> cookies) {

    Request {
        params = Map.copyOf(params);
        headers = Map.copyOf(headers);
        cookies = Map.copyOf(cookies);
    }

    static Request get(String path, Map<String, String> params) {
        return new Request("GET", path, params, Map.of(), Map.of());
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
        return new Request(method, path, params, h, cookies);
    }

    Request withCookie(String name, String value) {
        Map<String, String> c = new java.util.HashMap<>(cookies);
        c.put(name, value);
        return new Request(method, path, params, headers, c);
    }

    Request as(String newMethod) {
        return new Request(newMethod, path, params, headers, cookies);
    }
}
