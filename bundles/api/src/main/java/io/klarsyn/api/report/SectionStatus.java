package io.klarsyn.api.report;

/** What became of one metric's section in a run. */
public enum SectionStatus {
    /** Computed. */
    OK,
    /** The calculator threw; the run is UNSTABLE. */
    FAILED,
    /** The calculator ran past its time budget and was cancelled; the run is UNSTABLE. */
    TIMED_OUT,
    /** An input it needs is absent; not a failure. */
    SKIPPED
}
