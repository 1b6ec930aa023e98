package io.klarsyn.api.server;

/** A run's life: QUEUED → RUNNING → SUCCESS | UNSTABLE | FAILURE | ABORTED. */
public enum RunState {
    QUEUED, RUNNING,
    /** The report is complete and trustworthy. */
    SUCCESS,
    /** A report was produced, but a section failed or data quality crossed a threshold. */
    UNSTABLE,
    /** No report. */
    FAILURE,
    /** Stopped by a person, by its time budget, or by the server dying while it ran. */
    ABORTED;

    /** @return true once the run will not change any more */
    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }
}
