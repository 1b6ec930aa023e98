package io.klarsyn.webui.internal;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunStore;
import io.klarsyn.api.server.TrendPoint;

/**
 * The dashboard ({@code /}): clients and their jobs, each with the status of its last run (colour and
 * word), its period, the next scheduled run, the last run's headline KPIs with change arrows against
 * the period before, a strip of the last runs, and "run now"; filtered by client and status
 * ({@code ?client=...&status=...}).
 */
final class DashboardPage {

    /** How many runs the strip shows. */
    static final int STRIP = 10;
    /** Headline KPIs on the dashboard (the rejected share is on the job page). */
    static final List<String> KPIS = List.of("customers.active", "churn.monthly.rate", "cx.nps", "clv.predicted");

    private final Services services;
    private final Page page;

    DashboardPage(Services services, Page page) {
        this.services = services;
        this.page = page;
    }

    Response render() {
        Texts t = page.t();
        String clientFilter = page.request().param("client");
        String statusFilter = page.request().param("status");
        Map<String, List<Map<String, Object>>> byClient = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        TreeSet<String> clients = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        int total = 0;
        for (JobEntry entry : services.jobs().jobs()) {
            String client = client(entry);
            if (!page.request().sees(client)) {
                continue;
            }
            total++;
            clients.add(client);
            if (clientFilter != null && !clientFilter.equals(client)) {
                continue;
            }
            Map<String, Object> row = row(entry);
            if (statusFilter != null && !statusFilter.equals(row.get("filterStatus"))) {
                continue;
            }
            byClient.computeIfAbsent(client, c -> new ArrayList<>()).add(row);
        }
        List<Map<String, Object>> groups = new ArrayList<>();
        byClient.forEach((client, rows) -> groups.add(Map.of("client", client, "jobs", rows, "index", groups.size() + 1)));
        List<Map<String, Object>> clientOptions = new ArrayList<>();
        for (String c : clients) {
            clientOptions.add(Map.of("value", c, "selected", c.equals(clientFilter)));
        }
        List<Map<String, Object>> statusOptions = new ArrayList<>();
        for (String s : List.of("SUCCESS", "UNSTABLE", "FAILURE", "ABORTED", "RUNNING", "QUEUED", "NONE", "INVALID")) {
            statusOptions.add(Map.of("value", s, "word", t.get("status." + s), "selected", s.equals(statusFilter)));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("groups", groups);
        m.put("empty", groups.isEmpty());
        m.put("noJobs", total == 0);
        m.put("jobsFolder", services.home().jobs().toString());
        m.put("clients", clientOptions);
        m.put("statuses", statusOptions);
        m.put("filtered", clientFilter != null || statusFilter != null);
        m.put("kpiHeads", KPIS.stream().map(k -> Map.of("short", t.get("kpiShort." + k), "full", t.get("kpi." + k))).toList());
        m.put("selfUrl", page.withParam("_", null));
        return page.render(200, "dashboard", t.get("dashboard.title"), "dashboard", 0, m);
    }

    static String client(JobEntry entry) {
        JobDefinition d = entry.definition();
        String client = d == null ? null : d.spec().branding().clientName();
        return client == null || client.isBlank() ? entry.name() : client;
    }

    private Map<String, Object> row(JobEntry entry) {
        Texts t = page.t();
        Formats f = page.f();
        String name = entry.name();
        RunStore store = services.store();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        row.put("href", "/jobs/" + Ui.url(name));
        row.put("runHref", "/jobs/" + Ui.url(name) + "/run");
        row.put("valid", entry.valid());
        row.put("problem", entry.valid() ? null : entry.problem());
        ZoneId zone = entry.definition() == null ? ZoneId.systemDefault() : entry.definition().spec().zone();
        String currency = entry.definition() == null ? null : entry.definition().spec().currency();
        List<RunRecord> recent = store.runs(name, 0, STRIP);
        RunRecord last = recent.isEmpty() ? null : recent.get(0);
        row.put("status", Ui.status(last == null ? null : last.status(), t));
        row.put("filterStatus", !entry.valid() ? "INVALID" : last == null ? "NONE" : last.status().name());
        if (last != null) {
            row.put("lastHref", "/runs/" + last.id());
            row.put("lastPeriod", f.period(last.period()));
            row.put("lastNumber", last.number());
        }
        if (entry.valid()) {
            List<ZonedDateTime> next = services.scheduler().nextRuns(name, 1);
            row.put("nextRun", next.isEmpty() ? null : f.time(next.get(0)));
            row.put("runPeriod", Ui.defaultPeriod(services, entry).toString());
        }
        List<Map<String, Object>> strip = new ArrayList<>();
        List<RunRecord> oldestFirst = new ArrayList<>(recent);
        Collections.reverse(oldestFirst);
        for (RunRecord r : oldestFirst) {
            Map<String, Object> s = new LinkedHashMap<>(Ui.status(r.status(), t));
            s.put("href", "/runs/" + r.id());
            s.put("label", "#" + r.number() + " " + f.period(r.period()) + ": " + s.get("word"));
            strip.add(s);
        }
        row.put("strip", strip);
        row.put("kpis", kpis(store.trend(name), last, currency));
        return row;
    }

    /** The newest trend point's KPIs, each with an arrow against the point before it. */
    private List<Map<String, Object>> kpis(List<TrendPoint> trend, RunRecord last, String currency) {
        Texts t = page.t();
        Formats f = page.f();
        TrendPoint now = trend.isEmpty() ? null : trend.get(trend.size() - 1);
        TrendPoint before = trend.size() < 2 ? null : trend.get(trend.size() - 2);
        List<Map<String, Object>> out = new ArrayList<>();
        for (String k : KPIS) {
            Map<String, Object> cell = new LinkedHashMap<>();
            Double value = now == null ? null : now.values().get(k);
            cell.put("label", t.get("kpi." + k));
            cell.put("value", f.kpi(k, value, currency));
            Double previous = before == null ? null : before.values().get(k);
            Change change = Change.of(k, value, previous);
            if (change != null) {
                cell.put("arrow", change.arrow());
                cell.put("tone", change.tone());
                cell.put("changeWord", t.get("change." + change.direction(), f.kpi(k, previous, currency)));
            }
            out.add(cell);
        }
        return out;
    }

    /**
     * A KPI's change against the period before: its direction and whether that is good for the
     * client (churn and the rejected share are better when they fall).
     */
    record Change(String direction, String arrow, String tone) {

        static Change of(String kpi, Double now, Double before) {
            if (now == null || before == null || !Double.isFinite(now) || !Double.isFinite(before)) {
                return null;
            }
            double scale = Math.max(Math.abs(before), 1e-12);
            if (Math.abs(now - before) / scale < 0.0005) {
                return new Change("flat", "→", "neutral");
            }
            boolean up = now > before;
            boolean lowerIsBetter = kpi.equals("churn.monthly.rate") || kpi.equals("rejectedShare");
            return new Change(up ? "up" : "down", up ? "↑" : "↓", up != lowerIsBetter ? "good" : "bad");
        }
    }
}
