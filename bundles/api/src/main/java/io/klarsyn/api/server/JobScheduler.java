package io.klarsyn.api.server;

import java.time.ZonedDateTime;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Fires each valid job on its schedule, in the job's time zone; a fire reports the previous
 * calendar month. Catches up missed periods at start.
 */
@ProviderType
public interface JobScheduler {

    /** @return the job's next {@code count} fire times in its time zone; empty for an unknown or invalid job */
    List<ZonedDateTime> nextRuns(String job, int count);

    /**
     * The fire times a job would have if it were saved as it is: for previewing a schedule while it is
     * typed (the web UI's job editor). The job need not be registered.
     *
     * @param definition a job as {@link JobFiles#read} gives it; its {@link JobDefinition#cron()} and time
     *        zone are used
     * @param count how many
     * @return the next {@code count} fire times after the server's clock now, in the job's time zone; this
     *         default, for implementations that cannot tell, returns none
     */
    default List<ZonedDateTime> nextRuns(JobDefinition definition, int count) {
        return List.of();
    }
}
