package io.klarsyn.api.plugin;

import java.util.Map;
import java.util.Objects;

/**
 * A plugin's id, title and version, from its {@link Plugin} annotation (its service properties) and its
 * bundle's version.
 *
 * @param id the plugin's id
 * @param title its title; the id when the plugin gives none
 * @param version its bundle's version
 */
public record PluginDescription(String id, String title, String version) {

    public PluginDescription {
        Objects.requireNonNull(id, "id");
        title = title == null || title.isBlank() ? id : title;
        version = version == null ? "0.0.0" : version;
    }

    /**
     * @param properties a plugin service's properties
     * @param version the providing bundle's version
     * @return its description, or {@code null} when the properties carry no {@value Plugin#ID}
     */
    public static PluginDescription of(Map<String, ?> properties, String version) {
        Object id = properties.get(Plugin.ID);
        Object title = properties.get(Plugin.TITLE);
        return id instanceof String s && !s.isBlank()
                ? new PluginDescription(s, title instanceof String t ? t : null, version) : null;
    }

    /**
     * For a plugin used without a framework (tests, embedders): reads its class's {@link Plugin} annotation.
     *
     * @param type the plugin's class
     * @param version the version to report
     * @return its description, or {@code null} when the class has no {@code @Plugin}
     */
    public static PluginDescription of(Class<?> type, String version) {
        Plugin p = type.getAnnotation(Plugin.class);
        return p == null ? null : new PluginDescription(p.id(), p.title(), version);
    }
}
