package io.klarsyn.connector.csv.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.klarsyn.api.settings.JobSettings;

/** A minimal JobSettings over a map, for the connector's tests. */
final class MapSettings implements JobSettings {

    private final TreeMap<String, String> values = new TreeMap<>();

    static MapSettings of(String... keyValues) {
        MapSettings s = new MapSettings();
        for (int i = 0; i < keyValues.length; i += 2) {
            s.values.put(keyValues[i], keyValues[i + 1]);
        }
        return s;
    }

    @Override
    public Optional<String> raw(String name) {
        return Optional.ofNullable(values.get(name));
    }

    @Override
    public String string(String name, String defaultValue) {
        String v = values.get(name);
        return v == null || v.isBlank() ? defaultValue : v;
    }

    @Override
    public int integer(String name, int defaultValue) {
        String v = values.get(name);
        return v == null || v.isBlank() ? defaultValue : Integer.parseInt(v.trim());
    }

    @Override
    public double number(String name, double defaultValue) {
        String v = values.get(name);
        return v == null || v.isBlank() ? defaultValue : Double.parseDouble(v.trim().replace(',', '.'));
    }

    @Override
    public boolean flag(String name, boolean defaultValue) {
        String v = values.get(name);
        return v == null || v.isBlank() ? defaultValue : Set.of("true", "yes", "on", "1").contains(v.trim());
    }

    @Override
    public List<String> list(String name) {
        String v = values.get(name);
        List<String> r = new ArrayList<>();
        if (v != null) {
            Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).forEach(r::add);
        }
        return r;
    }

    @Override
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> r = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                r.put(k.substring(prefix.length()), v);
            }
        });
        return r;
    }

    @Override
    public Set<String> names() {
        return values.keySet();
    }
}
