package io.klarsyn.engine.embedded;

import java.util.List;
import java.util.Map;

import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.api.settings.SettingDescriptor;
import io.klarsyn.engine.internal.Embedded;

/** Job settings as the engine reads them: the same parsing of whole numbers, numbers, flags and lists. */
public final class EmbeddedSettings {

    private EmbeddedSettings() {
    }

    /** @return settings over {@code values}, as given (no declared defaults, no check of names) */
    public static JobSettings of(Map<String, String> values) {
        return Embedded.settings(values);
    }

    /**
     * @return {@code values} checked against {@code descriptors} and overlaid on their defaults, as
     *         the engine resolves a job's settings
     * @throws IllegalArgumentException for an unknown name or a value that does not parse as its type
     */
    public static JobSettings resolve(Map<String, String> values, List<SettingDescriptor> descriptors) {
        return Embedded.settings(values, descriptors);
    }
}
