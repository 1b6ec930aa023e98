package io.klarsyn.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.klarsyn.api.settings.JobSettings;

/** {@link JobSettings} over a map of texts, with the parsing rules the API documents. */
public final class TestSettings implements JobSettings {

    private final TreeMap<String, String> values;

    public TestSettings(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    /** @param keysAndValues alternating names and values */
    public static TestSettings of(String... keysAndValues) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new TestSettings(m);
    }

    @Override
    public Optional<String> raw(String name) {
        return Optional.ofNullable(values.get(name));
    }

    private String present(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    @Override
    public String string(String name, String defaultValue) {
        String v = present(name);
        return v == null ? defaultValue : v;
    }

    @Override
    public int integer(String name, int defaultValue) {
        String v = present(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + name + ": '" + v + "' is not a whole number");
        }
    }

    @Override
    public double number(String name, double defaultValue) {
        String v = present(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(v.replace(',', '.'));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + name + ": '" + v + "' is not a number");
        }
    }

    @Override
    public boolean flag(String name, boolean defaultValue) {
        String v = present(name);
        if (v == null) {
            return defaultValue;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1":
                return true;
            case "false": case "no": case "off": case "0":
                return false;
            default:
                throw new IllegalArgumentException("setting " + name + ": '" + v + "' is not true or false");
        }
    }

    @Override
    public List<String> list(String name) {
        String v = present(name);
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String item : v.split(",")) {
                if (!item.isBlank()) {
                    out.add(item.trim());
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }
}
