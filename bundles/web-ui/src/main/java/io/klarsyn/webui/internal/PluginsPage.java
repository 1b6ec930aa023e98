package io.klarsyn.webui.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.run.PluginInfo;
import io.klarsyn.api.server.PluginHealth;

/**
 * The plugins ({@code /plugins}): every bundle with state and version, what it contributes
 * (connectors, metrics, renderers), and each failed bundle with its reason.
 */
final class PluginsPage {

    private final Services services;
    private final Page page;

    PluginsPage(Services services, Page page) {
        this.services = services;
        this.page = page;
    }

    Response render() {
        Texts t = page.t();
        List<PluginInfo> plugins = services.plugins();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        List<PluginHealth.Problem> problems = services.problems().get();
        for (PluginHealth.Problem p : problems) {
            if (p.bundleId() < 0 || !p.what().startsWith("bundle ")) {
                failed.add(Map.of("name", p.what(), "version", "", "state", p.state(), "problem", p.reason()));
            }
        }
        for (Services.BundleRow b : services.bundles().get()) {
            String problem = problems.stream().filter(p -> p.bundleId() == b.id() && p.what().startsWith("bundle "))
                    .map(PluginHealth.Problem::reason).findFirst().orElse(b.problem());
            List<String> contributions = new ArrayList<>();
            for (PluginInfo p : plugins) {
                if (p.bundle().equals(b.name())) {
                    contributions.add(t.get("plugins.kind." + p.kind()) + " " + p.id() + " (" + p.title() + ")");
                }
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", b.id());
            row.put("name", b.name());
            row.put("version", b.version());
            row.put("state", b.state());
            row.put("ok", problem == null);
            row.put("problem", problem);
            row.put("contributions", contributions);
            row.put("deployed", b.location() != null && b.location().contains("/deploy/"));
            rows.add(row);
            if (problem != null) {
                failed.add(row);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bundles", rows);
        m.put("failed", failed);
        m.put("hasFailed", !failed.isEmpty());
        m.put("count", rows.size());
        return page.render(200, "plugins", t.get("plugins.title"), "plugins", 0, m);
    }
}
