package io.klarsyn.api.server;

import java.time.YearMonth;
import java.util.Map;

/**
 * A job's headline numbers for one period: from the newest finished run of that period that
 * produced numbers.
 *
 * @param period the month
 * @param runId the run the numbers come from
 * @param status that run's status
 * @param values the headline figures by result id in rank order; the rejected share under
 *        {@link RunStore#REJECTED_SHARE}
 */
public record TrendPoint(YearMonth period, long runId, RunState status, Map<String, Double> values) {

    public TrendPoint {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }
}
