package io.klarsyn.api.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The server database's schema, written once for every server bundle that keeps tables in it: versioned
 * migrations, and the lock under which the nodes of a cluster change the schema (one node at a time; on
 * PostgreSQL an advisory lock, on the single server's H2 nothing else can be changing it).
 *
 * <p>A bundle's migrations are scripts {@code <folder>/V<n>__<description>.sql} in the bundle, each applied once,
 * in version order, and recorded in {@code schema_version (component, version)}. A script is split into statements
 * at a {@code ;} that ends a line; lines starting with {@code --} are comments. Its statements and its version row
 * are one transaction (on H2, DDL commits by itself: a script failing halfway there must be repaired by hand).
 */
@ProviderType
public interface ServerSchema {

    /**
     * Applies a component's scripts not applied yet, under the schema lock.
     *
     * @param component the name its versions are recorded under, e.g. {@code runstore}
     * @param loader the class loader the scripts are read from (the calling bundle's)
     * @param folder the scripts' folder in that class loader, e.g. {@code db/runstore}
     * @param scripts the script names in version order, e.g. {@code V1__runs.sql}
     * @return the names of the scripts applied now, in order (empty when the schema is current)
     * @throws IllegalArgumentException when a name is not {@code V<n>__<description>.sql} or not in version order
     * @throws IllegalStateException when a script is missing or fails (its name, statement number and the
     *         database's message)
     */
    List<String> migrate(String component, ClassLoader loader, String folder, List<String> scripts);

    /**
     * Does work while this server holds the schema lock, e.g. making tables that are not in migrations, or the
     * first admin: two nodes starting at once on an empty database do it one after the other.
     *
     * @param work given a connection of the server's database (it may open others)
     * @return what the work returns
     * @throws IllegalStateException when the lock cannot be had or the work throws an {@link SQLException}
     */
    <T> T locked(Work<T> work);

    /** Work done under the schema lock. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }
}
