package io.klarsyn.api.server;

/** What started a run. */
public enum Trigger {
    /** Its job's schedule fired. */
    SCHEDULE,
    /** A period whose scheduled run was missed while the server was down, run at start. */
    CATCH_UP,
    /** A person, from the web UI. */
    MANUAL,
    /** A script, through {@code POST /api/jobs/{name}/runs}. */
    API,
    /** {@code klarsyn run JOB --period ...}. */
    CLI;

    /** @return true for the triggers of which one run per (job, period) is made at most */
    public boolean scheduled() {
        return this == SCHEDULE || this == CATCH_UP;
    }
}
