package io.klarsyn.api.run;

/** The outcome of a report run (as in Jenkins). */
public enum RunStatus {
    /** The report is complete and the data passed every quality threshold. */
    SUCCESS,
    /** A report was produced, but a section failed or data quality crossed a warning threshold. */
    UNSTABLE,
    /** No report was produced; the run log says why. */
    FAILURE;

    /** @return the worse of the two */
    public RunStatus worst(RunStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
