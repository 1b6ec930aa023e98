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
}
