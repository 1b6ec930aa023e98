package io.klarsyn.api.delivery;

/** What a {@link Parcel} is. */
public enum ParcelKind {
    /** A run's report, to a recipient (or a place) of its job. */
    REPORT,
    /** To the job's owner: a run FAILED, so its recipients got nothing. No attachment. */
    RUN_FAILED,
    /** To the job's owner: a delivery of a report FAILED for good. No attachment. */
    DELIVERY_FAILED,
    /** A report sent by hand to a given address to try the job's mail; recorded nowhere. */
    TEST
}
