package io.klarsyn.api.server;

import java.time.YearMonth;
import java.util.List;

/**
 * What an overview of many jobs shows of one job's history, read for all jobs at once by
 * {@link RunStore#summaries(java.util.Collection, int)}: its newest runs and the two newest points of its trend.
 *
 * @param job the job's name
 * @param recent the job's newest runs, newest first (at most the number asked for; at least one)
 * @param latest the newest {@link TrendPoint} (the newest period with a finished run that produced
 *        numbers), or {@code null} when there is none
 * @param previous the trend point before {@code latest}, or {@code null}
 */
public record JobSummary(String job, List<Run> recent, TrendPoint latest, TrendPoint previous) {

    public JobSummary {
        recent = List.copyOf(recent);
    }

    /** @return the job's newest run */
    public Run last() {
        return recent.get(0);
    }

    /**
     * A run as an overview shows it: no numbers, times or artifacts (read them with
     * {@link RunStore#run(long)}).
     *
     * @param id the run's id
     * @param number its number within the job
     * @param period the month it reports
     * @param status its state now
     */
    public record Run(long id, int number, YearMonth period, RunState status) {
    }
}
