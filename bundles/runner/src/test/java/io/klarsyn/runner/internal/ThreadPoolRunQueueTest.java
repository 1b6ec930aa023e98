package io.klarsyn.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.run.RunStatus;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunState;
import io.klarsyn.api.server.Trigger;

/** The run queue over in-memory fakes: the limit, abort, time budget, failures, restart, live log. */
class ThreadPoolRunQueueTest {

    private static final YearMonth OCT = YearMonth.of(2026, 10);

    @TempDir
    Path home;

    private final Fakes.SetClock clock = new Fakes.SetClock(Instant.parse("2026-11-03T06:00:00Z"));
    private final Fakes.Jobs jobs = new Fakes.Jobs();
    private final Fakes.Engine engine = new Fakes.Engine();
    private Fakes.Store store;
    private final List<ThreadPoolRunQueue> queues = new ArrayList<>();

    private ThreadPoolRunQueue queue(int concurrency, long budgetSeconds) {
        if (store == null) {
            store = new Fakes.Store(home.resolve("runs"), clock);
        }
        ThreadPoolRunQueue q = new ThreadPoolRunQueue(new Fakes.Home(home, concurrency, budgetSeconds, clock), store,
                jobs, engine);
        queues.add(q);
        return q;
    }

    @AfterEach
    void stop() {
        queues.forEach(ThreadPoolRunQueue::stop);
    }

    private RunRecord record(long id) {
        return store.run(id).orElseThrow();
    }

    @Test
    void listenersAreToldOfEachFinishedRunWithItsFinalRecord() throws Exception {
        jobs.valid("ok");
        ThreadPoolRunQueue q = queue(1, 3600);
        List<RunRecord> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        q.listeners.add(told::add);
        q.listeners.add(run -> {
            throw new IllegalStateException("a failing listener is logged and ignored");
        });
        RunRecord r = q.submit("ok", OCT, Trigger.API);
        store.awaitFinished(1);
        // told on the run's thread after the record is final: wait for the call itself
        while (told.isEmpty()) {
            Thread.sleep(10);
        }
        assertThat(told).extracting(RunRecord::id).containsExactly(r.id());
        assertThat(told.get(0).status()).isEqualTo(RunState.SUCCESS);
        assertThat(told.get(0)).isEqualTo(record(r.id()));
    }

    @Test
    void twentyJobsAtOnceNeverRunMoreThanTheLimit() throws Exception {
        CountDownLatch bothIn = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "job" + i;
            names.add(name);
            jobs.valid(name);
            engine.on(name, (job, period, out, progress) -> {
                bothIn.countDown();
                release.await();
                return Fakes.success(job, period, out, progress);
            });
        }
        ThreadPoolRunQueue q = queue(2, 3600);
        List<RunRecord> submitted = new ArrayList<>();
        for (String name : names) {
            submitted.add(q.submit(name, OCT, Trigger.API));
        }
        assertThat(submitted).extracting(RunRecord::status).containsOnly(RunState.QUEUED);

        bothIn.await();
        // two are held in the engine: the pool of two has no thread for a third
        assertThat(engine.running.get()).isEqualTo(2);
        assertThat(store.all()).filteredOn(r -> r.status() == RunState.RUNNING).hasSize(2);
        release.countDown();
        store.awaitFinished(20);

        assertThat(engine.calls.get()).isEqualTo(20);
        assertThat(engine.maxRunning.get()).isEqualTo(2);
        assertThat(store.all()).extracting(RunRecord::status).hasSize(20).containsOnly(RunState.SUCCESS);
    }

    @Test
    void anAbortedRunTellsTheEngineAndIsRecordedAborted() throws Exception {
        jobs.valid("slow");
        CountDownLatch inEngine = new CountDownLatch(1);
        AtomicBoolean sawCancel = new AtomicBoolean();
        engine.on("slow", (job, period, out, progress) -> {
            inEngine.countDown();
            while (!progress.cancelled()) {
                Thread.onSpinWait();
            }
            sawCancel.set(true);
            return Fakes.result(RunStatus.FAILURE, out, "{}", List.of("aborted"));
        });
        ThreadPoolRunQueue q = queue(1, 3600);
        RunRecord r = q.submit("slow", OCT, Trigger.MANUAL);
        inEngine.await();
        assertThat(q.abort(r.id())).isTrue();
        store.awaitFinished(1);

        assertThat(sawCancel).isTrue();
        assertThat(record(r.id()).status()).isEqualTo(RunState.ABORTED);
        assertThat(record(r.id()).messages()).containsExactly("aborted by request");
        assertThat(q.abort(r.id())).isFalse();
    }

    @Test
    void aQueuedRunAbortedNeverStarts() throws Exception {
        jobs.valid("first", "second");
        CountDownLatch inEngine = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        engine.on("first", (job, period, out, progress) -> {
            inEngine.countDown();
            release.await();
            return Fakes.success(job, period, out, progress);
        });
        ThreadPoolRunQueue q = queue(1, 3600);
        RunRecord first = q.submit("first", OCT, Trigger.API);
        RunRecord second = q.submit("second", OCT, Trigger.API);
        inEngine.await();
        assertThat(q.abort(second.id())).isTrue();
        assertThat(record(second.id()).status()).isEqualTo(RunState.ABORTED);
        release.countDown();
        store.awaitFinished(2);

        assertThat(record(first.id()).status()).isEqualTo(RunState.SUCCESS);
        assertThat(engine.calls.get()).isEqualTo(1);
        assertThat(record(second.id()).messages()).containsExactly("aborted by request");
    }

    @Test
    void aRunPastItsTimeBudgetOnTheServerClockIsAborted() throws Exception {
        jobs.valid("long");
        engine.on("long", (job, period, out, progress) -> {
            assertThat(progress.cancelled()).isFalse();
            clock.advance(Duration.ofSeconds(59));
            assertThat(progress.cancelled()).isFalse();
            clock.advance(Duration.ofSeconds(1)); // 60 s after the start: the budget is spent
            assertThat(progress.cancelled()).isTrue();
            return Fakes.result(RunStatus.FAILURE, out, "{}", List.of("aborted"));
        });
        ThreadPoolRunQueue q = queue(1, 60);
        RunRecord r = q.submit("long", OCT, Trigger.CLI);
        store.awaitFinished(1);

        assertThat(record(r.id()).status()).isEqualTo(RunState.ABORTED);
        assertThat(record(r.id()).messages()).containsExactly("time budget of 60 s exceeded");
    }

    @Test
    void anEngineThatThrowsFailsTheRunWithItsMessageAndTheWorkerGoesOn() throws Exception {
        jobs.valid("broken", "fine");
        engine.on("broken", (job, period, out, progress) -> {
            throw new IllegalArgumentException("unknown connector 'fake' (installed: csv)");
        });
        ThreadPoolRunQueue q = queue(1, 3600);
        RunRecord broken = q.submit("broken", OCT, Trigger.API);
        RunRecord fine = q.submit("fine", OCT, Trigger.API);
        store.awaitFinished(2);

        assertThat(record(broken.id()).status()).isEqualTo(RunState.FAILURE);
        assertThat(record(broken.id()).messages()).containsExactly("unknown connector 'fake' (installed: csv)");
        assertThat(q.log(broken.id(), 0)).contains("ERROR [runner] unknown connector 'fake' (installed: csv)");
        assertThat(record(fine.id()).status()).isEqualTo(RunState.SUCCESS);
    }

    @Test
    void aJobThatBecameInvalidWhileQueuedFailsWithTheReason() throws Exception {
        jobs.valid("first", "later");
        CountDownLatch inEngine = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        engine.on("first", (job, period, out, progress) -> {
            inEngine.countDown();
            release.await();
            return Fakes.success(job, period, out, progress);
        });
        ThreadPoolRunQueue q = queue(1, 3600);
        q.submit("first", OCT, Trigger.API);
        RunRecord later = q.submit("later", OCT, Trigger.API);
        inEngine.await();
        jobs.invalid("later", "later.json:3:14: unknown time zone 'Europe/Olso'");
        release.countDown();
        store.awaitFinished(2);

        assertThat(record(later.id()).status()).isEqualTo(RunState.FAILURE);
        assertThat(record(later.id()).messages()).containsExactly("later.json:3:14: unknown time zone 'Europe/Olso'");
    }

    @Test
    void unknownAndInvalidJobsAreRefusedAndAScheduledPeriodRunsOnce() throws Exception {
        jobs.valid("ok").invalid("bad", "bad.json:1:2: unexpected end of input");
        ThreadPoolRunQueue q = queue(2, 3600);
        assertThatThrownBy(() -> q.submit("nope", OCT, Trigger.API)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown job 'nope'");
        assertThatThrownBy(() -> q.submit("bad", OCT, Trigger.API)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad.json:1:2: unexpected end of input");
        assertThat(q.submitScheduled("bad", OCT, Trigger.SCHEDULE)).isEmpty();

        assertThat(q.submitScheduled("ok", OCT, Trigger.SCHEDULE)).isPresent();
        assertThat(q.submitScheduled("ok", OCT, Trigger.CATCH_UP)).isEmpty();
        store.awaitFinished(1);
        assertThat(store.all()).hasSize(1);
    }

    @Test
    void headlineKpisAndTheEnginesStatusAreRecorded() throws Exception {
        jobs.valid("shaky");
        engine.on("shaky", (job, period, out, progress) -> Fakes.result(RunStatus.UNSTABLE, out, """
                {"metrics": {"customers.active": {"type": "kpi", "value": 2206, "headline": 10},
                             "churn.monthly.rate": {"type": "kpi", "value": 0.02, "headline": 20},
                             "cx.nps": {"type": "kpi", "value": null, "headline": 50},
                             "clv.predicted": {"type": "kpi", "value": 1874.5, "headline": 40}},
                 "dataQuality": {"files": {"customers.csv": {"read": 100, "rejected": 2},
                                           "transactions.csv": {"read": 300, "rejected": 6}}}}
                """, List.of("Section 'cx' failed: boom.")));
        ThreadPoolRunQueue q = queue(1, 3600);
        RunRecord r = q.submit("shaky", OCT, Trigger.MANUAL);
        store.awaitFinished(1);

        RunRecord done = record(r.id());
        assertThat(done.status()).isEqualTo(RunState.UNSTABLE);
        assertThat(done.messages()).containsExactly("Section 'cx' failed: boom.");
        // nps is null (undefined): left out; rejected share (2 + 6) / (100 + 300) = 0.02
        assertThat(done.kpis()).containsExactly(Map.entry("customers.active", 2206.0),
                Map.entry("churn.monthly.rate", 0.02), Map.entry("clv.predicted", 1874.5), Map.entry("rejectedShare", 0.02));
    }

    @Test
    void aRestartAbortsWhatRanRequeuesAScheduledRunOnceAndRunsWhatWasQueued() throws Exception {
        jobs.valid("sched", "manual", "waiting");
        store = new Fakes.Store(home.resolve("runs"), clock);
        RunRecord sched = store.put("sched", OCT, Trigger.SCHEDULE, RunState.RUNNING, List.of());
        RunRecord manual = store.put("manual", OCT, Trigger.MANUAL, RunState.RUNNING, List.of());
        RunRecord waiting = store.put("waiting", OCT, Trigger.API, RunState.QUEUED, List.of());

        ThreadPoolRunQueue first = queue(2, 3600);
        // the re-queued scheduled run and the waiting one run
        store.awaitFinished(2 + 2);
        first.stop();

        assertThat(record(sched.id()).status()).isEqualTo(RunState.ABORTED);
        assertThat(record(sched.id()).messages()).containsExactly("the server stopped while it ran");
        assertThat(record(manual.id()).status()).isEqualTo(RunState.ABORTED);
        assertThat(Fakes.ofJob(store.all(), "manual")).hasSize(1);
        assertThat(record(waiting.id()).status()).isEqualTo(RunState.SUCCESS);
        List<RunRecord> schedRuns = Fakes.ofJob(store.all(), "sched");
        assertThat(schedRuns).hasSize(2);
        RunRecord again = schedRuns.get(1);
        assertThat(again.trigger()).isEqualTo(Trigger.SCHEDULE);
        assertThat(again.period()).isEqualTo(OCT);
        assertThat(again.status()).isEqualTo(RunState.SUCCESS);
    }

    @Test
    void theQueuedAgainRunIsNotQueuedAThirdTime() throws Exception {
        jobs.valid("sched");
        store = new Fakes.Store(home.resolve("runs"), clock);
        RunRecord crashed = store.put("sched", OCT, Trigger.SCHEDULE, RunState.ABORTED,
                List.of(ThreadPoolRunQueue.STOPPED));
        // the server died again while the queued-again run ran
        RunRecord again = store.put("sched", OCT, Trigger.SCHEDULE, RunState.RUNNING, List.of());

        queue(1, 3600).stop();

        assertThat(record(again.id()).status()).isEqualTo(RunState.ABORTED);
        assertThat(store.all()).extracting(RunRecord::id).containsExactly(crashed.id(), again.id());
        assertThat(engine.calls.get()).isZero();
    }

    @Test
    void theLiveLogGrowsWhileTheRunGoesThenRunLogIsServed() throws Exception {
        jobs.valid("talky");
        CountDownLatch twoLines = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        engine.on("talky", (job, period, out, progress) -> {
            progress.log("one");
            progress.log("two");
            twoLines.countDown();
            release.await();
            progress.log("three");
            Files.writeString(out.resolve("run.log"), "one\ntwo\nthree\n");
            return Fakes.result(RunStatus.SUCCESS, out, "{}", List.of());
        });
        ThreadPoolRunQueue q = queue(1, 3600);
        RunRecord r = q.submit("talky", OCT, Trigger.MANUAL);
        twoLines.await();

        assertThat(q.log(r.id(), 0)).isEqualTo("one\ntwo\n");
        assertThat(q.log(r.id(), 4)).isEqualTo("two\n");
        assertThat(q.log(r.id(), 8)).isEmpty();
        release.countDown();
        store.awaitFinished(1);

        assertThat(q.log(r.id(), 0)).isEqualTo("one\ntwo\nthree\n");
        assertThat(q.log(r.id(), 8)).isEqualTo("three\n");
        assertThat(q.log(r.id(), 99)).isEmpty();
        assertThat(q.log(12345, 0)).isEmpty();
    }

    @Test
    void stoppingTheQueueAbortsTheRunningRunAndLeavesTheQueuedOneQueued() throws Exception {
        jobs.valid("sched", "next");
        CountDownLatch inEngine = new CountDownLatch(1);
        engine.on("sched", (job, period, out, progress) -> {
            inEngine.countDown();
            while (!progress.cancelled()) {
                Thread.onSpinWait();
            }
            return Fakes.result(RunStatus.FAILURE, out, "{}", List.of("aborted"));
        });
        ThreadPoolRunQueue q = queue(1, 3600);
        RunRecord running = q.submitScheduled("sched", OCT, Trigger.SCHEDULE).orElseThrow();
        RunRecord queued = q.submit("next", OCT, Trigger.API);
        inEngine.await();
        q.stop();

        assertThat(record(running.id()).status()).isEqualTo(RunState.ABORTED);
        assertThat(record(running.id()).messages()).containsExactly("the server stopped while it ran");
        assertThat(record(queued.id()).status()).isEqualTo(RunState.QUEUED);
        // the scheduled run is queued again for the next start
        assertThat(Fakes.ofJob(store.all(), "sched")).extracting(RunRecord::status)
                .containsExactly(RunState.ABORTED, RunState.QUEUED);
    }
}
