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
 * @param recipients e-mail addresses of the report's readers (the addresses of
 *        {@code delivery}'s recipients)
 * @param retention how long the job's runs keep their artifacts
 * @param delivery who and where the report goes: readers with their language, the owner, other
 *        channels; {@code null} means {@code recipients} in the job's language and nothing else
 */
public record JobDefinition(JobSpec spec, String schedule, String cron, List<String> recipients, Retention retention,
        DeliveryPlan delivery) {

    public JobDefinition {
        recipients = List.copyOf(recipients);
        retention = retention == null ? Retention.DEFAULT : retention;
        delivery = delivery == null ? DeliveryPlan.of(recipients) : delivery;
    }

    /** A job whose report goes to {@code recipients} in its own language, and nowhere else. */
    public JobDefinition(JobSpec spec, String schedule, String cron, List<String> recipients, Retention retention) {
        this(spec, schedule, cron, recipients, retention, null);
    }

    /** A job with the default retention. */
    public JobDefinition(JobSpec spec, String schedule, String cron, List<String> recipients) {
        this(spec, schedule, cron, recipients, Retention.DEFAULT, null);
    }

    /** @return the job's name */
    public String name() {
        return spec.name();
    }
}
