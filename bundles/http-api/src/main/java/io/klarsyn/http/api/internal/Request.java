package io.klarsyn.http.api.internal;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A request as the {@link Api} sees it.
 *
 * @param method the HTTP method, upper case
 * @param path the decoded path from {@code /api} on, e.g. {@code /api/jobs/acme/runs}
 * @param query the first value of each query parameter
 * @param headers request headers by lower-case name
 * @param body the request body (empty when none)
 * @param sees whether the user sees a client (lists keep only those rows; the route itself was allowed
 *        by the security filter)
 */
record Request(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body,
        Predicate<String> sees) {

    /** A request of a user who sees every client. */
    Request(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body) {
        this(method, path, query, headers, body, client -> true);
    }

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
