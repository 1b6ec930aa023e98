package io.klarsyn.engine.internal;

import java.util.List;

import io.klarsyn.api.settings.SettingDescriptor;

/** The settings the engine itself reads. */
final class EngineSettings {

    static final String TIMEOUT_SECONDS = "engine.timeoutSeconds";
    static final String DQ_UNSTABLE_REJECTED = "dq.unstable.rejectedShare";
    static final String DQ_FAILURE_REJECTED = "dq.failure.rejectedShare";
    static final String DQ_UNSTABLE_FRESHNESS = "dq.unstable.freshnessDays";
    static final String INACTIVITY_DAYS = "customers.inactivityDays";
    static final String DQ_MAX_AMOUNT = "dq.maxAmount";
    static final String DQ_DUPLICATE_ROWS = "dq.duplicateRows";
    static final String DQ_UNSTABLE_DUPLICATES = "dq.unstable.duplicateShare";
    /** Names of settings that moved: old → new. The old name is read as the new one, with a warning. */
    static final java.util.Map<String, String> RENAMED = java.util.Map.of("churn.inactivityDays", INACTIVITY_DAYS);

    static final List<SettingDescriptor> DESCRIPTORS = List.of(
            new SettingDescriptor(TIMEOUT_SECONDS, "int", "60",
                    "Time budget of each metric calculator, in seconds; a calculator still running after it is "
                            + "cancelled, its section marked TIMED_OUT and the run UNSTABLE."),
            new SettingDescriptor(DQ_UNSTABLE_REJECTED, "number", "0.01",
                    "Share (0-1) of rejected records in any input above which the run is UNSTABLE."),
            new SettingDescriptor(DQ_FAILURE_REJECTED, "number", "0.5",
                    "Share (0-1) of rejected records in any input above which the run FAILS: the file is mostly garbage."),
            new SettingDescriptor(DQ_UNSTABLE_FRESHNESS, "int", null,
                    "Days between an input's latest date and the period end above which the run is UNSTABLE "
                            + "(stale data); empty = no freshness check."),
            new SettingDescriptor(DQ_MAX_AMOUNT, "number", "1000000000",
                    "Largest believable amount of one transaction (absolute value, major units); a row beyond it "
                            + "is rejected as an absurd value (1e308, a mistyped id in the amount column)."),
            new SettingDescriptor(DQ_DUPLICATE_ROWS, "enum:keep|reject", "keep",
                    "What to do with a row identical to an earlier one in every column of the file: keep it "
                            + "(counted, with a 'possible duplicate' warning) or reject it. A file with a row "
                            + "identifier (line_id, response_id) rejects a repeated identifier either way."),
            new SettingDescriptor(DQ_UNSTABLE_DUPLICATES, "number", "0.25",
                    "Share (0-1) of rows of a file that repeat an earlier row exactly above which the run is "
                            + "UNSTABLE: the file looks appended twice."),
            new SettingDescriptor(INACTIVITY_DAYS, "int", "90",
                    "Only for data without churned_on: a customer is lost this many days after the last purchase "
                            + "(or the acquisition). The one definition of a lost customer every metric uses."));

    private EngineSettings() {
    }
}
