package io.klarsyn.webui.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.klarsyn.api.run.Branding;
import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.JobRegistry;
import io.klarsyn.api.server.JobScheduler;
import io.klarsyn.api.server.RunQueue;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunState;
import io.klarsyn.api.server.RunStore;
import io.klarsyn.api.server.ServerHome;
import io.klarsyn.api.server.TrendPoint;
import io.klarsyn.api.server.Trigger;

/** In-memory stand-ins of the server services the pages read (a copy of the API bundle's test double). */
final class FakeServer implements JobRegistry, JobScheduler, RunStore, RunQueue {

    final Map<String, JobEntry> jobs = new LinkedHashMap<>();
    final Map<String, List<ZonedDateTime>> fireTimes = new HashMap<>();
    final Map<Long, RunRecord> runs = new LinkedHashMap<>();
    final Map<Long, StringBuilder> logs = new HashMap<>();
    final Map<String, List<TrendPoint>> trends = new HashMap<>();
    final Map<Long, Map<String, Path>> artifacts = new HashMap<>();
    long nextId = 1;

    static JobEntry validJob(String name, String client, String schedule, ZoneId zone) {
        JobSpec spec = new JobSpec(name, "csv", Locale.forLanguageTag("nb-NO"), "NOK", zone,
                new Branding(client, null, null), Map.of());
        return new JobEntry(name, Path.of("jobs", name + ".json"),
                new JobDefinition(spec, schedule, "0 0 6 3 * ?", List.of("cfo@example.com")), null);
    }

    static JobEntry invalidJob(String name, String problem) {
        return new JobEntry(name, Path.of("jobs", name + ".json"), null, problem);
    }

    void add(JobEntry entry) {
        jobs.put(entry.name(), entry);
    }

    RunRecord put(String job, YearMonth period, RunState status, Trigger trigger) {
        long id = nextId++;
        int number = (int) runs.values().stream().filter(r -> r.job().equals(job)).count() + 1;
        boolean rerun = runs.values().stream().anyMatch(r -> r.job().equals(job) && r.period().equals(period));
        RunRecord run = new RunRecord(id, job, number, period, trigger, rerun, status,
                Instant.parse("2026-11-03T05:00:00Z").plusSeconds(60 * id), null, null, Map.of(), null, List.of(), List.of());
        runs.put(id, run);
        return run;
    }

    void replace(RunRecord run) {
        runs.put(run.id(), run);
    }

    RunRecord withStatus(long id, RunState status) {
        RunRecord r = runs.get(id);
        RunRecord changed = new RunRecord(r.id(), r.job(), r.number(), r.period(), r.trigger(), r.rerun(), status,
                r.queuedAt(), r.startedAt(), r.durationMs(), r.kpis(), r.rejectedShare(), r.messages(), r.artifacts());
        runs.put(id, changed);
        return changed;
    }

    @Override
    public List<JobEntry> jobs() {
        return List.copyOf(jobs.values());
    }

    @Override
    public Optional<JobEntry> job(String name) {
        return Optional.ofNullable(jobs.get(name));
    }

    @Override
    public List<ZonedDateTime> nextRuns(String job, int count) {
        List<ZonedDateTime> all = fireTimes.getOrDefault(job, List.of());
        return all.subList(0, Math.min(count, all.size()));
    }

    @Override
    public RunRecord submit(String job, YearMonth period, Trigger trigger) {
        JobEntry entry = jobs.get(job);
        if (entry == null || !entry.valid()) {
            throw new IllegalArgumentException("job " + job + " cannot run");
        }
        return put(job, period, RunState.QUEUED, trigger);
    }

    @Override
    public Optional<RunRecord> submitScheduled(String job, YearMonth period, Trigger trigger) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean abort(long id) {
        RunRecord run = runs.get(id);
        if (run == null || run.status().finished()) {
            return false;
        }
        withStatus(id, RunState.ABORTED);
        return true;
    }

    @Override
    public String log(long id, long offset) {
        StringBuilder log = logs.getOrDefault(id, new StringBuilder());
        return offset >= log.length() ? "" : log.substring((int) offset);
    }

    @Override
    public RunRecord create(String job, YearMonth period, Trigger trigger) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<RunRecord> createScheduled(String job, YearMonth period, Trigger trigger) {
        throw new UnsupportedOperationException();
    }

    @Override
    public RunRecord started(long id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public RunRecord finished(long id, RunState status, Map<String, Double> kpis, List<String> messages) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<RunRecord> run(long id) {
        return Optional.ofNullable(runs.get(id));
    }

    @Override
    public List<RunRecord> runs(String job, int offset, int limit) {
        List<RunRecord> list = new ArrayList<>(runs.values().stream().filter(r -> r.job().equals(job))
                .sorted(Comparator.comparingLong(RunRecord::id).reversed()).toList());
        return list.subList(Math.min(offset, list.size()), Math.min(offset + limit, list.size()));
    }

    @Override
    public List<RunRecord> unfinished() {
        return runs.values().stream().filter(r -> !r.status().finished()).toList();
    }

    @Override
    public Optional<RunRecord> lastRun(String job) {
        return runs(job, 0, 1).stream().findFirst();
    }

    /** What each job's headline figures are called, by job (as the run store keeps them). */
    final Map<String, List<io.klarsyn.api.server.Headline>> headlines = new java.util.HashMap<>();

    @Override
    public Map<String, List<io.klarsyn.api.server.Headline>> headlines(java.util.Collection<String> jobs) {
        Map<String, List<io.klarsyn.api.server.Headline>> out = new java.util.LinkedHashMap<>();
        jobs.stream().filter(headlines::containsKey).forEach(j -> out.put(j, headlines.get(j)));
        return out;
    }

    @Override
    public List<TrendPoint> trend(String job) {
        return trends.getOrDefault(job, List.of());
    }

    @Override
    public Path artifactFolder(long id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Path> artifact(long id, String name) {
        return Optional.ofNullable(artifacts.getOrDefault(id, Map.of()).get(name));
    }

    /** The server's clock: 2026-11-15 12:00 UTC, so "run now" reports October 2026 in Europe/Oslo. */
    Clock clock = Clock.fixed(Instant.parse("2026-11-15T12:00:00Z"), ZoneOffset.UTC);

    /** The settings the engine declares: none unless a test gives them. */
    List<io.klarsyn.api.settings.SettingDescriptor> settings = List.of();

    /** An engine with the CSV connector and the {@link #settings}: enough for the pages that list plugins. */
    final io.klarsyn.api.run.ReportEngine engine = new io.klarsyn.api.run.ReportEngine() {
        @Override
        public io.klarsyn.api.run.RunResult run(JobSpec job, YearMonth period, Path outDir, io.klarsyn.api.run.ProgressListener progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void check(JobSpec job) {
        }

        @Override
        public List<io.klarsyn.api.run.PluginInfo> plugins() {
            return List.of(new io.klarsyn.api.run.PluginInfo("connector", "csv", "CSV files", "io.klarsyn.connector-csv", "0.1.0", List.of()));
        }

        @Override
        public List<io.klarsyn.api.settings.SettingDescriptor> settings() {
            return settings;
        }

        @Override
        public long changes() {
            return pluginChanges;
        }
    };

    final List<io.klarsyn.api.server.PluginHealth.Problem> problems = new ArrayList<>();

    final ServerHome home = new ServerHome() {
        @Override
        public Path home() {
            return Path.of("/srv/klarsyn-home");
        }

        @Override
        public String databaseUrl() {
            return "jdbc:postgresql://db/klarsyn?user=k&password=secret";
        }

        @Override
        public int concurrency() {
            return 2;
        }

        @Override
        public long runTimeoutSeconds() {
            return 1800;
        }

        @Override
        public Clock clock() {
            return clock;
        }
    };

    /** Changes with the job's runs and trend as they are now (tests change both directly). */
    @Override
    public long changes(String job) {
        List<RunRecord> of = runs.values().stream().filter(r -> r.job().equals(job)).toList();
        return Integer.toUnsignedLong(java.util.Objects.hash(of, trends.get(job)));
    }

    /** Changes with every job's runs and trend as they are now. */
    @Override
    public long changes() {
        return Integer.toUnsignedLong(java.util.Objects.hash(runs, trends));
    }

    /** Changes with the jobs as they are now (tests change them directly). */
    @Override
    public long jobChanges() {
        return Integer.toUnsignedLong(jobs.hashCode());
    }

    /** The engine's count of plugin changes ({@link io.klarsyn.api.run.ReportEngine#changes()}): tests set it. */
    long pluginChanges;

    Services services(List<Services.BundleRow> bundles) {
        return new Services(home, this, this, this, this, null, () -> java.util.Optional.of(engine), () -> bundles, () -> problems, "0.1.0.TEST");
    }
}
