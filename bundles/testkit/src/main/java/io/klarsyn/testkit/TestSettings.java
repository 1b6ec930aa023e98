package io.klarsyn.testkit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.engine.embedded.EmbeddedSettings;

/**
 * {@link JobSettings} over a map of texts, read by the engine's own code
 * ({@link EmbeddedSettings}): whole numbers, numbers (decimal comma too), flags and lists parse
 * exactly as in a report run, with the same error messages.
 */
public final class TestSettings implements JobSettings {

    private final JobSettings engine;

    public TestSettings(Map<String, String> values) {
        this.engine = EmbeddedSettings.of(values);
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
        return engine.raw(name);
    }

    @Override
    public String string(String name, String defaultValue) {
        return engine.string(name, defaultValue);
    }

    @Override
    public int integer(String name, int defaultValue) {
        return engine.integer(name, defaultValue);
    }

    @Override
    public double number(String name, double defaultValue) {
        return engine.number(name, defaultValue);
    }

    @Override
    public boolean flag(String name, boolean defaultValue) {
        return engine.flag(name, defaultValue);
    }

    @Override
    public List<String> list(String name) {
        return engine.list(name);
    }

    @Override
    public Map<String, String> withPrefix(String prefix) {
        return engine.withPrefix(prefix);
    }

    @Override
    public Set<String> names() {
        return engine.names();
    }
}
