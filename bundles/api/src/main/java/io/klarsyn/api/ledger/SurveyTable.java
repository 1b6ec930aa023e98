package io.klarsyn.api.ledger;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The accepted survey responses dated on or before the period end, columnar, in source order.
 * Blank scores are {@link #MISSING} (integers) or {@code NaN} (driver ratings); a blank in one
 * score never removes the response from the others.
 *
 * <p>Immutable; safe to read from many threads.
 */
@ProviderType
public interface SurveyTable {

    /** The value of a blank integer score. */
    int MISSING = Integer.MIN_VALUE;

    /** @return number of responses */
    int size();

    /** @return the response's day (epoch day) */
    int day(int i);

    /** @return the respondent's row in the {@link CustomerLedger}, or -1 when anonymous or unknown */
    int customer(int i);

    /** @return likelihood to recommend 0–10, or {@link #MISSING} */
    int nps(int i);

    /** @return CSAT 1–5, or {@link #MISSING} */
    int csat(int i);

    /** @return CES 1–7, or {@link #MISSING} */
    int ces(int i);

    /** @return the driver names (without the {@code driver.} prefix), in source column order */
    List<String> drivers();

    /** @return rating of driver {@code d} (index into {@link #drivers()}) in response {@code i}, or {@code NaN} */
    double driver(int d, int i);

    /** @return the touchpoint, or {@code null} */
    String touchpoint(int i);
}
