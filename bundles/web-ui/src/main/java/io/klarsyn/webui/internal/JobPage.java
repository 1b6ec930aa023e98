package io.klarsyn.webui.internal;

import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.server.Headline;
import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunStore;
import io.klarsyn.api.server.TrendPoint;
import io.klarsyn.api.settings.SettingDescriptor;

/**
 * A job ({@code /jobs/{name}}): what it reads and how, its schedule in words with the next three fire
 * times, "run for a period", its run history ({@code ?page=N}, newest first) and a trend chart per
 * headline KPI across periods. The body is rendered once and kept ({@link Kept#jobPages}) while the job,
 * the run store's count of changes to its runs ({@link RunStore#changes}), the request's parameters, the
 * next fire times, the period to run and the user's controls stay the same. "Run for a period" and
 * "Edit" show only to users the {@link io.klarsyn.api.security.Authorization} allows them.
 */
final class JobPage {

    static final int PAGE_SIZE = 20;
    /** The trend charts' line colours, in turn (each with 4.5:1 contrast on white). */
    private static final List<String> COLOURS = List.of("#1f5f9e", "#b3261e", "#0b6e4f", "#6b4fa0", "#8a6100", "#00607a",
            "#a1356d");

    private final Services services;
    private final Page page;
    private final Kept kept;
    private final JobEntry entry;

    JobPage(Services services, Page page, Kept kept, JobEntry entry) {
        this.services = services;
        this.page = page;
        this.kept = kept;
        this.entry = entry;
    }

    Response render() {
        Texts t = page.t();
        String name = entry.name();
        long changes = services.store().changes(name);
        // the charts name the headline figures in the metrics' words
        Object plugins = services.pluginsKey();
        boolean mayRun = entry.valid() && page.may("POST", "/jobs/" + name + "/run");
        boolean mayEdit = page.may("GET", "/jobs/" + name + "/edit");
        List<ZonedDateTime> next = entry.definition() == null ? List.of() : kept.nextRuns(services, entry, 3);
        YearMonth runPeriod = entry.definition() == null ? null : Ui.defaultPeriod(services, entry);
        Supplier<Fragment> make = () -> {
            Map<String, Object> m = model(next, runPeriod);
            m.put("mayRun", mayRun);
            m.put("mayEdit", mayEdit);
            m.put("t", t.all());
            m.put("csrf", Fragment.CSRF_MARKER);
            return new Fragment(page.templates().render("job", m));
        };
        String title = t.get("job.title", DashboardPage.client(entry), name);
        if (changes < 0) {
            return page.send(200, page.keep(make.get(), title, "dashboard", 0, null));
        }
        Kept.JobKey key = new Kept.JobKey(entry, changes, page.request().path(), page.request().params(), next, runPeriod,
                mayRun, mayEdit, plugins);
        // the whole page for this user (the layout names them), made from the body kept for every user with these controls
        return page.send(200, kept.pages.get(new Kept.PageSlot(page.request().path(), page.request().params(), t.lang(),
                page.request().subject()), key, () -> page.keep(kept.jobPages.get(new Kept.JobSlot(name, t.lang(), mayRun,
                        mayEdit), key, make), title, "dashboard", 0, null)));
    }

    private Map<String, Object> model(List<ZonedDateTime> nextRuns, YearMonth runPeriod) {
        Texts t = page.t();
        Formats f = page.f();
        String name = entry.name();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("client", DashboardPage.client(entry));
        m.put("file", entry.file().toString());
        m.put("valid", entry.valid());
        m.put("problem", entry.problem());
        m.put("runHref", "/jobs/" + Ui.url(name) + "/run");
        m.put("editHref", "/jobs/" + Ui.url(name) + "/edit");
        m.put("saved", page.request().param("saved") != null);
        JobDefinition d = entry.definition();
        ZoneId zone = d == null ? ZoneId.systemDefault() : d.spec().zone();
        String currency = d == null ? null : d.spec().currency();
        if (d != null) {
            JobSpec spec = d.spec();
            List<Map<String, Object>> facts = new ArrayList<>();
            fact(facts, t.get("job.connector"), spec.connector());
            String folder = spec.settings().get(spec.connector() + ".folder");
            if (folder != null) {
                fact(facts, t.get("job.folder"), folder);
            }
            fact(facts, t.get("job.locale"), spec.locale().toLanguageTag() + " (" + spec.locale().getDisplayName(t.locale()) + ")");
            fact(facts, t.get("job.currency"), spec.currency());
            fact(facts, t.get("job.zone"), spec.zone().getId());
            fact(facts, t.get("job.recipients"), d.recipients().isEmpty() ? t.get("job.noRecipients") : String.join(", ", d.recipients()));
            fact(facts, t.get("job.retention"), t.get("job.retentionWords", d.retention().keepRuns(), d.retention().keepDays()));
            m.put("facts", facts);
            List<Map<String, Object>> settings = new ArrayList<>();
            List<SettingDescriptor> declared = services.settings().get();
            spec.settings().forEach((k, v) -> settings.add(Map.of("key", k, "value", shown(k, v, declared))));
            m.put("settings", settings);
            m.put("hasSettings", !settings.isEmpty());
            m.put("schedule", d.schedule());
            m.put("scheduleWords", ScheduleWords.describe(d.cron(), zone, t));
            List<String> next = new ArrayList<>();
            for (ZonedDateTime time : nextRuns) {
                next.add(f.time(time));
            }
            m.put("nextRuns", next);
            m.put("runPeriod", runPeriod.toString());
        }
        history(m, zone);
        m.put("charts", charts(name, services.store().trend(name), currency));
        return m;
    }

    /**
     * @return a setting's value as its descriptor shows it (a password in a URL as ***); one no installed plugin
     *         declares is masked as a URL would be, as it cannot be told apart
     */
    static String shown(String name, String value, List<SettingDescriptor> declared) {
        for (SettingDescriptor d : declared) {
            if (d.matches(name)) {
                return d.shown(value);
            }
        }
        return SettingDescriptor.maskPasswords(value);
    }

    private static void fact(List<Map<String, Object>> facts, String label, String value) {
        facts.add(Map.of("label", label, "value", value));
    }

    private void history(Map<String, Object> m, ZoneId zone) {
        Texts t = page.t();
        Formats f = page.f();
        int number = 0;
        String p = page.request().param("page");
        if (p != null && p.matches("\\d{1,6}")) {
            number = Integer.parseInt(p);
        }
        List<RunRecord> runs = services.store().runs(entry.name(), number * PAGE_SIZE, PAGE_SIZE + 1);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunRecord r : runs.subList(0, Math.min(PAGE_SIZE, runs.size()))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("href", "/runs/" + r.id());
            row.put("number", r.number());
            row.put("id", r.id());
            row.put("period", f.period(r.period()));
            row.put("status", Ui.status(r.status(), t));
            row.put("trigger", t.get("trigger." + r.trigger().name()));
            row.put("rerun", r.rerun());
            row.put("queuedAt", f.time(r.queuedAt(), zone));
            row.put("duration", f.duration(r.durationMs()));
            rows.add(row);
        }
        m.put("runs", rows);
        m.put("noRuns", rows.isEmpty());
        m.put("pageNumber", number + 1);
        m.put("newerHref", number > 0 ? page.withParam("page", Integer.toString(number - 1)) : null);
        m.put("olderHref", runs.size() > PAGE_SIZE ? page.withParam("page", Integer.toString(number + 1)) : null);
    }

    private List<Map<String, Object>> charts(String job, List<TrendPoint> trend, String currency) {
        Texts t = page.t();
        HeadlineLabels labels = new HeadlineLabels(services, t.locale());
        List<Map<String, Object>> charts = new ArrayList<>();
        int index = 0;
        for (Headline h : services.store().headlines(List.of(job)).getOrDefault(job, List.of())) {
            chart(charts, h.id(), labels.title(h), trend, v -> page.f().value(v, h.unit(), currency), index++);
        }
        chart(charts, RunStore.REJECTED_SHARE, t.get("kpi.rejectedShare"), trend, page.f()::rejectedShare, index);
        return charts;
    }

    /** A trend chart of one headline figure, when the trend has any value of it. */
    private void chart(List<Map<String, Object>> charts, String id, String title, List<TrendPoint> trend,
            java.util.function.Function<Double, String> format, int index) {
        Formats f = page.f();
        List<TrendChart.Point> points = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (TrendPoint p : trend) {
            Double v = p.values().get(id);
            if (v != null && Double.isFinite(v)) {
                points.add(new TrendChart.Point(f.period(p.period()), v, format.apply(v), "/runs/" + p.runId()));
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (points.isEmpty()) {
            return;
        }
        String svg = TrendChart.svg(page.t().get("chart.aria", title, points.size()), points, format.apply(lo),
                format.apply(hi), COLOURS.get(index % COLOURS.size()));
        charts.add(Map.of("kpi", id, "title", title, "svg", svg, "count", points.size()));
    }
}
