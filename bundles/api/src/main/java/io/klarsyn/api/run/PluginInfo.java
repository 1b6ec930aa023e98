package io.klarsyn.api.run;

import java.util.List;

/**
 * One installed plugin service, as {@code klarsyn plugins} lists it.
 *
 * @param kind {@code connector}, {@code metric} or {@code renderer}
 * @param id the plugin's id (a renderer's is its format)
 * @param title a human title
 * @param bundle the providing bundle's symbolic name
 * @param version the providing bundle's version
 * @param inputs for metrics, the inputs it needs (file names); empty otherwise
 */
public record PluginInfo(String kind, String id, String title, String bundle, String version,
        List<String> inputs) {

    public PluginInfo {
        inputs = List.copyOf(inputs);
    }
}
