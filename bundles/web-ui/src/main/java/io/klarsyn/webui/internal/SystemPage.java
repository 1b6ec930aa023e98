package io.klarsyn.webui.internal;

import java.lang.management.ManagementFactory;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunState;

/** The system ({@code /system}): version, home, database, uptime, queue and running runs, health. */
final class SystemPage {

    private final Services services;
    private final Page page;

    SystemPage(Services services, Page page) {
        this.services = services;
        this.page = page;
    }

    Response render() {
        Texts t = page.t();
        Formats f = page.f();
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> facts = new ArrayList<>();
        fact(facts, t.get("system.version"), services.version());
        fact(facts, t.get("system.home"), services.home().home().toString());
        fact(facts, t.get("system.database"), hidePassword(services.home().databaseUrl()));
        fact(facts, t.get("system.uptime"), f.duration(ManagementFactory.getRuntimeMXBean().getUptime()));
        fact(facts, t.get("system.concurrency"), Integer.toString(services.home().concurrency()));
        fact(facts, t.get("system.timeout"), f.duration(services.home().runTimeoutSeconds() * 1000));
        fact(facts, t.get("system.java"), System.getProperty("java.vm.name") + " " + Runtime.version());
        m.put("facts", facts);
        List<Map<String, Object>> running = new ArrayList<>();
        int queued = 0;
        for (RunRecord r : services.store().unfinished()) {
            if (r.status() == RunState.QUEUED) {
                queued++;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("href", "/runs/" + r.id());
            row.put("job", r.job());
            row.put("number", r.number());
            row.put("period", f.period(r.period()));
            row.put("status", Ui.status(r.status(), t));
            row.put("since", f.time(r.startedAt() != null ? r.startedAt() : r.queuedAt(), ZoneId.systemDefault()));
            running.add(row);
        }
        m.put("runs", running);
        m.put("idle", running.isEmpty());
        int valid = 0;
        List<Map<String, Object>> invalid = new ArrayList<>();
        for (JobEntry e : services.jobs().jobs()) {
            if (e.valid()) {
                valid++;
            } else {
                invalid.add(Map.of("name", e.name(), "href", "/jobs/" + Ui.url(e.name()), "problem", String.valueOf(e.problem())));
            }
        }
        List<io.klarsyn.api.server.PluginHealth.Problem> problems = services.problems().get();
        long failedBundles = problems.isEmpty() ? services.bundles().get().stream().filter(b -> b.problem() != null).count()
                : problems.size();
        boolean healthy = invalid.isEmpty() && failedBundles == 0;
        m.put("healthy", healthy);
        m.put("health", Map.of("code", healthy ? "SUCCESS" : "UNSTABLE", "word", t.get(healthy ? "system.healthy" : "system.problems")));
        m.put("healthWords", t.get("system.healthWords", valid, invalid.size(), failedBundles, running.size() - queued, queued));
        m.put("invalid", invalid);
        return page.render(200, "system", t.get("system.title"), "system", 0, m);
    }

    private static void fact(List<Map<String, Object>> facts, String label, String value) {
        facts.add(Map.of("label", label, "value", value == null ? "" : value));
    }

    /** A JDBC URL without its password ({@code password=...} and {@code user:pass@}). */
    static String hidePassword(String url) {
        if (url == null) {
            return "";
        }
        return url.replaceAll("(?i)(password=)[^&;]*", "$1••••").replaceAll("//([^/:@]+):[^@/]*@", "//$1:••••@");
    }
}
