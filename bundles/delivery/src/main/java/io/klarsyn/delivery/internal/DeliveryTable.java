package io.klarsyn.delivery.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.klarsyn.api.delivery.DeliveryRecord;
import io.klarsyn.api.delivery.DeliveryState;
import io.klarsyn.api.delivery.ParcelKind;
import io.klarsyn.api.server.ServerSchema;

/**
 * The {@code deliveries} and {@code delivery_runs} tables. Every state change is one conditional
 * UPDATE on the row's current state, so of two servers (or threads) only one wins a claim and a
 * late outcome never overwrites a newer one.
 */
final class DeliveryTable {

    static final String COMPONENT = "delivery";
    static final String MIGRATIONS = "db/delivery";
    static final List<String> SCRIPTS = List.of("V1__deliveries.sql");
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "id, job, period, target, channel, kind, round, run_id, locale, state, attempts, "
            + "error, created_at, next_attempt_at, sent_at";

    /** A row: the public record plus the language its text is written in. */
    record Row(DeliveryRecord record, String locale) {
        long id() {
            return record.id();
        }
    }

    /** A delivery to plan. */
    record Plan(String job, YearMonth period, String target, String channel, ParcelKind kind, long round, long runId,
            String locale) {
    }

    private final DataSource dataSource;

    DeliveryTable(DataSource dataSource, ServerSchema schema) {
        this.dataSource = dataSource;
        schema.migrate(COMPONENT, DeliveryTable.class.getClassLoader(), MIGRATIONS, SCRIPTS);
    }

    /** @return the new row's id, or empty when that delivery exists already */
    Optional<Long> insert(Plan plan, Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO deliveries (job, period, target, channel, kind, "
                        + "round, run_id, locale, state, attempts, created_at, next_attempt_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)", new String[] {"id"})) {
            insert.setString(1, plan.job());
            insert.setString(2, plan.period().toString());
            insert.setString(3, plan.target());
            insert.setString(4, plan.channel());
            insert.setString(5, plan.kind().name());
            insert.setLong(6, plan.round());
            insert.setLong(7, plan.runId());
            insert.setString(8, plan.locale());
            insert.setString(9, DeliveryState.PENDING.name());
            insert.setObject(10, time(now));
            insert.setObject(11, time(now));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return Optional.of(keys.getLong(1));
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw failed("plan a delivery", e);
        }
    }

    /** @return the highest round of that report delivery, or -1 when there is none */
    long lastRound(String job, YearMonth period, String target, String channel) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT MAX(round) FROM deliveries WHERE job = ? AND period = ? "
                        + "AND target = ? AND channel = ? AND kind = ?")) {
            select.setString(1, job);
            select.setString(2, period.toString());
            select.setString(3, target);
            select.setString(4, channel);
            select.setString(5, ParcelKind.REPORT.name());
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                long max = rows.getLong(1);
                return rows.wasNull() ? -1 : max;
            }
        } catch (SQLException e) {
            throw failed("read deliveries", e);
        }
    }

    /** @return true when the run's deliveries were planned before */
    boolean planned(long runId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM delivery_runs WHERE run_id = ?")) {
            select.setLong(1, runId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw failed("read planned runs", e);
        }
    }

    void markPlanned(long runId, Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO delivery_runs (run_id, planned_at) VALUES (?, ?)")) {
            insert.setLong(1, runId);
            insert.setObject(2, time(now));
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw failed("record a planned run", e);
            }
        }
    }

    List<Row> ofRun(long runId) {
        return select("run_id = ? ORDER BY id", s -> s.setLong(1, runId));
    }

    Optional<Row> row(long id) {
        return select("id = ?", s -> s.setLong(1, id)).stream().findFirst();
    }

    /** @return PENDING rows due by {@code now}, the longest waiting first */
    List<Row> due(Instant now, int limit) {
        return select("state = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at, id FETCH FIRST " + limit
                + " ROWS ONLY", s -> s.setObject(1, time(now)));
    }

    /** PENDING → SENDING, one attempt more. @return false when another got it first (or it is not due) */
    boolean claim(long id, Instant now) {
        return update("UPDATE deliveries SET state = 'SENDING', attempts = attempts + 1, claimed_at = ? "
                + "WHERE id = ? AND state = 'PENDING' AND next_attempt_at <= ?", s -> {
                    s.setObject(1, time(now));
                    s.setLong(2, id);
                    s.setObject(3, time(now));
                }) == 1;
    }

    /** SENDING → SENT. */
    boolean sent(long id, Instant now) {
        return update("UPDATE deliveries SET state = 'SENT', sent_at = ?, next_attempt_at = NULL, error = NULL "
                + "WHERE id = ? AND state = 'SENDING'", s -> {
                    s.setObject(1, time(now));
                    s.setLong(2, id);
                }) == 1;
    }

    /** SENDING → PENDING, tried again at {@code next}. */
    boolean retry(long id, Instant next, String error) {
        return update("UPDATE deliveries SET state = 'PENDING', next_attempt_at = ?, error = ? WHERE id = ? AND state = 'SENDING'",
                s -> {
                    s.setObject(1, time(next));
                    s.setString(2, error);
                    s.setLong(3, id);
                }) == 1;
    }

    /** SENDING (or PENDING) → FAILED. */
    boolean failed(long id, String error) {
        return update("UPDATE deliveries SET state = 'FAILED', next_attempt_at = NULL, error = ? "
                + "WHERE id = ? AND state IN ('SENDING', 'PENDING')", s -> {
                    s.setString(1, error);
                    s.setLong(2, id);
                }) == 1;
    }

    /** Says why a PENDING row waits, and puts it off to {@code next}, without an attempt. */
    /**
     * Rows that wait for a channel that was not installed (their error says so): due now that it is.
     *
     * @return how many
     */
    int dueNow(String channel, String waitingError, Instant now) {
        return update("UPDATE deliveries SET next_attempt_at = ? WHERE state = 'PENDING' AND channel = ? AND error = ? "
                + "AND next_attempt_at > ?", s -> {
                    s.setObject(1, time(now));
                    s.setString(2, channel);
                    s.setString(3, waitingError);
                    s.setObject(4, time(now));
                });
    }

    void note(long id, Instant next, String error) {
        update("UPDATE deliveries SET error = ?, next_attempt_at = ? WHERE id = ? AND state = 'PENDING'", s -> {
            s.setString(1, error);
            s.setObject(2, time(next));
            s.setLong(3, id);
        });
    }

    /**
     * SENDING rows claimed before {@code before} (their server died while sending): back to PENDING,
     * due now. The attempt may have reached the other side: the retry sends the same message id.
     *
     * @return how many
     */
    int releaseStale(Instant before, Instant now, String error) {
        return update("UPDATE deliveries SET state = 'PENDING', next_attempt_at = ?, error = ? "
                + "WHERE state = 'SENDING' AND claimed_at < ?", s -> {
                    s.setObject(1, time(now));
                    s.setString(2, error);
                    s.setObject(3, time(before));
                });
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(sql)) {
            binder.bind(update);
            return update.executeUpdate();
        } catch (SQLException e) {
            throw failed("update a delivery", e);
        }
    }

    private List<Row> select(String where, Binder binder) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM deliveries WHERE " + where)) {
            binder.bind(select);
            List<Row> out = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.add(row(rows));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed("read deliveries", e);
        }
    }

    private static Row row(ResultSet r) throws SQLException {
        long id = r.getLong("id");
        String job = r.getString("job");
        YearMonth period = YearMonth.parse(r.getString("period").trim());
        DeliveryRecord record = new DeliveryRecord(id, job, period, r.getLong("run_id"), r.getString("channel"),
                r.getString("target"), ParcelKind.valueOf(r.getString("kind")), (int) r.getLong("round"),
                DeliveryState.valueOf(r.getString("state")), r.getInt("attempts"), r.getString("error"),
                instant(r, "created_at"), instant(r, "next_attempt_at"), instant(r, "sent_at"), messageId(id, job, period));
        return new Row(record, r.getString("locale"));
    }

    /** The same for every attempt of a delivery, and after a restart. */
    static String messageId(long id, String job, YearMonth period) {
        return "<delivery-" + id + "." + job + "." + period + "@klarsyn>";
    }

    private static Instant instant(ResultSet r, String column) throws SQLException {
        OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
    }
}
