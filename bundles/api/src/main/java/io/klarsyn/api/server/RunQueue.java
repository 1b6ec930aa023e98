package io.klarsyn.api.server;

import java.time.YearMonth;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs jobs: a queue with a concurrency limit ({@link ServerHome#concurrency()}), a time budget
 * per run, and abort. Runs are recorded in the {@link RunStore}.
 */
@ProviderType
public interface RunQueue {

    /**
     * Queues a run of a job for a period.
     *
     * @return the QUEUED record
     * @throws IllegalArgumentException when the job is unknown or invalid (the message says why)
     */
    RunRecord submit(String job, YearMonth period, Trigger trigger);

    /**
     * Queues a scheduled or catch-up run unless the (job, period) has one already.
     *
     * @return the record, or empty when skipped (the server log says so)
     */
    Optional<RunRecord> submitScheduled(String job, YearMonth period, Trigger trigger);

    /** Aborts a queued or running run. @return false when it was not queued or running */
    boolean abort(long id);

    /**
     * The console log of a run, from a character offset: the live text while it runs, run.log after.
     *
     * @return the text from {@code offset} (empty when nothing new)
     */
    String log(long id, long offset);
}
