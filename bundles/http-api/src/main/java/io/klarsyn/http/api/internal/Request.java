package io.klarsyn.http.api.internal;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request as the {@link Api} sees it.
 *
 * @param method the HTTP method, upper case
 * @param path the decoded path from {@code /api} on, e.g. {@code /api/jobs/acme/runs}
 * @param query the first value of each query parameter
 * @param headers request headers by lower-case name
 * @param body the request body (empty when none)
 */
record Request(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body) {

    Request {
        query = Map.copyOf(query);
        Map<String, String> lower = new TreeMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        headers = Map.copyOf(lower);
        body = body == null ? new byte[0] : body;
    }

    static Request get(String path) {
        return new Request("GET", path, Map.of(), Map.of(), null);
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
