package io.klarsyn.api.server;

import java.util.List;

import io.klarsyn.api.run.JobSpec;

/**
 * A job as its file {@code jobs/<name>.json} defines it: the report job plus when to run and who
 * gets the report.
 *
 * @param spec the report job (its name is the file stem)
 * @param schedule the schedule as written ({@code "H 6 3 * *"}, {@code "@monthly"}), or the
 *        default when the file has none
 * @param cron the same, translated into a Quartz cron expression ({@code H} resolved)
 * @param recipients e-mail addresses of the report's readers
 * @param retention how long the job's runs keep their artifacts
 */
public record JobDefinition(JobSpec spec, String schedule, String cron, List<String> recipients, Retention retention) {

    public JobDefinition {
        recipients = List.copyOf(recipients);
        retention = retention == null ? Retention.DEFAULT : retention;
    }

    /** A job with the default retention. */
    public JobDefinition(JobSpec spec, String schedule, String cron, List<String> recipients) {
        this(spec, schedule, cron, recipients, Retention.DEFAULT);
    }

    /** @return the job's name */
    public String name() {
        return spec.name();
    }
}
