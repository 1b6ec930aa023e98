package io.klarsyn.database.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

/**
 * One component's versioned schema migrations in plain JDBC, for H2 and PostgreSQL, as
 * {@link io.klarsyn.api.server.ServerSchema#migrate} describes them; {@link JdbcServerSchema} runs them under
 * the schema lock.
 */
final class Migrations {

    private static final Pattern SCRIPT = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    private final DataSource dataSource;
    private final String component;
    private final ClassLoader loader;
    private final String folder;
    private final List<String> scripts;

    /**
     * @param scripts the script names in version order, e.g. {@code V1__runs.sql}
     */
    Migrations(DataSource dataSource, String component, ClassLoader loader, String folder, List<String> scripts) {
        this.dataSource = dataSource;
        this.component = component;
        this.loader = loader;
        this.folder = folder;
        this.scripts = List.copyOf(scripts);
        int previous = 0;
        for (String script : this.scripts) {
            int version = version(script);
            if (version <= previous) {
                throw new IllegalArgumentException("migration " + script + " is not in version order");
            }
            previous = version;
        }
    }

    /**
     * Applies the scripts not applied yet; the caller holds the schema lock.
     *
     * @return the names of the scripts applied now, in order (empty when the schema is current)
     */
    List<String> migrate() {
        try {
            createVersionTable();
            List<String> appliedNow = new ArrayList<>();
            Set<Integer> applied = applied();
            for (String script : scripts) {
                int version = version(script);
                if (!applied.contains(version)) {
                    if (apply(script, version)) {
                        appliedNow.add(script);
                    }
                }
            }
            return appliedNow;
        } catch (SQLException e) {
            throw new IllegalStateException("schema migration of " + component + " failed: " + e.getMessage(), e);
        }
    }

    private void createVersionTable() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "component VARCHAR(100) NOT NULL, version INTEGER NOT NULL, description VARCHAR(200) NOT NULL, "
                    + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY (component, version))");
        }
    }

    private Set<Integer> applied() throws SQLException {
        Set<Integer> versions = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT version FROM schema_version WHERE component = ?")) {
            select.setString(1, component);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    versions.add(rows.getInt(1));
                }
            }
        }
        return versions;
    }

    /** @return false when another node applied it meanwhile */
    private boolean apply(String script, int version) throws SQLException {
        List<String> statements = statements(read(script));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            int index = 0;
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    index++;
                    statement.execute(sql);
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO schema_version (component, version, description, applied_at) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, component);
                    insert.setInt(2, version);
                    insert.setString(3, script);
                    insert.setObject(4, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
                    insert.executeUpdate();
                }
                connection.commit();
                return true;
            } catch (SQLException e) {
                connection.rollback();
                if (applied().contains(version)) {
                    return false;
                }
                throw new SQLException(script + ", statement " + index + ": " + e.getMessage(), e.getSQLState(), e);
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private String read(String script) {
        String resource = folder + "/" + script;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration " + resource + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + resource + ": " + e.getMessage(), e);
        }
    }

    static List<String> statements(String script) {
        StringBuilder text = new StringBuilder();
        for (String line : script.split("\r?\n")) {
            if (!line.strip().startsWith("--")) {
                text.append(line).append('\n');
            }
        }
        return Arrays.stream(text.toString().split(";[ \t]*\n")).map(String::strip).filter(s -> !s.isEmpty())
                .toList();
    }

    static int version(String script) {
        Matcher matcher = SCRIPT.matcher(script);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("migration " + script + " is not named V<n>__<description>.sql");
        }
        return Integer.parseInt(matcher.group(1));
    }
}
