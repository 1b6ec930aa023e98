package io.klarsyn.api.result;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers for {@link MetricResult#facts()}: ordered, unmodifiable maps. */
public final class Facts {

    private Facts() {
    }

    /**
     * @param keysAndValues alternating keys ({@code String}) and values
     * @return an ordered, unmodifiable map
     */
    public static Map<String, Object> of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("facts need key/value pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    static Map<String, Object> copy(Map<String, Object> facts) {
        return facts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }
}
