package io.klarsyn.connector.jdbc.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import io.klarsyn.api.connector.AggregatingConnector;
import io.klarsyn.api.connector.ConnectorException;
import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.connector.SummarySink;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.api.settings.SettingDescriptor;

/**
 * The connector's work, whichever way the database is given ({@link JdbcConnector}: job settings;
 * {@link JdbcJobConnector}: a per-job configuration with a sealed password). Stateless per job: every call
 * opens its own connection.
 */
abstract class JdbcSource implements DataConnector, AggregatingConnector {

    static final String ID = "jdbc";
    static final String TITLE = "Database (JDBC: PostgreSQL, H2, DuckDB)";

    /** @return the database of this job; messages never hold its password */
    abstract DataSource database(JobSettings settings);

    /** @return the URL's scheme for messages, e.g. {@code jdbc:postgresql:} */
    abstract String where(JobSettings settings);

    /** @return what a failed login should add to its message: where a password comes from, if none was given */
    String loginHint(JobSettings settings) {
        return "";
    }

    @Override
    public List<SettingDescriptor> settings() {
        return JdbcOptions.DESCRIPTORS;
    }

    @Override
    public Set<DataKind> available(JobSettings settings) throws IOException {
        Set<DataKind> kinds = EnumSet.noneOf(DataKind.class);
        for (DataKind k : DataKind.values()) {
            if (JdbcOptions.source(settings, k) != null) {
                kinds.add(k);
            }
        }
        if (!kinds.isEmpty()) {
            try (Connection c = open(settings)) {
                c.isValid(10);
            } catch (SQLException e) {
                throw new IOException(ID + ": the database (" + where(settings) + "...) does not answer: " + shown(e), e);
            }
        }
        return kinds;
    }

    @Override
    public void read(DataKind kind, JobSettings settings, IngestSink sink) throws IOException {
        JdbcOptions.Source s = JdbcOptions.source(settings, kind);
        if (s == null) {
            throw new ConnectorException(kind.fileName(), 0, null, "no " + JdbcOptions.PREFIX + JdbcOptions.name(kind)
                    + ".table or .sql for this job");
        }
        try (Connection c = open(settings)) {
            RowReader.read(c, s, fetchSize(settings), sink);
            c.rollback();
        } catch (SQLException e) {
            throw failed(s, e);
        }
    }

    @Override
    public boolean summarize(JobSettings settings, SummarySink sink) throws IOException {
        if (!settings.flag(JdbcOptions.SUMMARIZE, true)) {
            return false;
        }
        JdbcOptions.Source t = JdbcOptions.source(settings, DataKind.TRANSACTIONS);
        if (t == null) {
            return false;
        }
        try (Connection c = open(settings)) {
            try {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            } catch (java.sql.SQLFeatureNotSupportedException e) {
                // a database whose transactions are snapshots anyway (DuckDB's MVCC)
            }
            new Summaries(t, JdbcOptions.source(settings, DataKind.CUSTOMERS), fetchSize(settings)).run(c, sink);
            c.rollback();
        } catch (SQLException e) {
            throw failed(t, e);
        }
        return true;
    }

    private static int fetchSize(JobSettings settings) {
        return Math.max(1, settings.integer(JdbcOptions.FETCH_SIZE, 10_000));
    }

    /** A read-only connection without auto-commit, so that PostgreSQL streams rows by the fetch size. */
    private Connection open(JobSettings settings) throws IOException {
        DataSource ds;
        try {
            ds = database(settings);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(ID + ": " + shown(e), e);
        }
        try {
            Connection c = ds.getConnection();
            try {
                c.setAutoCommit(false);
                try {
                    c.setReadOnly(true);
                } catch (java.sql.SQLFeatureNotSupportedException e) {
                    // DuckDB sets it per database, not per connection; the connector only reads anyway
                }
                return c;
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException(ID + ": cannot connect to the database (" + where(settings) + "...): " + shown(e)
                    + loginHint(settings), e);
        }
    }

    private static ConnectorException failed(JdbcOptions.Source s, SQLException e) {
        return new ConnectorException(s.name(), 0, null, "the database refused the query: " + shown(e)
                + (e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")"));
    }

    /** A driver's message as a message may quote it: a URL in it with its password as {@code ***}. */
    static String shown(Exception e) {
        return SettingDescriptor.maskPasswords(e.getMessage());
    }
}
