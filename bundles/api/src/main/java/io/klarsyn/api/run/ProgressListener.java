package io.klarsyn.api.run;

import org.osgi.annotation.versioning.ConsumerType;

/** Told about a run's progress, for a terminal progress line. Called from the run's thread. */
@ConsumerType
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {
    };

    /** A stage began: {@code ingest}, {@code metrics}, {@code render}, ... */
    default void stage(String stage) {
    }

    /** Rows read so far from one input; called every so many thousand rows. */
    default void rows(String source, long rows) {
    }

    /** A metric calculator finished, with its status (OK, FAILED, TIMED_OUT, SKIPPED). */
    default void metric(String id, String status, long millis) {
    }

    /** One line of the run's log, as it is written to run.log (no line break); for a live console. */
    default void log(String line) {
    }

    /**
     * Asked between stages and while reading: true stops the run as soon as possible (FAILURE,
     * "aborted"). For an abort or a time budget.
     */
    default boolean cancelled() {
        return false;
    }
}
