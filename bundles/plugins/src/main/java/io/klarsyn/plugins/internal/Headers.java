package io.klarsyn.plugins.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OSGi manifest headers ({@code Import-Package}, {@code Require-Capability}, ...) split into clauses:
 * {@code a.b;c.d;version="[1,2)";resolution:=optional, e.f}. Quoted values may hold commas and semicolons.
 */
final class Headers {

    /**
     * One clause.
     *
     * @param names the names before the first attribute ({@code a.b}, {@code c.d})
     * @param attributes attributes by name ({@code version}), unquoted; a typed one ({@code version:Version}) by its bare name
     * @param directives directives by name ({@code resolution}), unquoted
     */
    record Clause(List<String> names, Map<String, String> attributes, Map<String, String> directives) {
    }

    private Headers() {
    }

    static List<Clause> parse(String header) {
        List<Clause> clauses = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return clauses;
        }
        for (String clause : split(header, ',')) {
            if (clause.isBlank()) {
                continue;
            }
            List<String> names = new ArrayList<>();
            Map<String, String> attributes = new LinkedHashMap<>();
            Map<String, String> directives = new LinkedHashMap<>();
            for (String part : split(clause, ';')) {
                String p = part.strip();
                int d = p.indexOf(":=");
                int eq = p.indexOf('=');
                if (d > 0 && d < eq) {
                    directives.put(p.substring(0, d).strip(), unquote(p.substring(d + 2)));
                } else if (eq > 0) {
                    String key = p.substring(0, eq).strip();
                    int colon = key.indexOf(':');
                    attributes.put(colon > 0 ? key.substring(0, colon).strip() : key, unquote(p.substring(eq + 1)));
                } else if (!p.isEmpty()) {
                    names.add(p);
                }
            }
            clauses.add(new Clause(names, attributes, directives));
        }
        return clauses;
    }

    private static List<String> split(String s, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < s.length()) {
                current.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String v) {
        String s = v.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return s;
    }
}
