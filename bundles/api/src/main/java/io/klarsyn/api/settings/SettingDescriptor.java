package io.klarsyn.api.settings;

import java.util.Objects;

/**
 * Describes one job setting a plugin understands. The engine uses the descriptors of every
 * installed plugin to reject unknown {@code --set} names, to fill in defaults, and to write the
 * commented default job file.
 *
 * @param name the dotted name, e.g. {@code churn.inactivityDays}. A name ending in {@code .*} is a
 *        family: {@code cx.selfAssessment.*} accepts {@code cx.selfAssessment.trust} and any other
 *        suffix.
 * @param type one of {@code string}, {@code int}, {@code number}, {@code boolean}, {@code list},
 *        {@code enum:a|b|c}, {@code path}; used for validation and documentation. {@code path} is a
 *        string naming a file or folder on the server: the report's appendix shows only its last name
 *        ("…/data"), so a PDF sent to the client does not carry the server's folders; metrics.json and
 *        run.log keep the full path.
 * @param defaultValue the default as text, or {@code null} when there is none
 * @param description one or two sentences for the consultant, including the unit
 */
public record SettingDescriptor(String name, String type, String defaultValue, String description) {

    public SettingDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
    }

    /** @return whether {@code settingName} is this setting or a member of this family */
    public boolean matches(String settingName) {
        if (name.endsWith(".*")) {
            String prefix = name.substring(0, name.length() - 1);
            return settingName.startsWith(prefix) && settingName.length() > prefix.length();
        }
        return name.equals(settingName);
    }
}
