package io.klarsyn.api.server;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The run history: records in the database, artifacts under {@link ServerHome#runs()}. Thread-safe;
 * every state change is one transaction.
 */
@ProviderType
public interface RunStore {

    /**
     * The name of a run's rejected share (rejected input records over records read, 0–1) among its
     * numbers. The other names are the result ids of the KPIs the metrics made headline figures
     * ({@link io.klarsyn.api.result.Kpi#headline()}), e.g. {@code cx.nps}.
     */
    String REJECTED_SHARE = "rejectedShare";

    /**
     * Queues a new run: the next number of its job, {@code rerun} when the period has a run already.
     *
     * @return the QUEUED record
     */
    RunRecord create(String job, YearMonth period, Trigger trigger);

    /**
     * Queues a scheduled or catch-up run unless the (job, period) already has one that is queued,
     * running or finished (other than ABORTED). Atomic: of two callers at once, one gets the run.
     *
     * @return the QUEUED record, or empty when skipped
     */
    Optional<RunRecord> createScheduled(String job, YearMonth period, Trigger trigger);

    /** Marks a queued run RUNNING now. */
    RunRecord started(long id);

    /**
     * Records a finished run.
     *
     * @param kpis the headline figures' values by result id, in rank order, and the rejected share
     *        ({@link #REJECTED_SHARE}); absent = unknown. The order is kept.
     */
    RunRecord finished(long id, RunState status, Map<String, Double> kpis, List<String> messages);

    /**
     * Records a finished run with the descriptions of its headline figures, which become the job's
     * {@link #headlines(java.util.Collection)}. The default records the values only.
     *
     * @param headlines the run's headline figures (not the rejected share), as its metrics.json describes them
     */
    default RunRecord finished(long id, RunState status, Map<String, Double> kpis, List<Headline> headlines,
            List<String> messages) {
        return finished(id, status, kpis, messages);
    }

    /**
     * What each job's headline figures are called and how they read, as the newest run that reported each
     * figure described it: one query for all the jobs. The default knows none.
     *
     * @param jobs the jobs to read
     * @return by job name, each job's headlines by rank (jobs without any are absent)
     */
    default Map<String, List<Headline>> headlines(java.util.Collection<String> jobs) {
        return Map.of();
    }

    /** @return the run, or empty */
    Optional<RunRecord> run(long id);

    /** @return the job's runs, newest first */
    List<RunRecord> runs(String job, int offset, int limit);

    /** @return every run QUEUED or RUNNING, oldest first */
    List<RunRecord> unfinished();

    /** @return the newest run of the job, or empty */
    Optional<RunRecord> lastRun(String job);

    /** @return one point per period with a finished run, oldest period first */
    List<TrendPoint> trend(String job);

    /**
     * Every job's newest runs and newest two trend points, read at once (one query, not one per
     * job): what a dashboard of all jobs needs. Jobs without runs are absent.
     *
     * <p>The default reads job by job with {@link #runs} and {@link #trend}; implementations
     * should answer it in one query.
     *
     * @param recent how many of each job's newest runs to include (at least 1)
     * @param jobs the jobs to read
     * @return by job name, in the order of {@code jobs}
     */
    default Map<String, JobSummary> summaries(java.util.Collection<String> jobs, int recent) {
        if (recent < 1) {
            throw new IllegalArgumentException("recent must be at least 1: " + recent);
        }
        Map<String, JobSummary> out = new java.util.LinkedHashMap<>();
        for (String job : jobs) {
            List<RunRecord> runs = runs(job, 0, recent);
            if (runs.isEmpty()) {
                continue;
            }
            List<TrendPoint> trend = trend(job);
            out.put(job, new JobSummary(job,
                    runs.stream().map(r -> new JobSummary.Run(r.id(), r.number(), r.period(), r.status())).toList(),
                    trend.isEmpty() ? null : trend.get(trend.size() - 1),
                    trend.size() < 2 ? null : trend.get(trend.size() - 2)));
        }
        return out;
    }

    /**
     * How many changes this store has made to the job's runs since it started: the count grows when a
     * run of the job is queued, started or finished, after the change is committed. What is made from
     * the job's history (a page, a chart) may be kept while the count stays the same; read the count
     * before the history, so that a change between the two reads is seen at the next call.
     *
     * <p>Counts only this store's own writes (not another server's on the same database). This default,
     * for stores that cannot tell, returns -1: keep nothing.
     *
     * @param job a job's name
     * @return the count, 0 or more; or -1 when this store cannot tell
     * @since 1.1
     */
    default long changes(String job) {
        return -1;
    }

    /**
     * How many changes this store has made to any run since it started: it grows whenever a job's
     * {@link #changes(String)} grows, with the same rules. What is made from the history of many jobs (a dashboard) may be
     * kept while it stays the same. This default, for stores that cannot tell, returns -1: keep nothing.
     *
     * @return the count, 0 or more; or -1 when this store cannot tell
     * @since 1.3
     */
    default long changes() {
        return -1;
    }

    /** @return the folder a run writes its artifacts into (created) */
    Path artifactFolder(long id);

    /**
     * @param name {@code report.pdf}, {@code metrics.json} or {@code run.log}; anything else is empty
     * @return the artifact's file when it exists
     */
    Optional<Path> artifact(long id, String name);

    /**
     * Cluster: takes the oldest QUEUED run no server has taken yet for this server ({@link ServerHome#nodeId()}),
     * marking it RUNNING now. Atomic: of two servers at once, one gets each run.
     *
     * @param skip run ids not to take (e.g. ones this server is still finishing)
     * @return the run now RUNNING on this server, or empty when none is waiting
     * @since 1.2
     */
    default Optional<RunRecord> claimQueued(java.util.Set<Long> skip) {
        return Optional.empty();
    }

    /**
     * Cluster: records that this server is alive now (its heartbeat, on the database's clock).
     *
     * @since 1.2
     */
    default void heartbeat() {
    }

    /**
     * Cluster: this server stops; its heartbeat goes, so that the others do not wait for its silence.
     *
     * @since 1.2
     */
    default void leave() {
    }

    /**
     * Cluster: records ABORTED, with {@code reason}, every RUNNING run of a server whose heartbeat is older than
     * {@code silence} (or that has none); with {@code includeOwn}, also this server's own RUNNING runs (left
     * from before it started). Atomic per run: of two servers at once, one records each.
     *
     * @return the runs this call aborted
     * @since 1.2
     */
    default List<RunRecord> abortLost(java.time.Duration silence, String reason, boolean includeOwn) {
        return List.of();
    }

    /**
     * Cluster: a run RUNNING on this server goes back to the queue (QUEUED, no server, no start time), for any
     * server to take and run from the start: what a server that stops cleanly does with the runs it could not
     * finish. A run whose abort was asked meanwhile ({@link #requestAbort}) is recorded ABORTED instead.
     *
     * @return the run as it is now (QUEUED, or ABORTED), or empty when it was not RUNNING on this server
     * @since 1.3
     */
    default Optional<RunRecord> handBack(long id) {
        return Optional.empty();
    }

    /**
     * Cluster: {@link #handBack} of every run still RUNNING on this server in the database, except {@code keep}
     * (e.g. runs being recorded finished right now): for runs this server took but whose execution never ended.
     *
     * @return the runs handed back (QUEUED, or ABORTED when an abort was asked)
     * @since 1.3
     */
    default List<RunRecord> handBackAll(java.util.Set<Long> keep) {
        return List.of();
    }

    /**
     * Cluster: asks the server running a run to abort it (the request is a mark on the run, which that server
     * reads with its heartbeat, {@link #abortRequests()}).
     *
     * @param reason the message the run will end with
     * @return true when the run is RUNNING (the request is recorded), false otherwise
     * @since 1.3
     */
    default boolean requestAbort(long id, String reason) {
        return false;
    }

    /**
     * Cluster: the runs RUNNING on this server whose abort another server asked, with each one's reason.
     *
     * @since 1.3
     */
    default Map<Long, String> abortRequests() {
        return Map.of();
    }
}
