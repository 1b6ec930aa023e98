package io.klarsyn.scheduler.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;

/**
 * Quartz's tables, made from the DDL in the Quartz jar ({@code tables_h2.sql},
 * {@code tables_postgres.sql}) when they are absent, never dropped.
 */
final class QuartzTables {

    private QuartzTables() {
    }

    /** @return the Quartz driver delegate for the database product */
    static String delegate(Connection c) throws SQLException {
        return postgres(c) ? PostgreSQLDelegate.class.getName() : StdJDBCDelegate.class.getName();
    }

    /**
     * Makes the tables when absent; the caller holds the schema lock ({@link io.klarsyn.api.server.ServerSchema#locked}).
     *
     * @return true when the tables were made now
     */
    static boolean createIfAbsent(Connection c) throws SQLException {
        boolean postgres = postgres(c);
        String product = c.getMetaData().getDatabaseProductName();
        if (!postgres && !product.toLowerCase(Locale.ROOT).contains("h2")) {
            throw new SQLException("the scheduler supports H2 and PostgreSQL, not " + product);
        }
        if (present(c)) {
            return false;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String sql : statements(postgres ? "tables_postgres.sql" : "tables_h2.sql")) {
                s.execute(sql);
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        return true;
    }

    private static boolean postgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }

    private static boolean present(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        for (String name : List.of("QRTZ_TRIGGERS", "qrtz_triggers")) {
            try (ResultSet r = md.getTables(null, null, name, null)) {
                if (r.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The script's statements without comments, DROPs (the tables are absent) and COMMIT. */
    static List<String> statements(String script) throws SQLException {
        String text;
        try (InputStream in = JobStoreTX.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new SQLException("Quartz's " + script + " is missing from its jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read Quartz's " + script, e);
        }
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.trim().startsWith("--")) {
                b.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String sql : b.toString().split(";")) {
            String s = sql.trim();
            String head = s.toUpperCase(Locale.ROOT);
            if (!s.isEmpty() && !head.startsWith("DROP ") && !head.equals("COMMIT")) {
                out.add(s);
            }
        }
        return out;
    }
}
