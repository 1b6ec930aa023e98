package io.klarsyn.api.server;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The jobs of the server: {@code jobs/*.json}, watched; a file added, changed or removed takes
 * effect within 5 s. Invalid files are listed with their reason; they never stop the others.
 */
@ProviderType
public interface JobRegistry {

    /** @return every job file, valid or not, by name */
    List<JobEntry> jobs();

    /** @return the job of that name, valid or not */
    Optional<JobEntry> job(String name);
}
