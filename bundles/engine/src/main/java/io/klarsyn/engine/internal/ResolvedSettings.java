package io.klarsyn.engine.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.api.settings.SettingDescriptor;

/** Job settings: declared defaults overlaid by the job's values. Immutable. */
final class ResolvedSettings implements JobSettings {

    private final TreeMap<String, String> values;
    /** The descriptors the values were checked against: how each is shown ({@link SettingDescriptor#shown}). */
    private final List<SettingDescriptor> known;

    private ResolvedSettings(TreeMap<String, String> values, List<SettingDescriptor> known) {
        this.values = values;
        this.known = known;
    }

    /**
     * Validates the job's values against the descriptors and applies the defaults.
     *
     * @throws IllegalArgumentException for an unknown name or a value that does not parse as its declared type
     */
    static ResolvedSettings resolve(Map<String, String> job, List<SettingDescriptor> descriptors) {
        return resolve(job, descriptors, descriptors);
    }

    /**
     * Validates the job's values against every installed plugin's descriptors ({@code known}) and applies the
     * defaults of the plugins that take part in the run ({@code applying}: the engine's, the job's connector's and
     * the metrics'), so that another connector's defaults (jdbc.fetchSize on a CSV job) are not the job's settings.
     *
     * @throws IllegalArgumentException for an unknown name or a value that does not parse as its declared type
     */
    static ResolvedSettings resolve(Map<String, String> job, List<SettingDescriptor> known,
            List<SettingDescriptor> applying) {
        TreeMap<String, String> v = new TreeMap<>();
        for (SettingDescriptor d : applying) {
            if (d.defaultValue() != null && !d.name().endsWith(".*")) {
                v.putIfAbsent(d.name(), d.defaultValue());
            }
        }
        for (Map.Entry<String, String> given : job.entrySet()) {
            String renamed = EngineSettings.RENAMED.get(given.getKey());
            if (renamed != null && job.containsKey(renamed)) {
                continue;
            }
            Map.Entry<String, String> e = renamed == null ? given
                    : Map.entry(renamed, given.getValue() == null ? "" : given.getValue());
            SettingDescriptor d = find(e.getKey(), known);
            if (d == null) {
                throw new IllegalArgumentException(unknownMessage(e.getKey(), known));
            }
            String value = e.getValue() == null ? "" : e.getValue().trim();
            checkType(e.getKey(), value, d.type());
            v.put(e.getKey(), value);
        }
        return new ResolvedSettings(v, List.copyOf(known));
    }

    static ResolvedSettings of(Map<String, String> values) {
        return new ResolvedSettings(new TreeMap<>(values), List.of());
    }

    private static SettingDescriptor find(String name, List<SettingDescriptor> descriptors) {
        for (SettingDescriptor d : descriptors) {
            if (d.matches(name)) {
                return d;
            }
        }
        return null;
    }

    static String unknownMessage(String name, List<SettingDescriptor> descriptors) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (SettingDescriptor d : descriptors) {
            String candidate = d.name().endsWith(".*") ? d.name().substring(0, d.name().length() - 1) : d.name();
            int dist = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (dist < bestDistance) {
                bestDistance = dist;
                best = d.name();
            }
        }
        StringBuilder b = new StringBuilder("unknown setting '").append(name).append('\'');
        if (best != null && bestDistance <= Math.max(2, name.length() / 3)) {
            b.append(" (did you mean '").append(best).append("'?)");
        } else {
            b.append(" (run 'klarsyn plugins' to list the installed plugins and their settings)");
        }
        return b.toString();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static void checkType(String name, String value, String type) {
        if (value.isEmpty()) {
            return;
        }
        switch (type) {
            case "int" -> parseInt(name, value);
            case "number" -> parseNumber(name, value);
            case "boolean" -> parseFlag(name, value);
            default -> {
                if (type.startsWith("enum:")) {
                    List<String> allowed = List.of(type.substring(5).split("\\|"));
                    if (!allowed.contains(value)) {
                        throw new IllegalArgumentException("setting '" + name + "': '" + value
                                + "' is not one of " + String.join(", ", allowed));
                    }
                }
            }
        }
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + name + "': '" + value + "' is not a whole number");
        }
    }

    private static double parseNumber(String name, String value) {
        try {
            double d = Double.parseDouble(value.trim().replace(',', '.'));
            if (Double.isNaN(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + name + "': '" + value + "' is not a number");
        }
    }

    private static boolean parseFlag(String name, String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1":
                return true;
            case "false", "no", "off", "0":
                return false;
            default:
                throw new IllegalArgumentException("setting '" + name + "': '" + value
                        + "' is not true/false (yes/no, on/off, 1/0)");
        }
    }

    private String present(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    @Override
    public Optional<String> raw(String name) {
        return Optional.ofNullable(values.get(name));
    }

    @Override
    public String string(String name, String defaultValue) {
        String v = present(name);
        return v == null ? defaultValue : v;
    }

    @Override
    public int integer(String name, int defaultValue) {
        String v = present(name);
        return v == null ? defaultValue : parseInt(name, v);
    }

    @Override
    public double number(String name, double defaultValue) {
        String v = present(name);
        return v == null ? defaultValue : parseNumber(name, v);
    }

    @Override
    public boolean flag(String name, boolean defaultValue) {
        String v = present(name);
        return v == null ? defaultValue : parseFlag(name, v);
    }

    @Override
    public List<String> list(String name) {
        String v = present(name);
        if (v == null) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                items.add(s.trim());
            }
        }
        return Collections.unmodifiableList(items);
    }

    @Override
    public Map<String, String> withPrefix(String prefix) {
        TreeMap<String, String> m = new TreeMap<>();
        for (Map.Entry<String, String> e : values.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            m.put(e.getKey().substring(prefix.length()), e.getValue());
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(values.keySet()));
    }

    Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /**
     * The settings as run.log and metrics.json show them: every value through its descriptor's
     * {@link SettingDescriptor#shown(String) shown}, so a password in a URL reads {@code ***}.
     *
     * @return name → value as people may read it
     */
    Map<String, String> shown() {
        TreeMap<String, String> shown = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            SettingDescriptor d = find(e.getKey(), known);
            shown.put(e.getKey(), d == null ? e.getValue() : d.shown(e.getValue()));
        }
        return Collections.unmodifiableMap(shown);
    }

    /** The type of a setting naming a file or folder on the server ({@link SettingDescriptor#type()}). */
    static final String PATH = "path";

    /**
     * The settings as a report shows them to its reader: only those that shaped the report (the names of
     * {@code applying}: the engine's, the job's connector's and the metrics' settings), and a file or folder on
     * the server (a setting of type {@value #PATH}) as its last name, "…/data", not the server's absolute path.
     * metrics.json and run.log keep the full paths for the consultant. A password in a URL reads {@code ***}
     * everywhere ({@link SettingDescriptor#shown(String)}).
     *
     * @param applying the descriptors of the engine and the plugins that take part in the run
     * @return name → value as the report's appendix lists them
     */
    Map<String, String> forReport(List<SettingDescriptor> applying) {
        TreeMap<String, String> shown = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            SettingDescriptor d = find(e.getKey(), applying);
            if (d != null) {
                shown.put(e.getKey(), PATH.equals(d.type()) ? lastName(e.getValue()) : d.shown(e.getValue()));
            }
        }
        return Collections.unmodifiableMap(shown);
    }

    /**
     * @return a path as its last name after "…/" ("/srv/klarsyn/acme/data" → "…/data", "C:\exports\acme" →
     *         "…/acme", "clients/acme/data" → "…/data"); a bare name ("data") or a blank value as it is
     */
    static String lastName(String path) {
        if (path == null || path.isBlank()) {
            return path;
        }
        String t = path.trim().replaceAll("[/\\\\]+$", "");
        int cut = Math.max(t.lastIndexOf('/'), t.lastIndexOf('\\'));
        if (cut < 0 && !t.isEmpty()) {
            return t.matches("^[A-Za-z]:$") ? "…" : t;
        }
        String name = t.substring(cut + 1);
        return name.isEmpty() || name.matches("^[A-Za-z]:$") ? "…" : "…/" + name;
    }
}
