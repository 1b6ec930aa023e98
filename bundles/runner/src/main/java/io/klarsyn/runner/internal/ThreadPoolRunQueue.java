package io.klarsyn.runner.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.klarsyn.api.run.ReportEngine;
import io.klarsyn.api.run.RunResult;
import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.JobRegistry;
import io.klarsyn.api.server.RunListener;
import io.klarsyn.api.server.RunQueue;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunState;
import io.klarsyn.api.server.RunStore;
import io.klarsyn.api.server.ServerHome;
import io.klarsyn.api.server.Trigger;

/**
 * The {@link RunQueue}: a fixed pool of {@link ServerHome#concurrency()} threads runs the queued
 * runs through the {@link ReportEngine} and records them in the {@link RunStore}.
 *
 * <p>At activation, runs the store still has as RUNNING (the server died under them) are recorded
 * ABORTED, and a scheduled or catch-up one is queued again, once; runs still QUEUED are run. At
 * deactivation, running runs are told to stop and recorded ABORTED; queued ones stay QUEUED for
 * the next start. Each run finished here is told to the {@link RunListener}s once its record is final.
 *
 * <p>In a cluster ({@link ServerHome#clustered()}), a clean stop loses nothing: the node stops taking runs, lets
 * its running runs finish for a grace ({@code -Dklarsyn.stop.grace}, seconds, default {@value #GRACE_SECONDS}),
 * then stops the others and hands them back to the queue under their own ids, whatever their trigger, for another
 * node to run from the start. A running run's log is written to its run.log in the shared home as it goes, and
 * an abort asked through another node is read with the heartbeat.
 */
@Component(service = RunQueue.class, immediate = true)
public class ThreadPoolRunQueue implements RunQueue {

    static final String STOPPED = "the server stopped while it ran";
    /** The reason of a run whose node stopped heart-beating (the store adds the node's name). */
    static final String NODE_LOST = "the server running it stopped answering";
    /** Cluster: how often a node looks for queued runs when nothing woke it. */
    static final long TICK_MILLIS = 1000;
    /** Cluster: how often a node records its heartbeat and looks for lost runs. */
    static final long HEARTBEAT_MILLIS = 2000;
    /** Cluster: a node silent this long is taken for dead: its RUNNING runs are ABORTED and queued again. */
    static final java.time.Duration SILENCE = java.time.Duration.ofSeconds(15);
    static final String BY_REQUEST = "aborted by request";
    /** Cluster: the reason a stopping node gives its runs, which then go back to the queue (not ABORTED). */
    static final String HANDED_BACK = "the server stopped: the run goes back to the queue";
    /** Cluster: how long a stopping node lets its running runs finish before it hands them back. */
    static final long GRACE_SECONDS = 10;
    /** Cluster: how long a stopping node waits for the runs it stopped before it hands them back regardless. */
    private static final long HAND_BACK_WAIT_SECONDS = 5;
    static final String RUN_LOG = "run.log";
    static final String METRICS_JSON = "metrics.json";
    private static final long STOP_WAIT_SECONDS = 10;
    private static final int PAGE = 200;
    private static final System.Logger LOG = System.getLogger(ThreadPoolRunQueue.class.getName());

    private final ServerHome home;
    private final RunStore store;
    private final JobRegistry jobs;
    private final ReportEngine engine;
    private final ExecutorService pool;
    private final Map<Long, Execution> active = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    /** Cluster: runs are taken from the database, as many as there are free threads. */
    private final boolean clustered;
    private final java.util.concurrent.Semaphore free;
    private java.util.concurrent.ScheduledExecutorService ticker;
    private long lastBeat;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, fieldOption = FieldOption.UPDATE)
    final List<RunListener> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public ThreadPoolRunQueue(@Reference ServerHome home, @Reference RunStore store, @Reference JobRegistry jobs,
            @Reference ReportEngine engine) {
        this.home = home;
        this.store = store;
        this.jobs = jobs;
        this.engine = engine;
        int threads = home.concurrency() > 0 ? home.concurrency() : Runtime.getRuntime().availableProcessors();
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "klarsyn-run-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.clustered = home.clustered();
        this.free = new java.util.concurrent.Semaphore(threads);
        if (clustered) {
            joinCluster();
        } else {
            recover();
        }
    }

    /**
     * Cluster: this node beats, takes over the runs of silent nodes (and its own left from a previous life),
     * then takes queued runs from the database whenever a thread is free: no run belongs to a node before it
     * starts, so every node takes work, whichever node's API or schedule queued it.
     */
    private void joinCluster() {
        store.heartbeat();
        lastBeat = System.nanoTime();
        takeOverLost(true);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "klarsyn-cluster");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "node " + home.nodeId() + " joined the cluster");
    }

    private void tick() {
        try {
            if (System.nanoTime() - lastBeat >= TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS)) {
                store.heartbeat();
                lastBeat = System.nanoTime();
                takeOverLost(false);
                abortAsked();
            }
            claimWhileFree();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "node " + home.nodeId() + ": " + e.getMessage(), e);
        }
    }

    /** Cluster: looks for queued runs now rather than at the next tick. */
    private void wake() {
        java.util.concurrent.ScheduledExecutorService t = ticker;
        if (t != null && !stopping) {
            try {
                t.execute(() -> {
                    try {
                        claimWhileFree();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "node " + home.nodeId() + ": " + e.getMessage(), e);
                    }
                });
            } catch (RejectedExecutionException stopped) {
                // the node is stopping
            }
        }
    }

    /** Cluster: takes queued runs while a thread is free (on the ticker's thread only). */
    private void claimWhileFree() {
        while (!stopping && free.tryAcquire()) {
            Optional<RunRecord> claimed;
            try {
                claimed = store.claimQueued(java.util.Set.copyOf(active.keySet()));
            } catch (RuntimeException e) {
                free.release();
                throw e;
            }
            if (claimed.isEmpty()) {
                free.release();
                return;
            }
            RunRecord r = claimed.get();
            LOG.log(Level.INFO, "run " + r.id() + " of job '" + r.job() + "' (" + r.period() + ") taken by node " + home.nodeId());
            Execution x = new Execution(r.id(), r.job(), r.period(), home.clock(), home.runTimeoutSeconds());
            active.put(r.id(), x);
            try {
                pool.execute(() -> {
                    try {
                        execute(x);
                    } finally {
                        free.release();
                        wake();
                    }
                });
            } catch (RejectedExecutionException e) {
                active.remove(r.id(), x);
                free.release();
                LOG.log(Level.INFO, "run " + r.id() + " was taken while the node stopped: it goes back to the queue");
                handBack(x);
                return;
            }
        }
    }

    /** Cluster: aborts the runs of this node whose abort another node asked (on the ticker's thread only). */
    private void abortAsked() {
        for (Map.Entry<Long, String> asked : store.abortRequests().entrySet()) {
            // a run not (or no longer) executing here is being recorded as it ended: it ends as it ended
            Execution x = active.get(asked.getKey());
            if (x != null) {
                if (x.abortReason() == null) {
                    LOG.log(Level.INFO, "run " + x.id + " of job '" + x.job + "' aborted: asked through another node");
                }
                x.abort(asked.getValue());
            }
        }
    }

    /** Cluster: RUNNING runs of nodes silent for {@link #SILENCE} are ABORTED; scheduled ones queued again once. */
    private void takeOverLost(boolean includeOwn) {
        for (RunRecord lost : store.abortLost(SILENCE, NODE_LOST, includeOwn)) {
            LOG.log(Level.INFO, "run " + lost.id() + " of job '" + lost.job() + "' (" + lost.period() + ") was running on a node "
                    + "that stopped answering: ABORTED");
            tell(lost);
            try {
                requeue(lost);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "run " + lost.id() + " could not be queued again", e);
            }
        }
    }

    @Deactivate
    public void stop() {
        stopping = true;
        if (clustered) {
            stopInCluster();
            return;
        }
        for (Execution x : active.values()) {
            x.abort(STOPPED);
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "runs still going after " + STOP_WAIT_SECONDS
                        + " s; interrupting them (the next start records them ABORTED)");
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Cluster: a clean stop (a rolling restart) loses nothing. No more claims; the running runs get the grace to
     * finish; the others are stopped and handed back to the queue, as is any run this node took but never ended.
     */
    private void stopInCluster() {
        ticker.shutdownNow();
        boolean interrupted = false;
        try {
            // a claim under way ends first: after this, no run is taken here
            ticker.awaitTermination(HAND_BACK_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        pool.shutdown();
        long grace = Math.max(0, Long.getLong("klarsyn.stop.grace", GRACE_SECONDS));
        try {
            if (!active.isEmpty() && !interrupted) {
                LOG.log(Level.INFO, "node " + home.nodeId() + " stops: " + active.size() + " run(s) going, "
                        + grace + " s to finish before they go back to the queue");
            }
            if (interrupted || !pool.awaitTermination(grace, TimeUnit.SECONDS)) {
                for (Execution x : active.values()) {
                    x.abort(HANDED_BACK);
                }
                if (!pool.awaitTermination(HAND_BACK_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            interrupted = true;
        }
        try {
            // runs whose thread did not end, and runs taken but never started: back to the queue, unless being recorded
            java.util.Set<Long> keep = new java.util.HashSet<>();
            for (Execution x : active.values()) {
                if (!x.handBack()) {
                    keep.add(x.id);
                }
            }
            for (RunRecord r : store.handBackAll(keep)) {
                LOG.log(Level.INFO, "run " + r.id() + " of job '" + r.job() + "' (" + r.period() + ") "
                        + (r.status() == RunState.QUEUED ? "goes back to the queue" : "is " + r.status()));
                if (r.status().finished()) {
                    tell(r);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "node " + home.nodeId() + " could not hand its runs back: " + e.getMessage()
                    + " (the others take them as lost once it is silent)");
        }
        try {
            // the others need not wait for this node's silence
            store.leave();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "node " + home.nodeId() + " could not leave the cluster: " + e.getMessage());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Cluster: the run goes back to the queue under its id (or ends ABORTED when its abort was asked meanwhile),
     * unless its end is being recorded; nothing more is recorded of it here.
     */
    private void handBack(Execution x) {
        if (!x.handBack()) {
            return;
        }
        x.log(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " INFO  [runner] node " + home.nodeId()
                + " stopped: the run goes back to the queue");
        x.closeFile();
        x.end();
        active.remove(x.id, x);
        try {
            store.handBack(x.id).ifPresent(r -> {
                LOG.log(Level.INFO, "run " + r.id() + " of job '" + r.job() + "' (" + r.period() + ") "
                        + (r.status() == RunState.QUEUED ? "goes back to the queue" : "is " + r.status()));
                if (r.status().finished()) {
                    tell(r);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "run " + x.id + " could not go back to the queue now: " + e.getMessage());
        }
    }

    private void recover() {
        for (RunRecord r : store.unfinished()) {
            try {
                if (r.status() == RunState.RUNNING) {
                    RunRecord aborted = store.finished(r.id(), RunState.ABORTED, Map.of(), List.of(STOPPED));
                    LOG.log(Level.INFO, "run " + r.id() + " of job '" + r.job() + "' (" + r.period() + ") was running "
                            + "when the server stopped: ABORTED");
                    requeue(aborted).ifPresent(this::enqueue);
                } else {
                    enqueue(r);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "run " + r.id() + " could not be recovered", e);
            }
        }
    }

    /**
     * Queues a scheduled or catch-up run again that the server's stop aborted: once, so not when it
     * is itself such a re-queue, nor when a later run of its (job, period) exists.
     */
    private Optional<RunRecord> requeue(RunRecord aborted) {
        if (!aborted.trigger().scheduled()) {
            return Optional.empty();
        }
        List<RunRecord> same = runsOf(aborted.job(), aborted.period());
        boolean later = same.stream().anyMatch(r -> r.id() > aborted.id());
        boolean isRequeue = same.stream().anyMatch(r -> r.id() < aborted.id() && r.trigger().scheduled()
                && r.status() == RunState.ABORTED && r.messages().stream().anyMatch(ThreadPoolRunQueue::lost));
        if (later || isRequeue) {
            LOG.log(Level.INFO, "run " + aborted.id() + " is not queued again: "
                    + (later ? "a later run of " + aborted.period() + " exists" : "it was the queued-again run"));
            return Optional.empty();
        }
        RunRecord again = store.create(aborted.job(), aborted.period(), aborted.trigger());
        LOG.log(Level.INFO, "run " + aborted.id() + " queued again as run " + again.id());
        if (clustered) {
            wake();
        }
        return Optional.of(again);
    }

    /** @return whether a message says the run was lost with its server (stopped, or silent in a cluster) */
    static boolean lost(String message) {
        return message.equals(STOPPED) || message.startsWith(NODE_LOST);
    }

    private List<RunRecord> runsOf(String job, YearMonth period) {
        List<RunRecord> out = new ArrayList<>();
        for (int offset = 0;; offset += PAGE) {
            List<RunRecord> page = store.runs(job, offset, PAGE);
            page.stream().filter(r -> r.period().equals(period)).forEach(out::add);
            if (page.size() < PAGE) {
                return out;
            }
        }
    }

    @Override
    public RunRecord submit(String job, YearMonth period, Trigger trigger) {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(trigger, "trigger");
        JobEntry entry = jobs.job(job).orElseThrow(() -> new IllegalArgumentException("unknown job '" + job + "'"));
        if (!entry.valid()) {
            throw new IllegalArgumentException(problem(entry));
        }
        RunRecord r = store.create(job, period, trigger);
        if (clustered) {
            wake();
        } else {
            enqueue(r);
        }
        return r;
    }

    @Override
    public Optional<RunRecord> submitScheduled(String job, YearMonth period, Trigger trigger) {
        Optional<JobEntry> entry = jobs.job(job);
        if (entry.isEmpty() || !entry.get().valid()) {
            LOG.log(Level.WARNING, trigger + " run of job '" + job + "' for " + period + " skipped: "
                    + (entry.isEmpty() ? "unknown job" : problem(entry.get())));
            return Optional.empty();
        }
        Optional<RunRecord> r = store.createScheduled(job, period, trigger);
        if (r.isEmpty()) {
            LOG.log(Level.INFO, trigger + " run of job '" + job + "' for " + period
                    + " skipped: that period has a run already");
        } else if (clustered) {
            wake();
        } else {
            enqueue(r.get());
        }
        return r;
    }

    private static String problem(JobEntry entry) {
        return entry.problem() != null ? entry.problem() : "job '" + entry.name() + "' is invalid";
    }

    private void enqueue(RunRecord r) {
        Execution x = new Execution(r.id(), r.job(), r.period(), home.clock(), home.runTimeoutSeconds());
        active.put(r.id(), x);
        try {
            pool.execute(() -> execute(x));
        } catch (RejectedExecutionException e) {
            active.remove(r.id(), x);
            LOG.log(Level.INFO, "run " + r.id() + " stays QUEUED: the queue is stopping");
        }
    }

    @Override
    public boolean abort(long id) {
        Execution x = active.get(id);
        if (x == null) {
            if (clustered) {
                // running on another node: that node reads the request with its heartbeat and aborts it there
                if (store.requestAbort(id, BY_REQUEST)) {
                    LOG.log(Level.INFO, "run " + id + " runs on another node: its abort is asked of that node");
                    return true;
                }
                // queued and taken by no node yet: recorded ABORTED here
                Optional<RunRecord> r = store.run(id);
                if (r.isPresent() && r.get().status() == RunState.QUEUED) {
                    RunRecord done = store.finished(id, RunState.ABORTED, Map.of(), List.of(BY_REQUEST));
                    tell(done);
                    return true;
                }
            }
            return false;
        }
        Execution.Phase was = x.abort(BY_REQUEST);
        if (was == Execution.Phase.QUEUED) {
            active.remove(id, x);
            tell(store.finished(id, RunState.ABORTED, Map.of(), List.of(BY_REQUEST)));
        }
        return was != Execution.Phase.DONE;
    }

    @Override
    public String log(long id, long offset) {
        Execution x = active.get(id);
        if (x != null && !x.done()) {
            return from(x.liveText(), offset);
        }
        Optional<Path> file = store.artifact(id, RUN_LOG);
        if (file.isEmpty()) {
            return "";
        }
        try {
            byte[] bytes = Files.readAllBytes(file.get());
            // a run on another node writes its run.log as it goes: only whole lines (never half a character)
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            return from(new String(bytes, 0, end, StandardCharsets.UTF_8), offset);
        } catch (IOException e) {
            return "";
        }
    }

    private static String from(String text, long offset) {
        if (offset <= 0) {
            return text;
        }
        return offset >= text.length() ? "" : text.substring((int) offset);
    }

    private void execute(Execution x) {
        try {
            if (x.begin(stopping)) {
                run(x);
            } else if (clustered && !x.done()) {
                // taken from the database, but the node stops before it started: for another node
                handBack(x);
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "run " + x.id + " could not be recorded", e);
        } finally {
            x.end();
            active.remove(x.id, x);
        }
    }

    private void run(Execution x) {
        if (!clustered) {
            // in a cluster the claim made it RUNNING on this node
            store.started(x.id);
        }
        RunState state;
        List<String> messages;
        HeadlineKpis.Reading kpis = HeadlineKpis.Reading.NONE;
        Path folder = null;
        try {
            folder = store.artifactFolder(x.id);
            if (clustered) {
                liveLog(x, folder);
            }
            JobEntry entry = jobs.job(x.job)
                    .orElseThrow(() -> new IllegalArgumentException("unknown job '" + x.job + "'"));
            if (!entry.valid()) {
                throw new IllegalArgumentException(problem(entry));
            }
            RunResult result = engine.run(entry.definition().spec(), x.period, folder, x);
            if (x.cancelSeen() && result.status() == io.klarsyn.api.run.RunStatus.FAILURE) {
                state = RunState.ABORTED;
                messages = List.of(x.abortReason());
            } else {
                state = switch (result.status()) {
                    case SUCCESS -> RunState.SUCCESS;
                    case UNSTABLE -> RunState.UNSTABLE;
                    case FAILURE -> RunState.FAILURE;
                };
                messages = result.messages();
                kpis = kpis(result.metricsJson() != null ? result.metricsJson() : folder.resolve(METRICS_JSON));
            }
        } catch (Exception | Error e) {
            String message = e.getMessage() != null ? e.getMessage() : e.toString();
            state = RunState.FAILURE;
            messages = List.of(message);
            LOG.log(Level.WARNING, "run " + x.id + " of job '" + x.job + "' failed: " + message,
                    e instanceof IllegalArgumentException ? null : e);
            writeFailureLog(folder, x, message);
        }
        if (clustered && (state == RunState.ABORTED || state == RunState.FAILURE) && HANDED_BACK.equals(x.abortReason())) {
            // stopped by this node's stop: not an end of the run, which another node now runs from the start
            handBack(x);
            return;
        }
        x.closeFile();
        if (!x.record()) {
            // handed back by the node's stop while the engine still ran
            return;
        }
        // over for abort() and log() before the record says so: run.log is complete by now
        x.end();
        active.remove(x.id, x);
        RunRecord done = store.finished(x.id, state, kpis.values(), kpis.headlines(), messages);
        tell(done);
        if (state == RunState.ABORTED && STOPPED.equals(x.abortReason()) && done.status() == RunState.ABORTED) {
            requeue(done);
        }
    }

    private void tell(RunRecord done) {
        for (RunListener listener : listeners) {
            try {
                listener.runFinished(done);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "run listener " + listener.getClass().getName() + " failed on run " + done.id(), e);
            }
        }
    }

    private HeadlineKpis.Reading kpis(Path metricsJson) {
        try {
            return HeadlineKpis.read(metricsJson);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "headline KPIs not read from " + metricsJson + ": " + e);
            return HeadlineKpis.Reading.NONE;
        }
    }

    /** Cluster: run.log in the shared folder is written as the run goes (the engine replaces it at the end). */
    private static void liveLog(Execution x, Path folder) {
        try {
            x.writeTo(folder.resolve(RUN_LOG));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "run " + x.id + ": run.log not written as it goes (the other nodes see it at the end): "
                    + io.klarsyn.api.server.IoErrors.why(e));
        }
    }

    /** A run that failed before the engine wrote its run.log still gets one, saying why. */
    private static void writeFailureLog(Path folder, Execution x, String message) {
        String line = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " ERROR [runner] " + message;
        if (folder != null && x.writesFile()) {
            // the live run.log has every line so far: this one goes there too
            x.log(line);
            return;
        }
        if (folder == null || Files.exists(folder.resolve(RUN_LOG))) {
            return;
        }
        x.log(line);
        try {
            Path tmp = Files.createTempFile(folder, "." + RUN_LOG + ".", ".tmp");
            try {
                Files.writeString(tmp, x.liveText(), StandardCharsets.UTF_8);
                Files.move(tmp, folder.resolve(RUN_LOG), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "run.log of run " + x.id + " not written: " + io.klarsyn.api.server.IoErrors.why(e));
        }
    }
}
