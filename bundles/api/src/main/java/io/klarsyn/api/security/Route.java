package io.klarsyn.api.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One route a bundle serves, with what it needs. The pattern is a path of literal segments and
 * variables: {@code /api/jobs/{job}/runs}. Two variables name a client-owned resource and make the
 * route client-scoped: {@code {job}} (a job's name) and {@code {run}} (a run's id); a route scoped so,
 * asked for a job or run of a client the user does not see, answers 404 as if it did not exist. Any
 * other variable ({@code {name}}, {@code {id}}) matches one segment. A last segment {@code **} matches
 * the rest of the path.
 *
 * @param method the HTTP method, upper case ({@code GET} also answers {@code HEAD})
 * @param pattern the path pattern, from the server's root
 * @param permission what the user needs
 * @param audit the audit log's action for a successful call (status below 400), e.g. {@code run.start};
 *        null: not audited
 * @param clientField a form field whose value names a client the user must see too (the client a job
 *        editor saves), or null
 */
public record Route(String method, String pattern, Permission permission, String audit, String clientField) {

    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");

    public Route {
        method = method.toUpperCase(Locale.ROOT);
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(permission, "permission");
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("a route pattern starts with /: " + pattern);
        }
    }

    /** A route without audit or client field. */
    public static Route of(String method, String pattern, Permission permission) {
        return new Route(method, pattern, permission, null, null);
    }

    /** A route whose successful calls are audited as {@code audit}. */
    public static Route audited(String method, String pattern, Permission permission, String audit) {
        return new Route(method, pattern, permission, audit, null);
    }

    /** @return the segments of the pattern */
    public List<String> segments() {
        List<String> parts = new ArrayList<>();
        for (String part : pattern.split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    /**
     * @param path a request path from the server's root, e.g. {@code /api/jobs/acme/runs}
     * @return the variables by name when the path matches, else null
     */
    public Map<String, String> match(String path) {
        List<String> want = segments();
        List<String> got = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                got.add(part);
            }
        }
        Map<String, String> vars = new java.util.LinkedHashMap<>();
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            if (w.equals("**") && i == want.size() - 1) {
                return vars;
            }
            if (i >= got.size()) {
                return null;
            }
            Matcher m = VARIABLE.matcher(w);
            if (m.matches()) {
                vars.put(m.group(1), got.get(i));
            } else if (!w.equals(got.get(i))) {
                return null;
            }
        }
        return got.size() == want.size() ? vars : null;
    }

    /** @return whether a request with this method is one of this route's */
    public boolean answers(String requestMethod) {
        String m = requestMethod.toUpperCase(Locale.ROOT);
        return method.equals(m) || (method.equals("GET") && m.equals("HEAD"));
    }
}
