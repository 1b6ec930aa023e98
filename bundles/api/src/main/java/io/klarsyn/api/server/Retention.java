package io.klarsyn.api.server;

/**
 * How long a job keeps its finished runs' artifacts (its job file's {@code "retention": {"runs": 50,
 * "days": 400}}); records are kept for good. A run's artifacts
 * go once it is older than the newest {@code keepRuns} runs of its job, or once it was queued more
 * than {@code keepDays} days ago, whichever comes first.
 *
 * @param keepRuns how many of the newest runs keep their artifacts; 0 or less: no limit by count
 * @param keepDays for how many days after queueing a run keeps them; 0 or less: no limit by age
 */
public record Retention(int keepRuns, int keepDays) {

    public static final int DEFAULT_KEEP_RUNS = 50;
    public static final int DEFAULT_KEEP_DAYS = 400;
    /** 50 runs, 400 days: a monthly job keeps its reports for a year and a bit, and 50 reruns at most. */
    public static final Retention DEFAULT = new Retention(DEFAULT_KEEP_RUNS, DEFAULT_KEEP_DAYS);
}
