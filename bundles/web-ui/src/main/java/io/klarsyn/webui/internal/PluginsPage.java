package io.klarsyn.webui.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.run.PluginInfo;
import io.klarsyn.api.server.PluginHealth;
import io.klarsyn.api.server.PluginManager;
import io.klarsyn.api.server.PluginManager.DryRun;
import io.klarsyn.api.server.PluginManager.Installed;
import io.klarsyn.api.server.PluginManager.PluginException;

/**
 * The plugins ({@code /plugins}): the plugin manager's plugins with install (a jar upload, with a dry
 * run first if asked), remove, rollback and pin; every bundle with state and version, what it
 * contributes (connectors, metrics, renderers), and each failed bundle with its reason.
 */
final class PluginsPage {

    /** The form field of the uploaded jar (read whole by the servlet, up to its file limit). */
    static final String JAR_FIELD = "jar";

    private final Services services;
    private final Page page;

    PluginsPage(Services services, Page page) {
        this.services = services;
        this.page = page;
    }

    Response render() {
        return render(200, null);
    }

    /** {@code POST /plugins/dry-run} and {@code /plugins/install}: the uploaded jar. */
    Response upload(boolean dryRun) {
        Texts t = page.t();
        PluginManager m = services.pluginManager().get().orElse(null);
        if (m == null) {
            return page.error(503, t.get("plugins.noManager"));
        }
        Request.Upload jar = page.request().upload(JAR_FIELD);
        if (jar == null) {
            return render(400, Map.of("ok", false, "message", t.get("plugins.noFile")));
        }
        try {
            if (dryRun) {
                DryRun d = m.dryRun(jar.bytes());
                return render(200, dryRunModel(d, jar.fileName()));
            }
            Installed p = m.install(jar.bytes());
            boolean active = p.state().equals("ACTIVE");
            return render(200, Map.of("ok", active, "message", t.get(active ? "plugins.installedNow" : "plugins.installedFailed",
                    p.name(), p.version(), p.state(), String.valueOf(p.reason()))));
        } catch (PluginException e) {
            if (e.dryRun() != null) {
                Map<String, Object> model = new LinkedHashMap<>(dryRunModel(e.dryRun(), jar.fileName()));
                model.put("message", t.get("plugins.notInstalled", jar.fileName()));
                return render(409, model);
            }
            return render(e.kind() == PluginException.Kind.INVALID ? 400 : 409, Map.of("ok", false, "message",
                    t.get("plugins.refused", jar.fileName(), e.getMessage())));
        }
    }

    private Map<String, Object> dryRunModel(DryRun d, String file) {
        Texts t = page.t();
        List<String> reasons = new ArrayList<>();
        if (d.refusal() != null) {
            reasons.add(d.refusal());
        }
        d.missing().forEach(x -> reasons.add(x.message()));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("ok", d.installable());
        model.put("message", t.get(d.installable() ? "plugins.dryRunOk" : "plugins.dryRunMissing", file, d.name(), d.version(),
                d.currentVersion() == null ? "" : t.get("plugins.replaces", d.currentVersion())));
        model.put("reasons", reasons);
        return model;
    }

    /** {@code POST /plugins/{name}/remove|rollback|pin|unpin}. */
    Response change(String name, String action) {
        Texts t = page.t();
        PluginManager m = services.pluginManager().get().orElse(null);
        if (m == null) {
            return page.error(503, t.get("plugins.noManager"));
        }
        try {
            String message = switch (action) {
                case "remove" -> {
                    m.remove(name);
                    yield t.get("plugins.removed", name);
                }
                case "rollback" -> {
                    Installed p = m.rollback(name);
                    yield t.get("plugins.rolledBack", name, p.version(), p.state());
                }
                case "pin" -> t.get("plugins.pinnedNow", name, m.pin(name, true).version());
                case "unpin" -> t.get("plugins.unpinnedNow", name, m.pin(name, false).version());
                default -> throw new Ui.NotFound(t.get("error.noPage", page.request().path()));
            };
            return render(200, Map.of("ok", true, "message", message));
        } catch (PluginException e) {
            return render(e.kind() == PluginException.Kind.NOT_FOUND ? 404 : 409, Map.of("ok", false, "message", e.getMessage()));
        }
    }

    private Response render(int status, Map<String, Object> result) {
        Texts t = page.t();
        List<PluginInfo> plugins = services.plugins();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        PluginManager manager = services.pluginManager().get().orElse(null);
        List<Installed> installed = manager == null ? List.of() : manager.plugins();
        // a deploy/ copy the plugin manager holds back does not resolve on purpose: its reason is the manager's
        Map<Long, String> held = new java.util.HashMap<>();
        installed.stream().filter(p -> p.state().equals("HELD")).forEach(p -> held.put(p.bundleId(), p.reason()));
        List<PluginHealth.Problem> problems = services.problems().get().stream().filter(p -> !held.containsKey(p.bundleId())).toList();
        for (PluginHealth.Problem p : problems) {
            if (p.bundleId() < 0 || !p.what().startsWith("bundle ")) {
                failed.add(Map.of("name", p.what(), "version", "", "state", p.state(), "problem", p.reason()));
            }
        }
        for (Services.BundleRow b : services.bundles().get()) {
            String problem = problems.stream().filter(p -> p.bundleId() == b.id() && p.what().startsWith("bundle "))
                    .map(PluginHealth.Problem::reason).findFirst().orElse(held.getOrDefault(b.id(), b.problem()));
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
            if (problem != null && !held.containsKey(b.id())) {
                failed.add(row);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bundles", rows);
        m.put("failed", failed);
        m.put("hasFailed", !failed.isEmpty());
        m.put("count", rows.size());
        m.put("result", result);
        m.put("manager", manager != null);
        List<Map<String, Object>> managed = new ArrayList<>();
        if (manager != null) {
            for (Installed p : installed) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", p.name());
                row.put("version", p.version());
                row.put("state", p.state());
                row.put("ok", p.state().equals("ACTIVE"));
                row.put("reason", p.reason());
                row.put("managed", p.source() == PluginManager.Source.MANAGED);
                row.put("source", p.source() == PluginManager.Source.MANAGED ? "plugins/" : "deploy/");
                row.put("pinned", p.pinned());
                row.put("previous", p.previousVersion());
                row.put("contributes", p.contributes());
                managed.add(row);
            }
        }
        m.put("plugins", managed);
        m.put("hasPlugins", !managed.isEmpty());
        return page.render(status, "plugins", t.get("plugins.title"), "plugins", 0, m);
    }
}
