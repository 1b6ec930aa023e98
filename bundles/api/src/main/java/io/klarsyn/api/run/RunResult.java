package io.klarsyn.api.run;

import java.nio.file.Path;
import java.util.List;

/**
 * What a run produced.
 *
 * @param status the outcome
 * @param report the PDF, or {@code null} on FAILURE
 * @param metricsJson metrics.json (written even on FAILURE, with what is known)
 * @param runLog run.log
 * @param failedSections ids of metric sections that failed or timed out, empty when none
 * @param messages the reasons for a status other than SUCCESS, one sentence each
 */
public record RunResult(RunStatus status, Path report, Path metricsJson, Path runLog,
        List<String> failedSections, List<String> messages) {

    public RunResult {
        failedSections = List.copyOf(failedSections);
        messages = List.copyOf(messages);
    }
}
