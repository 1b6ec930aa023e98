package io.klarsyn.runstore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.result.Direction;
import io.klarsyn.api.result.Unit;
import io.klarsyn.api.server.Headline;
import io.klarsyn.api.server.JobSummary;
import io.klarsyn.api.server.Retention;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunState;
import io.klarsyn.api.server.RunStore;
import io.klarsyn.api.server.TrendPoint;
import io.klarsyn.api.server.Trigger;
import io.klarsyn.database.internal.JdbcServerSchema;

class JdbcRunStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-03T06:00:00Z");
    private static final YearMonth OCT = YearMonth.of(2026, 10);
    private static final YearMonth SEP = YearMonth.of(2026, 9);

    @TempDir
    Path folder;

    private TestHome home;
    /** Keeps the H2 database open between the store's connections, as the server's pool does. */
    private Connection keeper;

    @BeforeEach
    void open() throws SQLException {
        home = new TestHome(folder, T0);
        keeper = dataSource().getConnection();
    }

    @AfterEach
    void close() throws SQLException {
        keeper.close();
    }

    private JdbcDataSource dataSource() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(home.databaseUrl());
        return dataSource;
    }

    private JdbcRunStore store() {
        return store(job -> Retention.DEFAULT);
    }

    private JdbcRunStore store(java.util.function.Function<String, Retention> retention) {
        return new JdbcRunStore(dataSource(), new JdbcServerSchema(dataSource()), home, retention);
    }

    @Test
    void runsAreNumberedPerJobAndARunOfAPeriodThatHasOneIsARerun() {
        JdbcRunStore store = store();
        RunRecord a1 = store.create("acme", OCT, Trigger.SCHEDULE);
        RunRecord a2 = store.create("acme", SEP, Trigger.CATCH_UP);
        RunRecord b1 = store.create("globex", OCT, Trigger.API);
        RunRecord a3 = store.create("acme", OCT, Trigger.MANUAL);

        assertThat(List.of(a1.number(), a2.number(), b1.number(), a3.number())).containsExactly(1, 2, 1, 3);
        assertThat(List.of(a1.rerun(), a2.rerun(), b1.rerun(), a3.rerun())).containsExactly(false, false, false, true);
        assertThat(List.of(a1.id(), a2.id(), b1.id(), a3.id())).isSorted().doesNotHaveDuplicates();
        assertThat(a1.status()).isEqualTo(RunState.QUEUED);
        assertThat(a1.queuedAt()).isEqualTo(T0);
        assertThat(a1.startedAt()).isNull();
        assertThat(store.run(a3.id())).contains(a3);
        assertThat(store.run(a3.id() + 100)).isEmpty();
    }

    @Test
    void aScheduledRunIsSkippedWhileThePeriodHasAQueuedRunningOrFinishedRunOtherThanAborted() {
        JdbcRunStore store = store();
        RunRecord first = store.createScheduled("acme", OCT, Trigger.SCHEDULE).orElseThrow();
        assertThat(store.createScheduled("acme", OCT, Trigger.CATCH_UP)).isEmpty();
        store.started(first.id());
        assertThat(store.createScheduled("acme", OCT, Trigger.SCHEDULE)).isEmpty();
        store.finished(first.id(), RunState.ABORTED, Map.of(), List.of("The server stopped while it ran."));

        RunRecord second = store.createScheduled("acme", OCT, Trigger.CATCH_UP).orElseThrow();
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.rerun()).isTrue();
        store.finished(second.id(), RunState.FAILURE, Map.of(), List.of("The data folder is missing."));
        assertThat(store.createScheduled("acme", OCT, Trigger.SCHEDULE)).isEmpty();

        assertThat(store.createScheduled("acme", SEP, Trigger.SCHEDULE)).isPresent();
        assertThat(store.createScheduled("globex", OCT, Trigger.SCHEDULE)).isPresent();
        assertThat(store.create("acme", OCT, Trigger.MANUAL).number()).isEqualTo(4);
    }

    @Test
    void ofTwoScheduledCreationsAtOnceOneMakesTheRun() throws Exception {
        JdbcRunStore store = store();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int month = 1; month <= 12; month++) {
                YearMonth period = YearMonth.of(2025, month);
                CyclicBarrier together = new CyclicBarrier(2);
                Callable<Optional<RunRecord>> create = () -> {
                    together.await();
                    return store.createScheduled("acme", period, Trigger.SCHEDULE);
                };
                Future<Optional<RunRecord>> one = threads.submit(create);
                Future<Optional<RunRecord>> other = threads.submit(create);
                assertThat(one.get().isPresent() ^ other.get().isPresent()).as("exactly one run for " + period).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
        List<RunRecord> runs = store.runs("acme", 0, 100);
        assertThat(runs).hasSize(12);
        assertThat(runs.stream().map(RunRecord::period).distinct()).hasSize(12);
        assertThat(runs.stream().map(RunRecord::number)).containsExactlyInAnyOrderElementsOf(range(1, 12));
    }

    @Test
    void concurrentCreationsOfOneJobGetDistinctNumbers() throws Exception {
        JdbcRunStore store = store();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CyclicBarrier together = new CyclicBarrier(2);
        Callable<Void> tenRuns = () -> {
            together.await();
            for (int i = 0; i < 10; i++) {
                store.create("acme", OCT, Trigger.API);
            }
            return null;
        };
        try {
            Future<Void> one = threads.submit(tenRuns);
            Future<Void> other = threads.submit(tenRuns);
            one.get();
            other.get();
        } finally {
            threads.shutdownNow();
        }
        // 2 threads x 10 runs: numbers 1..20, each once.
        assertThat(store.runs("acme", 0, 100).stream().map(RunRecord::number))
                .containsExactlyInAnyOrderElementsOf(range(1, 20));
    }

    @Test
    void aRunStartsAndFinishesWithItsDurationNumbersAndMessages() {
        JdbcRunStore store = store();
        RunRecord queued = store.create("acme", OCT, Trigger.API);
        home.clock.advance(Duration.ofSeconds(5));
        RunRecord running = store.started(queued.id());
        assertThat(running.status()).isEqualTo(RunState.RUNNING);
        assertThat(running.startedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(store.unfinished()).containsExactly(running);

        home.clock.advance(Duration.ofMillis(1234));
        RunRecord done = store.finished(queued.id(), RunState.UNSTABLE,
                ordered("cx.nps", 31.5, "customers.active", 2874.0, "rejectedShare", 0.012),
                List.of("Churn: the section failed.", "12 rows had\nno date."));

        // started at T0+5 s, finished at T0+5 s+1234 ms: 1234 ms
        assertThat(done.durationMs()).isEqualTo(1234L);
        assertThat(done.status()).isEqualTo(RunState.UNSTABLE);
        // in the order given (the headline figures' rank order), also when read back
        assertThat(done.kpis()).containsExactly(Map.entry("cx.nps", 31.5), Map.entry("customers.active", 2874.0),
                Map.entry("rejectedShare", 0.012));
        assertThat(store.run(queued.id()).orElseThrow().kpis()).containsExactly(Map.entry("cx.nps", 31.5),
                Map.entry("customers.active", 2874.0), Map.entry("rejectedShare", 0.012));
        assertThat(done.rejectedShare()).isEqualTo(0.012);
        assertThat(done.messages()).containsExactly("Churn: the section failed.", "12 rows had no date.");
        assertThat(store.unfinished()).isEmpty();
        assertThat(store.lastRun("acme")).contains(done);

        home.clock.advance(Duration.ofSeconds(1));
        assertThat(store.finished(queued.id(), RunState.ABORTED, Map.of(), List.of())).isEqualTo(done);
        assertThat(store.started(queued.id())).isEqualTo(done);
        assertThatThrownBy(() -> store.finished(queued.id(), RunState.RUNNING, Map.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.started(queued.id() + 100)).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aJobsHeadlinesAreDescribedAsItsNewestRunThatReportedEachDescribedThem() {
        JdbcRunStore store = store();
        Headline nps = new Headline("cx.nps", 50, "cx", "cx.nps", "Netto promotørscore", Unit.POINTS,
                Direction.HIGHER_IS_BETTER);
        Headline aov = new Headline("example.aov", 15, "example", "aov", "Gjennomsnittlig ordreverdi", Unit.CURRENCY,
                Direction.HIGHER_IS_BETTER);
        long first = store.create("acme", SEP, Trigger.API).id();
        store.started(first);
        store.finished(first, RunState.SUCCESS, ordered("example.aov", 412.5, "cx.nps", 31.5), List.of(aov, nps),
                List.of());
        // the next run is in Swedish and the plugin is gone: NPS is described anew, the plugin's headline kept
        Headline npsSv = new Headline("cx.nps", 50, "cx", "cx.nps", "Nettopromotorindex", Unit.POINTS,
                Direction.HIGHER_IS_BETTER);
        long second = store.create("acme", OCT, Trigger.API).id();
        store.started(second);
        store.finished(second, RunState.SUCCESS, ordered("cx.nps", 33.0), List.of(npsSv), List.of());
        long other = store.create("beta", OCT, Trigger.API).id();
        store.started(other);
        store.finished(other, RunState.SUCCESS, ordered("cx.nps", 10.0), List.of(nps), List.of());

        // by rank within each job; a job without runs is absent
        assertThat(store.headlines(List.of("beta", "acme", "gamma"))).containsExactly(
                Map.entry("beta", List.of(nps)), Map.entry("acme", List.of(aov, npsSv)));
        assertThat(store.headlines(List.of())).isEmpty();
    }

    /** Runs recorded before headlines were described: the shipped metrics' figures are described by V4. */
    @Test
    void historyFromBeforeVersion4GetsTheShippedHeadlinesDescribed() throws SQLException {
        new JdbcServerSchema(dataSource()).migrate(JdbcRunStore.COMPONENT, JdbcRunStore.class.getClassLoader(),
                JdbcRunStore.MIGRATIONS, JdbcRunStore.SCRIPTS.subList(0, 3));
        try (java.sql.Statement st = keeper.createStatement()) {
            st.execute("INSERT INTO runs (id, job, number, period, trigger, rerun, status, queued_at) "
                    + "VALUES (7, 'acme', 1, '2026-10', 'API', FALSE, 'SUCCESS', TIMESTAMP WITH TIME ZONE "
                    + "'2026-11-03 06:00:00+00')");
            st.execute("INSERT INTO run_kpis (run_id, name, kpi_value, kpi_rank) VALUES (7, 'churn.monthly.rate', "
                    + "0.02, 0), (7, 'clv.predicted', 1874.5, 1), (7, 'rejectedShare', 0, 2)");
        }
        JdbcRunStore store = store();
        assertThat(store.headlines(List.of("acme")).get("acme")).containsExactly(
                new Headline("churn.monthly.rate", 20, "churn", "churn.monthly.rate", "churn.monthly.rate",
                        Unit.FRACTION, Direction.LOWER_IS_BETTER),
                new Headline("clv.predicted", 40, "clv", "clv.predicted", "clv.predicted", Unit.CURRENCY,
                        Direction.HIGHER_IS_BETTER));
    }

    @Test
    void theChangeCountOfAJobGrowsWithEachOfItsRunsQueuedStartedAndFinished() {
        JdbcRunStore store = store();
        assertThat(store.changes("acme")).isZero();
        RunRecord queued = store.create("acme", OCT, Trigger.API);
        assertThat(store.changes("acme")).isEqualTo(1);
        store.started(queued.id());
        assertThat(store.changes("acme")).isEqualTo(2);
        store.finished(queued.id(), RunState.SUCCESS, Map.of("cx.nps", 30.0), List.of());
        assertThat(store.changes("acme")).isEqualTo(3);
        assertThat(store.createScheduled("acme", OCT.plusMonths(1), Trigger.SCHEDULE)).isPresent();
        assertThat(store.changes("acme")).isEqualTo(4);
        // another job's runs are another count
        store.create("globex", OCT, Trigger.API);
        assertThat(store.changes("acme")).isEqualTo(4);
        assertThat(store.changes("globex")).isEqualTo(1);
    }

    @Test
    void aQueuedRunAbortedBeforeItStartedRanForNoTime() {
        JdbcRunStore store = store();
        RunRecord queued = store.create("acme", OCT, Trigger.API);
        home.clock.advance(Duration.ofSeconds(30));
        RunRecord aborted = store.finished(queued.id(), RunState.ABORTED, Map.of(), List.of("Aborted by a person."));
        assertThat(aborted.startedAt()).isNull();
        assertThat(aborted.durationMs()).isZero();
        assertThat(aborted.rejectedShare()).isNull();
    }

    @Test
    void historyListsNewestFirstInPagesAndUnfinishedOldestFirst() {
        JdbcRunStore store = store();
        List<RunRecord> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(store.create("acme", OCT.minusMonths(i), Trigger.CATCH_UP));
        }
        store.create("globex", OCT, Trigger.API);
        assertThat(store.runs("acme", 0, 2).stream().map(RunRecord::number)).containsExactly(5, 4);
        assertThat(store.runs("acme", 2, 2).stream().map(RunRecord::number)).containsExactly(3, 2);
        assertThat(store.runs("acme", 4, 2).stream().map(RunRecord::number)).containsExactly(1);
        assertThat(store.runs("nobody", 0, 2)).isEmpty();
        assertThat(store.lastRun("acme").orElseThrow().number()).isEqualTo(5);
        assertThat(store.lastRun("nobody")).isEmpty();
        store.started(made.get(1).id());
        assertThat(store.unfinished().stream().map(RunRecord::id)).isSorted().hasSize(6);
    }

    @Test
    void aRestartedStoreKeepsHistoryAndNeverReusesAnId() throws SQLException {
        JdbcRunStore before = store();
        RunRecord first = before.create("acme", SEP, Trigger.SCHEDULE);
        before.started(first.id());
        before.finished(first.id(), RunState.SUCCESS, Map.of("cx.nps", 40.0), List.of());
        RunRecord second = before.create("acme", OCT, Trigger.SCHEDULE);
        List<RunRecord> history = before.runs("acme", 0, 10);
        keeper.close();
        // No connection is open now: H2 has closed the database file; the next store opens it again.
        keeper = dataSource().getConnection();

        JdbcRunStore after = store();
        assertThat(after.runs("acme", 0, 10)).isEqualTo(history);
        assertThat(after.unfinished()).containsExactly(second);
        RunRecord third = after.create("acme", OCT, Trigger.MANUAL);
        assertThat(third.id()).isGreaterThan(second.id());
        assertThat(third.number()).isEqualTo(3);
        assertThat(third.rerun()).isTrue();
        assertThat(after.trend("acme")).hasSize(1);
    }

    @Test
    void theTrendHasOnePointPerPeriodFromItsNewestSuccessfulOrUnstableRun() {
        JdbcRunStore store = store();
        long aug = finish(store, YearMonth.of(2026, 8), RunState.SUCCESS, Map.of("cx.nps", 10.0, "rejectedShare", 0.01));
        finish(store, SEP, RunState.SUCCESS, Map.of("cx.nps", 20.0));
        long sepRerun = finish(store, SEP, RunState.UNSTABLE, Map.of("cx.nps", 25.0, "rejectedShare", 0.2));
        finish(store, SEP, RunState.FAILURE, Map.of());
        finish(store, OCT, RunState.FAILURE, Map.of());
        long jul = finish(store, YearMonth.of(2026, 7), RunState.SUCCESS, Map.of("cx.nps", 5.0));
        store.create("acme", YearMonth.of(2026, 11), Trigger.MANUAL);
        finish(store, "globex", SEP, RunState.SUCCESS, Map.of("cx.nps", 99.0));

        // July (made last, but the oldest period), August, September's UNSTABLE rerun (its newest that
        // produced numbers; the FAILURE after it produced none); October only failed, November is queued.
        assertThat(store.trend("acme")).containsExactly(
                new TrendPoint(YearMonth.of(2026, 7), jul, RunState.SUCCESS, Map.of("cx.nps", 5.0)),
                new TrendPoint(YearMonth.of(2026, 8), aug, RunState.SUCCESS, Map.of("cx.nps", 10.0, "rejectedShare", 0.01)),
                new TrendPoint(SEP, sepRerun, RunState.UNSTABLE, Map.of("cx.nps", 25.0, "rejectedShare", 0.2)));
        assertThat(store.trend("nobody")).isEmpty();
    }

    @Test
    void summariesGiveEveryJobsNewestRunsAndNewestTwoTrendPointsInOneQuery() {
        JdbcRunStore store = store();
        long aug = finish(store, YearMonth.of(2026, 8), RunState.SUCCESS, Map.of("cx.nps", 10.0, "rejectedShare", 0.01));
        finish(store, SEP, RunState.SUCCESS, Map.of("cx.nps", 20.0));
        long sepRerun = finish(store, SEP, RunState.UNSTABLE, Map.of("cx.nps", 25.0, "rejectedShare", 0.2));
        long sepFailed = finish(store, SEP, RunState.FAILURE, Map.of());
        long octFailed = finish(store, OCT, RunState.FAILURE, Map.of());
        long jul = finish(store, YearMonth.of(2026, 7), RunState.SUCCESS, Map.of("cx.nps", 5.0));
        RunRecord nov = store.create("acme", YearMonth.of(2026, 11), Trigger.MANUAL);
        long globex = finish(store, "globex", SEP, RunState.SUCCESS, Map.of());

        Map<String, JobSummary> summaries = store.summaries(List.of("globex", "nobody", "acme"), 3);

        // acme's runs are #1 Aug, #2 Sep, #3 Sep UNSTABLE, #4 Sep FAILURE, #5 Oct FAILURE, #6 Jul, #7 Nov
        // queued: the newest three are #7, #6, #5. Its trend's newest periods are September (the
        // UNSTABLE rerun, the newest that succeeded) and August; July was made later but is older.
        // globex has one run, with no numbers: one trend point with none. "nobody" has no runs.
        assertThat(summaries.keySet()).containsExactly("globex", "acme");
        JobSummary acme = summaries.get("acme");
        assertThat(acme.recent()).containsExactly(
                new JobSummary.Run(nov.id(), 7, YearMonth.of(2026, 11), RunState.QUEUED),
                new JobSummary.Run(jul, 6, YearMonth.of(2026, 7), RunState.SUCCESS),
                new JobSummary.Run(octFailed, 5, OCT, RunState.FAILURE));
        assertThat(acme.last().id()).isEqualTo(nov.id());
        assertThat(acme.latest()).isEqualTo(
                new TrendPoint(SEP, sepRerun, RunState.UNSTABLE, Map.of("cx.nps", 25.0, "rejectedShare", 0.2)));
        assertThat(acme.previous()).isEqualTo(
                new TrendPoint(YearMonth.of(2026, 8), aug, RunState.SUCCESS, Map.of("cx.nps", 10.0, "rejectedShare", 0.01)));
        assertThat(summaries.get("globex")).isEqualTo(new JobSummary("globex",
                List.of(new JobSummary.Run(globex, 1, SEP, RunState.SUCCESS)),
                new TrendPoint(SEP, globex, RunState.SUCCESS, Map.of()), null));
        assertThat(sepFailed).isPositive();

        // the interface's default (job by job through runs and trend) answers the same
        RunStore jobByJob = (RunStore) Proxy.newProxyInstance(RunStore.class.getClassLoader(),
                new Class<?>[] {RunStore.class}, (proxy, method, args) -> method.isDefault()
                        ? InvocationHandler.invokeDefault(proxy, method, args) : method.invoke(store, args));
        assertThat(jobByJob.summaries(List.of("globex", "nobody", "acme"), 3)).isEqualTo(summaries);
        assertThat(store.summaries(List.of("acme"), 1).get("acme").recent()).hasSize(1);

        // the answer kept in memory is not served after this store changed something
        store.started(nov.id());
        assertThat(store.summaries(List.of("acme"), 3).get("acme").last().status()).isEqualTo(RunState.RUNNING);
        store.finished(nov.id(), RunState.SUCCESS, Map.of("cx.nps", 30.0), List.of());
        JobSummary after = store.summaries(List.of("acme"), 3).get("acme");
        assertThat(after.last().status()).isEqualTo(RunState.SUCCESS);
        assertThat(after.latest()).isEqualTo(
                new TrendPoint(YearMonth.of(2026, 11), nov.id(), RunState.SUCCESS, Map.of("cx.nps", 30.0)));
        assertThat(after.previous().period()).isEqualTo(SEP);
        long made = store.create("acme", OCT, Trigger.API).id();
        assertThat(store.summaries(List.of("acme"), 3).get("acme").last().id()).isEqualTo(made);
        assertThatThrownBy(() -> store.summaries(List.of("acme"), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void artifactsAreTheThreeKnownFilesOfARunFolderAndNothingElse() throws Exception {
        JdbcRunStore store = store();
        RunRecord run = store.create("acme", OCT, Trigger.API);
        Path artifacts = store.artifactFolder(run.id());
        assertThat(artifacts).isEqualTo(folder.resolve("runs").resolve(Long.toString(run.id()))).isDirectory();
        Files.writeString(artifacts.resolve("report.pdf"), "%PDF");
        Files.writeString(artifacts.resolve("notes.txt"), "private");
        Files.writeString(folder.resolve("runs/secret.txt"), "private");

        assertThat(store.artifact(run.id(), "report.pdf")).contains(artifacts.resolve("report.pdf"));
        assertThat(store.artifact(run.id(), "metrics.json")).isEmpty();
        assertThat(store.artifact(run.id(), "notes.txt")).isEmpty();
        assertThat(store.artifact(run.id(), "../secret.txt")).isEmpty();
        assertThat(store.artifact(run.id(), "../" + run.id() + "/report.pdf")).isEmpty();
        assertThat(store.artifact(-1, "report.pdf")).isEmpty();
        assertThat(store.run(run.id()).orElseThrow().artifacts()).containsExactly("report.pdf");
        assertThatThrownBy(() -> store.artifactFolder(run.id() + 100)).isInstanceOf(NoSuchElementException.class);
    }

    /** Issue 17 item 11: the run store's failed artifact write says why, in the engine's words. */
    @Test
    void anArtifactFolderThatCannotBeMadeSaysWhy() throws Exception {
        JdbcRunStore store = store();
        RunRecord run = store.create("acme", OCT, Trigger.API);
        Files.createDirectories(folder.resolve("runs"));
        Files.writeString(folder.resolve("runs").resolve(Long.toString(run.id())), "a file where the folder goes");
        assertThatThrownBy(() -> store.artifactFolder(run.id())).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageStartingWith("cannot create the artifact folder " + folder.resolve("runs").resolve(Long.toString(run.id())) + ": ")
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("not a directory", "a file of that name already exists"));
    }

    @Test
    void retentionByCountDeletesOnlyTheArtifactsOfOlderFinishedRuns() throws Exception {
        JdbcRunStore store = store(job -> new Retention(2, 0));
        RunRecord stillQueued = store.create("acme", YearMonth.of(2026, 6), Trigger.API);
        Files.writeString(store.artifactFolder(stillQueued.id()).resolve("run.log"), "waiting");
        Files.writeString(folder.resolve("runs/keep.txt"), "not a run");
        long r2 = finishWithLog(store, "acme", YearMonth.of(2026, 7));
        long r3 = finishWithLog(store, "acme", YearMonth.of(2026, 8));
        long other = finishWithLog(store, "globex", YearMonth.of(2026, 8));
        long r4 = finishWithLog(store, "acme", YearMonth.of(2026, 9));

        // acme newest first: r4, r3 kept (2); r2 is 3rd: deleted; the queued run is 4th but unfinished: kept.
        assertThat(folder.resolve("runs/" + r2)).doesNotExist();
        assertThat(folder.resolve("runs/" + r3 + "/run.log")).exists();
        assertThat(folder.resolve("runs/" + r4 + "/run.log")).exists();
        assertThat(folder.resolve("runs/" + stillQueued.id() + "/run.log")).exists();
        assertThat(folder.resolve("runs/" + other + "/run.log")).exists();
        assertThat(folder.resolve("runs/keep.txt")).exists();
        assertThat(store.run(r2).orElseThrow().artifacts()).isEmpty();
        assertThat(store.run(r3).orElseThrow().artifacts()).containsExactly("run.log");
        assertThat(store.runs("acme", 0, 10)).hasSize(4);
    }

    @Test
    void retentionByAgeDeletesTheArtifactsOfRunsQueuedMoreThanThatManyDaysAgo() throws Exception {
        JdbcRunStore store = store(job -> new Retention(0, 400));
        long old = finishWithLog(store, "acme", YearMonth.of(2025, 9));
        home.clock.advance(Duration.ofDays(400));
        long fresh = finishWithLog(store, "acme", YearMonth.of(2026, 9));
        // exactly 400 days old: kept
        assertThat(folder.resolve("runs/" + old + "/run.log")).exists();
        home.clock.advance(Duration.ofDays(1));
        finishWithLog(store, "acme", YearMonth.of(2026, 10));
        // 401 days old: deleted; the one queued a day ago stays
        assertThat(folder.resolve("runs/" + old)).doesNotExist();
        assertThat(folder.resolve("runs/" + fresh + "/run.log")).exists();
    }

    @Test
    void theDefaultsKeepFiftyRunsAndFourHundredDays() {
        assertThat(Retention.DEFAULT).isEqualTo(new Retention(50, 400));
    }

    @Test
    void activatingTwiceOnOneDatabaseMigratesOnce() {
        store().create("acme", OCT, Trigger.API);
        assertThat(store().runs("acme", 0, 10)).hasSize(1);
    }

    private long finish(JdbcRunStore store, YearMonth period, RunState status, Map<String, Double> kpis) {
        return finish(store, "acme", period, status, kpis);
    }

    private long finish(JdbcRunStore store, String job, YearMonth period, RunState status, Map<String, Double> kpis) {
        RunRecord run = store.create(job, period, Trigger.MANUAL);
        store.started(run.id());
        store.finished(run.id(), status, kpis, List.of());
        return run.id();
    }

    private long finishWithLog(JdbcRunStore store, String job, YearMonth period) throws Exception {
        RunRecord run = store.create(job, period, Trigger.MANUAL);
        store.started(run.id());
        Files.writeString(store.artifactFolder(run.id()).resolve("run.log"), "done");
        store.finished(run.id(), RunState.SUCCESS, Map.of(), List.of());
        return run.id();
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    private static Map<String, Double> ordered(Object... namesAndValues) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], (Double) namesAndValues[i + 1]);
        }
        return m;
    }
}
