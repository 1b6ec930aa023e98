package io.klarsyn.api.server;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * One run as the history keeps it.
 *
 * @param id the run's id, unique in the server, never reused
 * @param job the job's name
 * @param number the run's number within its job: 1, 2, ...
 * @param period the month reported
 * @param trigger what started it
 * @param rerun true when an earlier run of the same (job, period) exists
 * @param status its state now
 * @param queuedAt when it was queued
 * @param startedAt when it began to run, or {@code null} while queued
 * @param durationMs how long it ran, or {@code null} until finished
 * @param kpis the headline figures by result id in rank order, then {@link RunStore#REJECTED_SHARE};
 *        only those known; empty until finished
 * @param rejectedShare the share of input rows rejected (0–1), or {@code null} when unknown
 * @param messages the reasons for a status other than SUCCESS, one sentence each
 * @param artifacts the artifact names present: {@code report.pdf}, {@code metrics.json}, {@code run.log}
 */
public record RunRecord(long id, String job, int number, YearMonth period, Trigger trigger, boolean rerun,
        RunState status, Instant queuedAt, Instant startedAt, Long durationMs, Map<String, Double> kpis,
        Double rejectedShare, List<String> messages, List<String> artifacts) {

    public RunRecord {
        kpis = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(kpis));
        messages = List.copyOf(messages);
        artifacts = List.copyOf(artifacts);
    }
}
