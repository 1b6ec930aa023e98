package io.klarsyn.api.result;

/** Which way a KPI should move; the renderer colours changes by it. */
public enum Direction {
    /** An increase is good (customers, CLV, NPS). */
    HIGHER_IS_BETTER,
    /** A decrease is good (churn). */
    LOWER_IS_BETTER,
    /** Neither is good or bad in itself. */
    NEUTRAL
}
