package io.klarsyn.scheduler.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * Runs the periods missed while the server was down, once each. Per job, table
 * {@code klarsyn_schedule} keeps {@code scheduled_through}: every fire time up to that instant has
 * been submitted. A catch-up submits the periods of the fire times in
 * {@code (scheduled_through, now]}, oldest first, one submission per period, then moves
 * {@code scheduled_through} to now. A job seen for the first time starts at now, without history.
 * Each scheduled fire moves it on too ({@link #advance}).
 *
 * <p>Thread-safe; each change is one statement.
 */
final class CatchUp {

    /** Submits one missed period of a job; throws when it cannot. */
    @FunctionalInterface
    interface Submitter {
        void submit(String job, YearMonth period);
    }

    private static final System.Logger LOG = System.getLogger(CatchUp.class.getName());

    private final DataSource dataSource;
    private final Clock clock;

    CatchUp(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Creates {@code klarsyn_schedule} when it is absent. */
    void createTable() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS klarsyn_schedule (job VARCHAR(200) NOT NULL PRIMARY KEY,"
                    + " scheduled_through TIMESTAMP WITH TIME ZONE NOT NULL)");
            commit(c);
        }
    }

    /**
     * Submits the periods a job missed since it was last scheduled, oldest first.
     *
     * @return the periods submitted
     */
    synchronized List<YearMonth> catchUp(String job, String cron, ZoneId zone, Submitter submitter) throws SQLException {
        Instant now = clock.instant();
        Optional<Instant> through = through(job);
        if (through.isEmpty()) {
            write(job, now);
            return List.of();
        }
        FireTimes fires = new FireTimes(cron, zone);
        List<YearMonth> done = new ArrayList<>();
        Instant reached = through.get();
        Instant fire = fires.after(reached);
        while (fire != null && !fire.isAfter(now)) {
            YearMonth period = fires.period(fire);
            try {
                submitter.submit(job, period);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "catch-up of " + job + " for " + period + " failed; tried again at the next start: " + e.getMessage());
                if (reached.isAfter(through.get())) {
                    write(job, reached);
                }
                return done;
            }
            done.add(period);
            // Every fire in the same calendar month reports the same period: go on from the next month.
            reached = fire;
            fire = fires.after(fires.nextMonth(fire).minusSeconds(1));
        }
        if (now.isAfter(through.get())) {
            write(job, now);
        }
        return done;
    }

    /** Records that a job's fire at {@code fire} was submitted. */
    synchronized void advance(String job, Instant fire) throws SQLException {
        Optional<Instant> through = through(job);
        if (through.isEmpty() || fire.isAfter(through.get())) {
            write(job, fire);
        }
    }

    /** Forgets a job whose file was removed: if it comes back, it starts afresh. */
    synchronized void forget(String job) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM klarsyn_schedule WHERE job = ?")) {
            s.setString(1, job);
            s.executeUpdate();
            commit(c);
        }
    }

    /** @return the instant up to which the job's fires were submitted, or empty for a job never seen */
    Optional<Instant> through(String job) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT scheduled_through FROM klarsyn_schedule WHERE job = ?")) {
            s.setString(1, job);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getObject(1, OffsetDateTime.class).toInstant()) : Optional.empty();
            }
        }
    }

    private void write(String job, Instant through) throws SQLException {
        OffsetDateTime at = through.atOffset(ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement u = c.prepareStatement("UPDATE klarsyn_schedule SET scheduled_through = ? WHERE job = ?")) {
                u.setObject(1, at);
                u.setString(2, job);
                if (u.executeUpdate() > 0) {
                    commit(c);
                    return;
                }
            }
            try (PreparedStatement i = c.prepareStatement("INSERT INTO klarsyn_schedule (job, scheduled_through) VALUES (?, ?)")) {
                i.setString(1, job);
                i.setObject(2, at);
                i.executeUpdate();
            }
            commit(c);
        }
    }

    static void commit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }
}
