package io.klarsyn.cli.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.klarsyn.api.settings.SettingDescriptor;

/** Writes the settings as a commented properties file: every setting, its default and meaning. */
final class SettingsFile {

    private SettingsFile() {
    }

    static String render(List<SettingDescriptor> settings) {
        StringBuilder b = new StringBuilder();
        b.append("# Klarsyn job settings: every setting the engine and the standard plugins understand.\n")
         .append("# Put the ones you change into a job file's \"settings\" object, or pass them with\n")
         .append("# --set name=value. Lines below are commented out: each shows the default.\n");
        String group = null;
        for (SettingDescriptor d : sorted(settings)) {
            String g = d.name().contains(".") ? d.name().substring(0, d.name().indexOf('.')) : d.name();
            if (!g.equals(group)) {
                group = g;
                b.append("\n# ---- ").append(g).append(" ----\n");
            }
            b.append("\n# ").append(d.description().replace("\n", "\n# ")).append('\n')
             .append("# type: ").append(d.type()).append('\n')
             .append("#").append(d.name()).append('=').append(d.defaultValue() == null ? "" : d.defaultValue()).append('\n');
        }
        return b.toString();
    }

    private static List<SettingDescriptor> sorted(List<SettingDescriptor> list) {
        List<SettingDescriptor> l = new ArrayList<>(list);
        l.sort(Comparator.comparing(SettingDescriptor::name));
        return l;
    }
}
