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

    /**
     * How many times the jobs changed since the registry started: the count grows after each job that is
     * added, removed, or whose entry changes (its file's content, or its validity when the installed plugins
     * change). What is made from {@link #jobs()} may be kept while the count stays the same; read the count
     * before the jobs, so that a change between the two is seen at the next call. This default, for
     * registries that cannot tell, returns -1: keep nothing.
     *
     * @return the count, 0 or more; or -1 when this registry cannot tell
     * @since 1.3
     */
    default long jobChanges() {
        return -1;
    }
}
