package io.klarsyn.engine.internal;

import java.time.LocalDate;
import java.util.Locale;

import io.klarsyn.api.settings.JobSettings;

/**
 * The data-quality settings that the folds of the ledger and the survey table apply while rows
 * stream in.
 *
 * @param maxAmount the largest absolute amount of one transaction that is believed
 *        ({@value EngineSettings#DQ_MAX_AMOUNT}); beyond it the row is rejected
 * @param rejectDuplicateRows whether a row identical to an earlier one (every column of the
 *        source record) is rejected rather than kept with a "possible duplicate" warning
 *        ({@value EngineSettings#DQ_DUPLICATE_ROWS})
 * @param farAfterDay the epoch day after which a date is far beyond the period (and now): a
 *        finding, besides being left out as after the period
 */
record IngestRules(double maxAmount, boolean rejectDuplicateRows, int farAfterDay) {

    static final double DEFAULT_MAX_AMOUNT = 1e9;

    /** The defaults, for a period ending {@code asOf}. */
    static IngestRules defaults(LocalDate asOf) {
        return new IngestRules(DEFAULT_MAX_AMOUNT, false, farAfter(asOf));
    }

    /** The job's settings, for a period ending {@code asOf}. */
    static IngestRules of(JobSettings s, LocalDate asOf) {
        double max = s.number(EngineSettings.DQ_MAX_AMOUNT, DEFAULT_MAX_AMOUNT);
        if (!(max > 0)) {
            throw new IllegalArgumentException("Setting " + EngineSettings.DQ_MAX_AMOUNT + " = " + max
                    + " is not valid; expected a positive amount");
        }
        String dup = s.string(EngineSettings.DQ_DUPLICATE_ROWS, "keep").trim().toLowerCase(Locale.ROOT);
        if (!dup.equals("keep") && !dup.equals("reject")) {
            throw new IllegalArgumentException("Setting " + EngineSettings.DQ_DUPLICATE_ROWS + " = '" + dup
                    + "' is not valid; expected keep or reject");
        }
        return new IngestRules(max, dup.equals("reject"), farAfter(asOf));
    }

    /** @return a year after the later of the period's end and today: no real record is dated after it */
    private static int farAfter(LocalDate asOf) {
        LocalDate today = LocalDate.now();
        return (int) (asOf.isAfter(today) ? asOf : today).plusYears(1).toEpochDay();
    }
}
