package io.klarsyn.runner.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.run.PluginInfo;
import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.api.run.ReportEngine;
import io.klarsyn.api.run.RunResult;
import io.klarsyn.api.run.RunStatus;
import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.JobRegistry;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunState;
import io.klarsyn.api.server.RunStore;
import io.klarsyn.api.server.ServerHome;
import io.klarsyn.api.server.TrendPoint;
import io.klarsyn.api.server.Trigger;
import io.klarsyn.api.settings.SettingDescriptor;

/** In-memory server services for the run queue's tests. */
final class Fakes {

    private Fakes() {
    }

    /** A clock that moves only when told. */
    static final class SetClock extends Clock {
        private final AtomicReference<Instant> now;

        SetClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    record Home(Path home, int concurrency, long runTimeoutSeconds, SetClock clock) implements ServerHome {
        @Override
        public String databaseUrl() {
            return "jdbc:none";
        }
    }

    static final class Jobs implements JobRegistry {
        private final Map<String, JobEntry> entries = new ConcurrentHashMap<>();

        Jobs valid(String... names) {
            for (String name : names) {
                JobSpec spec = new JobSpec(name, "fake", Locale.ENGLISH, "NOK", ZoneId.of("Europe/Oslo"), null,
                        Map.of());
                entries.put(name, new JobEntry(name, Path.of(name + ".json"),
                        new JobDefinition(spec, "@monthly", "0 0 6 3 * ?", List.of()), null));
            }
            return this;
        }

        Jobs invalid(String name, String problem) {
            entries.put(name, new JobEntry(name, Path.of(name + ".json"), null, problem));
            return this;
        }

        @Override
        public List<JobEntry> jobs() {
            return List.copyOf(entries.values());
        }

        @Override
        public Optional<JobEntry> job(String name) {
            return Optional.ofNullable(entries.get(name));
        }
    }

    /** Runs in a map; {@link #awaitFinished} waits for so many {@code finished} calls. */
    static final class Store implements RunStore {
        private final Map<Long, RunRecord> runs = new LinkedHashMap<>();
        private final Semaphore finishes = new Semaphore(0);
        private final Path root;
        private final Clock clock;
        private long nextId = 1;

        Store(Path root, Clock clock) {
            this.root = root;
            this.clock = clock;
        }

        void awaitFinished(int count) throws InterruptedException {
            finishes.acquire(count);
        }

        /** Puts a run as an earlier server left it. */
        synchronized RunRecord put(String job, YearMonth period, Trigger trigger, RunState status, List<String> messages) {
            RunRecord r = new RunRecord(nextId++, job, number(job), period, trigger, hasRun(job, period), status,
                    clock.instant(), status == RunState.QUEUED ? null : clock.instant(), null, Map.of(), null,
                    messages, List.of());
            runs.put(r.id(), r);
            return r;
        }

        synchronized List<RunRecord> all() {
            return List.copyOf(runs.values());
        }

        private int number(String job) {
            return (int) runs.values().stream().filter(r -> r.job().equals(job)).count() + 1;
        }

        private boolean hasRun(String job, YearMonth period) {
            return runs.values().stream().anyMatch(r -> r.job().equals(job) && r.period().equals(period));
        }

        @Override
        public synchronized RunRecord create(String job, YearMonth period, Trigger trigger) {
            return put(job, period, trigger, RunState.QUEUED, List.of());
        }

        @Override
        public synchronized Optional<RunRecord> createScheduled(String job, YearMonth period, Trigger trigger) {
            boolean taken = runs.values().stream().anyMatch(r -> r.job().equals(job) && r.period().equals(period)
                    && r.status() != RunState.ABORTED);
            return taken ? Optional.empty() : Optional.of(create(job, period, trigger));
        }

        @Override
        public synchronized RunRecord started(long id) {
            RunRecord r = runs.get(id);
            if (r.status() == RunState.QUEUED) {
                r = with(r, RunState.RUNNING, clock.instant(), null, r.kpis(), r.messages());
            }
            return r;
        }

        @Override
        public RunRecord finished(long id, RunState status, Map<String, Double> kpis, List<String> messages) {
            RunRecord r;
            synchronized (this) {
                r = runs.get(id);
                if (!r.status().finished()) {
                    r = with(r, status, r.startedAt(), 0L, kpis, messages);
                }
            }
            finishes.release();
            return r;
        }

        private RunRecord with(RunRecord r, RunState status, Instant startedAt, Long duration,
                Map<String, Double> kpis, List<String> messages) {
            RunRecord n = new RunRecord(r.id(), r.job(), r.number(), r.period(), r.trigger(), r.rerun(), status,
                    r.queuedAt(), startedAt, duration, kpis, kpis.get("rejectedShare"), messages, List.of());
            runs.put(n.id(), n);
            return n;
        }

        @Override
        public synchronized Optional<RunRecord> run(long id) {
            return Optional.ofNullable(runs.get(id));
        }

        @Override
        public synchronized List<RunRecord> runs(String job, int offset, int limit) {
            return runs.values().stream().filter(r -> r.job().equals(job))
                    .sorted(Comparator.comparingLong(RunRecord::id).reversed()).skip(offset).limit(limit).toList();
        }

        @Override
        public synchronized List<RunRecord> unfinished() {
            return runs.values().stream().filter(r -> !r.status().finished()).toList();
        }

        @Override
        public synchronized Optional<RunRecord> lastRun(String job) {
            return runs(job, 0, 1).stream().findFirst();
        }

        @Override
        public List<TrendPoint> trend(String job) {
            return List.of();
        }

        @Override
        public Path artifactFolder(long id) {
            try {
                return Files.createDirectories(root.resolve(Long.toString(id)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Optional<Path> artifact(long id, String name) {
            Path f = root.resolve(Long.toString(id)).resolve(name);
            return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
        }
    }

    /** What the fake engine does for one run. */
    interface Behaviour {
        RunResult run(JobSpec job, YearMonth period, Path outDir, ProgressListener progress) throws Exception;
    }

    /** Runs each job by its behaviour (default: a SUCCESS with a small metrics.json); counts runs at once. */
    static final class Engine implements ReportEngine {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();

        Engine on(String job, Behaviour b) {
            behaviours.put(job, b);
            return this;
        }

        @Override
        public RunResult run(JobSpec job, YearMonth period, Path outDir, ProgressListener progress) {
            calls.incrementAndGet();
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                return behaviours.getOrDefault(job.name(), Fakes::success).run(job, period, outDir, progress);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public void check(JobSpec job) {
        }

        @Override
        public List<PluginInfo> plugins() {
            return List.of();
        }

        @Override
        public List<SettingDescriptor> settings() {
            return List.of();
        }
    }

    static final String SMALL_METRICS = """
            {"status": "SUCCESS",
             "dataQuality": {"files": {"transactions.csv": {"read": 200, "rejected": 5}}},
             "metrics": {"cx.nps": {"type": "kpi", "value": 12.5, "headline": 50}}}
            """;

    static RunResult success(JobSpec job, YearMonth period, Path out, ProgressListener progress) throws IOException {
        progress.log("INFO  [engine] job '" + job.name() + "'");
        return result(RunStatus.SUCCESS, out, SMALL_METRICS, List.of());
    }

    /** Writes metrics.json and run.log (the lines the listener was given are not known here: one line). */
    static RunResult result(RunStatus status, Path out, String metricsJson, List<String> messages) throws IOException {
        Path metrics = Files.writeString(out.resolve("metrics.json"), metricsJson);
        Path log = out.resolve("run.log");
        if (!Files.exists(log)) {
            Files.writeString(log, "INFO  [engine] status " + status + "\n");
        }
        return new RunResult(status, status == RunStatus.FAILURE ? null : out.resolve("report.pdf"), metrics, log,
                List.of(), messages);
    }

    static List<RunRecord> ofJob(List<RunRecord> runs, String job) {
        List<RunRecord> out = new ArrayList<>();
        for (RunRecord r : runs) {
            if (r.job().equals(job)) {
                out.add(r);
            }
        }
        return out;
    }
}
