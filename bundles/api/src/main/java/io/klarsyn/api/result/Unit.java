package io.klarsyn.api.result;

/**
 * What a number measures, so the renderer formats it and metrics.json documents it. Rates are
 * fractions (0.2658, shown "26,6 %"), NPS is in points (−100…100).
 */
public enum Unit {
    /** A count of things (customers, rows). */
    COUNT,
    /** A share or rate as a fraction 0…1. */
    FRACTION,
    /** Score points, e.g. NPS −100…100. */
    POINTS,
    /** An amount in the job's currency. */
    CURRENCY,
    /** A rating on a survey scale (CSAT 1–5, CES 1–7, driver ratings). */
    SCORE,
    /** Days. */
    DAYS,
    /** Weeks (the BG/NBD default time unit). */
    WEEKS,
    /** Months. */
    MONTHS,
    /** Years. */
    YEARS,
    /** A dimensionless number (coefficient, likelihood, ratio). */
    NUMBER,
    /** Text. */
    TEXT
}
