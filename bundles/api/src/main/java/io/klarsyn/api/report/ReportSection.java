package io.klarsyn.api.report;

import java.util.List;
import java.util.Objects;

import io.klarsyn.api.result.MetricResult;

/**
 * One metric's part of the report.
 *
 * @param metricId the calculator's id
 * @param titleKey message key of the section title ({@code <id>.title})
 * @param order sort order (see {@link io.klarsyn.api.metric.MetricCalculator#order()})
 * @param status what happened
 * @param reason for FAILED / TIMED_OUT / SKIPPED, one sentence for the reader; {@code null} when OK
 * @param results the results (empty unless OK)
 * @param warnings warnings the metric logged, for the reader
 * @param millis time the calculator took
 */
public record ReportSection(String metricId, String titleKey, int order, SectionStatus status, String reason,
        List<MetricResult> results, List<String> warnings, long millis) {

    public ReportSection {
        Objects.requireNonNull(metricId, "metricId");
        Objects.requireNonNull(status, "status");
        results = List.copyOf(results);
        warnings = List.copyOf(warnings);
    }
}
