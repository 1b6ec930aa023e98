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
 * @param values headline KPI name → value; the rejected share under {@code rejectedShare}
 */
public record TrendPoint(YearMonth period, long runId, RunState status, Map<String, Double> values) {

    public TrendPoint {
        values = Map.copyOf(values);
    }
}
