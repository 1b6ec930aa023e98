package io.klarsyn.api.server;

import java.nio.file.Path;
import java.time.Clock;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The home of a running server ({@code klarsyn serve --home DIR}): registered once the server is
 * asked to run. Server components reference it, so they stay dormant in one-shot commands.
 *
 * <p>Layout: {@code jobs/} one file per job, {@code runs/} the runs' artifacts, {@code deploy/}
 * plugins, {@code etc/} configuration, {@code secrets/}, {@code db/} the embedded database.
 */
@ProviderType
public interface ServerHome {

    /** @return the home folder, absolute */
    Path home();

    /** @return {@code home/jobs} */
    default Path jobs() {
        return home().resolve("jobs");
    }

    /** @return {@code home/runs}: one folder per run id with its artifacts */
    default Path runs() {
        return home().resolve("runs");
    }

    /**
     * @return the JDBC URL of the database: {@code --db} when given, else an embedded H2 file under
     *         {@code home/db}
     */
    String databaseUrl();

    /** @return how many runs may execute at once (default: the number of cores) */
    int concurrency();

    /** @return the per-run time budget in seconds */
    long runTimeoutSeconds();

    /**
     * @return the server's clock: the system clock, or in tests one set with
     *         {@code -Dklarsyn.clock=2026-11-03T06:00:00Z} (that instant at start, then ticking)
     */
    Clock clock();

    /**
     * Whether this server is one node of a cluster on a shared database: true for a PostgreSQL
     * database unless {@code -Dklarsyn.cluster=false}, false for H2 unless {@code -Dklarsyn.cluster=true}.
     * A node takes queued runs from the database, heart-beats, and takes over the runs of a node that
     * stopped heart-beating.
     *
     * @since 1.2
     */
    default boolean clustered() {
        return databaseUrl() != null && databaseUrl().startsWith("jdbc:postgresql:");
    }

    /**
     * @return this server's name among the nodes of a cluster, unique among the running ones
     *         ({@code -Dklarsyn.node}, else host name and process id); "local" outside a cluster
     * @since 1.2
     */
    default String nodeId() {
        return "local";
    }
}
