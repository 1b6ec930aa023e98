package io.klarsyn.webui.internal;

import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.klarsyn.api.result.Direction;
import io.klarsyn.api.server.Headline;
import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.JobSummary;
import io.klarsyn.api.server.TrendPoint;

/**
 * The dashboard ({@code /}): clients and their jobs, each with the status of its last run (colour and
 * word), its period, the next scheduled run, the last run's headline KPIs with change arrows against
 * the period before, a strip of the last runs, and "run now"; filtered by client and status
 * ({@code ?client=...&status=...}), 50 jobs a page ({@code ?page=N}, from 0). The history of all jobs
 * comes from one {@link io.klarsyn.api.server.RunStore#summaries} call. Each job's row is rendered once
 * and kept ({@link Kept#rows}) with what it shows as the key: the job, its summary, the next fire time,
 * the period "run now" reports, whether the user may run it; a changed summary (a run queued, started,
 * finished) makes the row again. "Run now" and "New job" show only to users the
 * {@link io.klarsyn.api.security.Authorization} allows them. The whole page is kept too ({@link Kept#pages}), keyed by
 * the counts of changes of the job registry, the run store and the engine's plugins and by the user's controls
 * ({@link Kept.DashboardKey}): a repeat request reads the counts and asks the controls, and nothing else.
 */
final class DashboardPage {

    /** How many runs the strip shows. */
    static final int STRIP = 10;
    /** Jobs a page. */
    static final int PAGE_SIZE = 50;
    /**
     * How many headline figures the dashboard shows: those the metrics ranked highest among the jobs on the
     * page (the rest, and the rejected share, are on the job page).
     */
    static final int KPI_COLUMNS = 5;

    private final Services services;
    private final Page page;
    private final Kept kept;

    DashboardPage(Services services, Page page, Kept kept) {
        this.services = services;
        this.page = page;
        this.kept = kept;
    }

    Response render() {
        Texts t = page.t();
        String clientFilter = page.request().param("client");
        String statusFilter = page.request().param("status");
        // the counts of changes are read before what they count (a change between the two is seen next time)
        long jobChanges = services.jobs().jobChanges();
        long runChanges = services.store().changes();
        Object plugins = services.pluginsKey();
        boolean keep = jobChanges >= 0 && runChanges >= 0;
        Kept.PageSlot slot = new Kept.PageSlot(page.request().path(), page.request().params(), t.lang(),
                page.request().subject());
        java.time.Instant now = services.home().clock().instant();
        if (keep && kept.pages.key(slot) instanceof Kept.DashboardKey held && held.jobChanges() == jobChanges
                && held.runChanges() == runChanges && held.plugins().equals(plugins)) {
            // nothing the page was made from changed, so the same jobs are on it: only the user's controls are asked
            // again (of the Authorization, whose answers are not counted)
            Map<String, Boolean> mayRun = new LinkedHashMap<>();
            held.mayRun().keySet().forEach(job -> mayRun.put(job, page.may("POST", "/jobs/" + job + "/run")));
            Kept.DashboardKey key = new Kept.DashboardKey(jobChanges, runChanges, plugins, mayRun,
                    page.may("GET", "/jobs/new"));
            PageBytes bytes = kept.pages.find(slot, key, b -> b.current(now));
            if (bytes != null) {
                return page.send(200, bytes);
            }
        }
        List<JobEntry> entries = services.jobs().jobs();
        Map<String, JobSummary> summaries =
                services.store().summaries(entries.stream().map(JobEntry::name).toList(), STRIP);
        TreeSet<String> clients = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        int total = 0;
        List<JobEntry> shown = new ArrayList<>();
        for (JobEntry entry : entries) {
            String client = client(entry);
            if (!page.request().sees(client)) {
                continue;
            }
            total++;
            clients.add(client);
            if (clientFilter != null && !clientFilter.equals(client)) {
                continue;
            }
            if (statusFilter != null && !statusFilter.equals(filterStatus(entry, summaries.get(entry.name())))) {
                continue;
            }
            shown.add(entry);
        }
        shown.sort(Comparator.comparing(DashboardPage::client, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(JobEntry::name));
        int pages = Math.max(1, (shown.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int number = 0;
        String p = page.request().param("page");
        if (p != null && p.matches("\\d{1,6}")) {
            number = Math.min(Integer.parseInt(p), pages - 1);
        }
        List<JobEntry> onPage = shown.subList(number * PAGE_SIZE, Math.min(shown.size(), (number + 1) * PAGE_SIZE));
        // the Authorization's answer for a job's route depends on the user, the route and the job's client: asked
        // once per client on the page, for its first valid job (the key keeps which job that was)
        Map<String, Boolean> mayRun = new HashMap<>();
        Map<String, Boolean> mayRunByJob = new LinkedHashMap<>();
        for (JobEntry entry : onPage) {
            if (entry.valid()) {
                mayRun.computeIfAbsent(client(entry), c -> {
                    boolean may = page.may("POST", "/jobs/" + entry.name() + "/run");
                    mayRunByJob.put(entry.name(), may);
                    return may;
                });
            }
        }
        boolean mayCreate = page.may("GET", "/jobs/new");
        int shownCount = shown.size();
        int pageNumber = number;
        int totalCount = total;
        java.util.function.Supplier<PageBytes> make = () -> make(onPage, summaries, mayRun, mayCreate, clients,
                clientFilter, statusFilter, shownCount, pages, pageNumber, totalCount);
        if (!keep) {
            return page.send(200, make.get());
        }
        Kept.DashboardKey key = new Kept.DashboardKey(jobChanges, runChanges, plugins, mayRunByJob, mayCreate);
        return page.send(200, kept.pages.get(slot, key, held -> held.current(now), make));
    }

    /** @return the page, made from its kept rows */
    private PageBytes make(List<JobEntry> onPage, Map<String, JobSummary> summaries, Map<String, Boolean> mayRun,
            boolean mayCreate, TreeSet<String> clients, String clientFilter, String statusFilter, int shownCount, int pages,
            int number, int total) {
        Texts t = page.t();
        Map<String, List<Headline>> headlines = services.store().headlines(onPage.stream().map(JobEntry::name).toList());
        List<Headline> columns = columns(headlines);
        Map<String, List<Map<String, Object>>> byClient = new LinkedHashMap<>();
        Map<String, List<Fragment>> rowsByClient = new LinkedHashMap<>();
        for (JobEntry entry : onPage) {
            boolean may = entry.valid() && mayRun.get(client(entry));
            rowsByClient.computeIfAbsent(client(entry), c -> new ArrayList<>()).add(row(entry, summaries.get(entry.name()),
                    may, columns, headlines.getOrDefault(entry.name(), List.of())));
            byClient.computeIfAbsent(client(entry), c -> new ArrayList<>()).add(Map.of("html", Fragment.PART_MARKER));
        }
        List<Fragment> rowParts = new ArrayList<>();
        rowsByClient.values().forEach(rowParts::addAll);
        List<Map<String, Object>> groups = new ArrayList<>();
        // the client's heading spans the job, last run, next run, headline, strip and action columns
        int span = 5 + columns.size();
        byClient.forEach((client, rows) -> groups.add(Map.of("client", client, "jobs", rows, "index", groups.size() + 1,
                "span", span)));
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
        m.put("mayCreate", mayCreate);
        m.put("empty", groups.isEmpty());
        m.put("noJobs", total == 0);
        m.put("jobsFolder", services.home().jobs().toString());
        m.put("clients", clientOptions);
        m.put("statuses", statusOptions);
        m.put("filtered", clientFilter != null || statusFilter != null);
        HeadlineLabels labels = new HeadlineLabels(services, t.locale());
        m.put("kpiHeads", columns.stream().map(h -> Map.of("short", labels.shortTitle(h), "full", labels.title(h))).toList());
        m.put("selfUrl", page.withParam("_", null));
        if (pages > 1) {
            int from = number * PAGE_SIZE + 1;
            m.put("pager", Map.of(
                    "text", t.get("dashboard.pageOf", from, Math.min(shownCount, from + PAGE_SIZE - 1), shownCount),
                    "previousHref", number > 0 ? page.withParam("page", Integer.toString(number - 1)) : "",
                    "nextHref", number + 1 < pages ? page.withParam("page", Integer.toString(number + 1)) : ""));
        }
        return page.keep("dashboard", t.get("dashboard.title"), "dashboard", 0, m, rowParts, until);
    }

    static String client(JobEntry entry) {
        JobDefinition d = entry.definition();
        String client = d == null ? null : d.spec().branding().clientName();
        return client == null || client.isBlank() ? entry.name() : client;
    }

    private static String filterStatus(JobEntry entry, JobSummary summary) {
        return !entry.valid() ? "INVALID" : summary == null ? "NONE" : summary.last().status().name();
    }

    /** The headline figures ranked highest among these jobs (a figure's best rank counts), at most {@link #KPI_COLUMNS}. */
    static List<Headline> columns(Map<String, List<Headline>> headlines) {
        Map<String, Headline> best = new LinkedHashMap<>();
        for (List<Headline> job : headlines.values()) {
            for (Headline h : job) {
                best.merge(h.id(), h, (a, b) -> b.rank() < a.rank() ? b : a);
            }
        }
        return best.values().stream().sorted(Comparator.comparingInt(Headline::rank).thenComparing(Headline::id))
                .limit(KPI_COLUMNS).toList();
    }

    /** The first time the clock changes something on the page (see {@link PageBytes#current}), or null. */
    private java.time.Instant until;

    private void earliest(java.time.Instant time) {
        if (until == null || time.isBefore(until)) {
            until = time;
        }
    }

    /** @return the job's row, kept while what it shows stays the same */
    private Fragment row(JobEntry entry, JobSummary summary, boolean mayRun, List<Headline> columns,
            List<Headline> own) {
        ZonedDateTime nextRun = null;
        YearMonth runPeriod = null;
        if (entry.valid()) {
            List<ZonedDateTime> next = kept.nextRuns(services, entry, 1);
            nextRun = next.isEmpty() ? null : next.get(0);
            runPeriod = Ui.defaultPeriod(services, entry);
            // the row shows another fire time once this one has come, another period to run next month
            ZoneId zone = entry.definition().spec().zone();
            earliest(runPeriod.plusMonths(2).atDay(1).atStartOfDay(zone).toInstant());
            if (nextRun != null) {
                earliest(nextRun.toInstant());
            }
        }
        Kept.RowKey key = new Kept.RowKey(entry, summary, runPeriod, nextRun, mayRun, columns, own);
        ZonedDateTime next = nextRun;
        YearMonth period = runPeriod;
        return kept.rows.get(new Kept.RowSlot(entry.name(), page.t().lang(), mayRun), key, () -> {
            Map<String, Object> m = row(entry, summary, next, period, columns, own);
            m.put("mayRun", mayRun);
            m.put("t", page.t().all());
            m.put("csrf", Fragment.CSRF_MARKER);
            return new Fragment(page.templates().render("dashboard-row", m));
        });
    }

    private Map<String, Object> row(JobEntry entry, JobSummary summary, ZonedDateTime nextRun, YearMonth runPeriod,
            List<Headline> columns, List<Headline> own) {
        Texts t = page.t();
        Formats f = page.f();
        String name = entry.name();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        row.put("href", "/jobs/" + Ui.url(name));
        row.put("runHref", "/jobs/" + Ui.url(name) + "/run");
        row.put("valid", entry.valid());
        row.put("problem", entry.valid() ? null : entry.problem());
        String currency = entry.definition() == null ? null : entry.definition().spec().currency();
        JobSummary.Run last = summary == null ? null : summary.last();
        row.put("status", Ui.status(last == null ? null : last.status(), t));
        if (last != null) {
            row.put("lastHref", "/runs/" + last.id());
            row.put("lastPeriod", f.period(last.period()));
            row.put("lastNumber", last.number());
        }
        if (entry.valid()) {
            row.put("nextRun", nextRun == null ? null : f.time(nextRun));
            row.put("runPeriod", runPeriod.toString());
        }
        List<Map<String, Object>> strip = new ArrayList<>();
        List<JobSummary.Run> oldestFirst = new ArrayList<>(summary == null ? List.of() : summary.recent());
        Collections.reverse(oldestFirst);
        for (JobSummary.Run r : oldestFirst) {
            Map<String, Object> s = new LinkedHashMap<>(Ui.status(r.status(), t));
            s.put("href", "/runs/" + r.id());
            s.put("label", "#" + r.number() + " " + f.period(r.period()) + ": " + s.get("word"));
            strip.add(s);
        }
        row.put("strip", strip);
        row.put("kpis", kpis(summary == null ? null : summary.latest(), summary == null ? null : summary.previous(),
                currency, columns, own));
        return row;
    }

    /** The newest trend point's KPIs, each with an arrow against the point before it. */
    private List<Map<String, Object>> kpis(TrendPoint now, TrendPoint before, String currency, List<Headline> columns,
            List<Headline> own) {
        Texts t = page.t();
        Formats f = page.f();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Headline column : columns) {
            Headline h = own.stream().filter(o -> o.id().equals(column.id())).findFirst().orElse(column);
            Map<String, Object> cell = new LinkedHashMap<>();
            Double value = now == null ? null : now.values().get(h.id());
            cell.put("value", f.value(value, h.unit(), currency));
            Double previous = before == null ? null : before.values().get(h.id());
            Change change = Change.of(h.direction(), value, previous);
            if (change != null) {
                cell.put("arrow", change.arrow());
                cell.put("tone", change.tone());
                cell.put("changeWord", t.get("change." + change.direction(), f.value(previous, h.unit(), currency)));
            }
            out.add(cell);
        }
        return out;
    }

    /**
     * A KPI's change against the period before: its direction and whether that is good for the
     * client, by the way the metric says is good (churn is better when it falls).
     */
    record Change(String direction, String arrow, String tone) {

        static Change of(Direction good, Double now, Double before) {
            if (now == null || before == null || !Double.isFinite(now) || !Double.isFinite(before)) {
                return null;
            }
            double scale = Math.max(Math.abs(before), 1e-12);
            if (Math.abs(now - before) / scale < 0.0005) {
                return new Change("flat", "→", "neutral");
            }
            boolean up = now > before;
            String tone = good == Direction.NEUTRAL ? "neutral"
                    : up == (good == Direction.HIGHER_IS_BETTER) ? "good" : "bad";
            return new Change(up ? "up" : "down", up ? "↑" : "↓", tone);
        }
    }
}
