package io.klarsyn.database.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import io.klarsyn.api.server.ServerSchema;

/**
 * The server database's schema: migrations and the schema lock, for H2 and PostgreSQL. On PostgreSQL the lock is
 * an advisory lock every Klarsyn node takes with the same key, held by one connection for the work's length; on
 * H2 (one server, its file locked by it) there is no other node to wait for. {@link ServerDatabase} registers it
 * with the server's pool.
 */
public final class JdbcServerSchema implements ServerSchema {

    /** An arbitrary constant ("klarsyn" in ASCII): the key of the PostgreSQL advisory lock. */
    static final long LOCK = 0x6b6c6172_73796eL;

    private final DataSource dataSource;

    public JdbcServerSchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<String> migrate(String component, ClassLoader loader, String folder, List<String> scripts) {
        Migrations migrations = new Migrations(dataSource, component, loader, folder, scripts);
        try {
            return locked(connection -> migrations.migrate());
        } catch (IllegalStateException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("schema migration of ")) {
                throw e;
            }
            throw new IllegalStateException("schema migration of " + component + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T locked(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean postgres = postgres(connection);
            if (postgres) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pg_advisory_lock(" + LOCK + ")");
                }
            }
            try {
                return work.run(connection);
            } finally {
                if (postgres) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static boolean postgres(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }
}
