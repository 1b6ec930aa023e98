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
            new SettingDescriptor(INACTIVITY_DAYS, "int", "90",
                    "Only for data without churned_on: a customer is lost this many days after the last purchase "
                            + "(or the acquisition). The one definition of a lost customer every metric uses."));

    private EngineSettings() {
    }
}
