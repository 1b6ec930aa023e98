package io.klarsyn.runstore.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.JobRegistry;
import io.klarsyn.api.server.JobSummary;
import io.klarsyn.api.server.Retention;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunState;
import io.klarsyn.api.result.Direction;
import io.klarsyn.api.result.Unit;
import io.klarsyn.api.server.Headline;
import io.klarsyn.api.server.RunStore;
import io.klarsyn.api.server.ServerHome;
import io.klarsyn.api.server.ServerSchema;
import io.klarsyn.api.server.TrendPoint;
import io.klarsyn.api.server.Trigger;

/**
 * The run history in the server's database (tables {@code runs}, {@code run_kpis},
 * {@code run_claims}, migrated at activation), artifacts in {@code runs/<id>/} under the home.
 *
 * <p>Beyond the interface: {@link #started} of a run that is no longer QUEUED and {@link #finished}
 * of one already finished change nothing and return the run as it is (an abort may have come
 * first); an unknown id throws {@link NoSuchElementException}.
 */
@Component(service = RunStore.class)
public class JdbcRunStore implements RunStore {

    static final String COMPONENT = "runstore";
    static final String MIGRATIONS = "db/runstore";
    static final List<String> SCRIPTS = List.of("V1__runs.sql", "V2__headline_ids.sql",
            "V3__summary_indexes.sql", "V4__headlines.sql", "V5__nodes.sql", "V6__abort_requests.sql");
    static final List<String> ARTIFACTS = List.of("report.pdf", "metrics.json", "run.log");

    private static final System.Logger LOG = System.getLogger(JdbcRunStore.class.getName());
    private static final Set<String> RETRYABLE = Set.of("23505", "40001", "40P01", "HYT00");
    private static final int ATTEMPTS = 8;
    /** How many of the oldest queued runs {@link #claimQueued} looks at in one transaction. */
    private static final int CLAIM_WINDOW = 20;
    /** How long {@link #summaries} may answer from memory when this store changed nothing. */
    static final long SUMMARY_MILLIS = 2000;
    private static final String COLUMNS =
            "id, job, number, period, trigger, rerun, status, queued_at, started_at, duration_ms, messages";

    private final DataSource dataSource;
    private final ServerHome home;
    private final Function<String, Retention> retention;
    private final java.util.concurrent.ConcurrentMap<String, Object> numbering = new java.util.concurrent.ConcurrentHashMap<>();
    /** Counts the changes this store made, so that {@link #summaries} knows its answer is stale. */
    private final AtomicLong writes = new AtomicLong();
    /** {@link #changes(String)} by job. */
    private final Map<String, AtomicLong> changes = new ConcurrentHashMap<>();
    private final ReentrantLock summaryLock = new ReentrantLock();
    private volatile Summaries summaries;

    @Activate
    public JdbcRunStore(@Reference(target = "(klarsyn.database=server)") DataSource dataSource,
            @Reference ServerSchema schema, @Reference ServerHome home, @Reference JobRegistry jobs) {
        // a job gone from jobs/ keeps the default retention for the runs it left
        this(dataSource, schema, home, job -> jobs.job(job).map(JobEntry::definition).map(JobDefinition::retention)
                .orElse(Retention.DEFAULT));
    }

    JdbcRunStore(DataSource dataSource, ServerSchema schema, ServerHome home, Function<String, Retention> retention) {
        this.dataSource = dataSource;
        this.home = home;
        this.retention = retention;
        schema.migrate(COMPONENT, JdbcRunStore.class.getClassLoader(), MIGRATIONS, SCRIPTS);
    }

    @Override
    public RunRecord create(String job, YearMonth period, Trigger trigger) {
        requireJob(job);
        try {
            synchronized (numbering(job)) {
                return transaction(connection -> insert(connection, job, period, trigger));
            }
        } finally {
            changed(job);
        }
    }

    @Override
    public Optional<RunRecord> createScheduled(String job, YearMonth period, Trigger trigger) {
        requireJob(job);
        ensureClaim(job, period);
        try {
            synchronized (numbering(job)) {
                return createScheduledRun(job, period, trigger);
            }
        } finally {
            changed(job);
        }
    }

    /**
     * The lock under which this process gives a job's next run its number (the highest plus one). Two creations of
     * one job at once would otherwise both read the same highest number, and the unique index let only one insert:
     * the other retried, and with both threads retrying in step one of them could lose every attempt (seen once in
     * JdbcRunStoreTest: two threads, ten runs each). Between cluster nodes the retries remain, with a random pause.
     */
    private Object numbering(String job) {
        return numbering.computeIfAbsent(job, j -> new Object());
    }

    private Optional<RunRecord> createScheduledRun(String job, YearMonth period, Trigger trigger) {
        return transaction(connection -> {
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT job FROM run_claims WHERE job = ? AND period = ? FOR UPDATE")) {
                lock.setString(1, job);
                lock.setString(2, period.toString());
                try (ResultSet rows = lock.executeQuery()) {
                    rows.next();
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT COUNT(*) FROM runs WHERE job = ? AND period = ? AND status <> ?")) {
                select.setString(1, job);
                select.setString(2, period.toString());
                select.setString(3, RunState.ABORTED.name());
                if (count(select) > 0) {
                    return Optional.empty();
                }
            }
            return Optional.of(insert(connection, job, period, trigger));
        });
    }

    private void ensureClaim(String job, YearMonth period) {
        transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT COUNT(*) FROM run_claims WHERE job = ? AND period = ?")) {
                select.setString(1, job);
                select.setString(2, period.toString());
                if (count(select) > 0) {
                    return null;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO run_claims (job, period) VALUES (?, ?)")) {
                insert.setString(1, job);
                insert.setString(2, period.toString());
                insert.executeUpdate();
            }
            return null;
        });
    }

    private RunRecord insert(Connection connection, String job, YearMonth period, Trigger trigger)
            throws SQLException {
        int number;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM runs WHERE job = ?")) {
            select.setString(1, job);
            number = (int) count(select);
        }
        boolean rerun;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COUNT(*) FROM runs WHERE job = ? AND period = ?")) {
            select.setString(1, job);
            select.setString(2, period.toString());
            rerun = count(select) > 0;
        }
        Instant now = now();
        long id;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO runs (job, number, period, trigger, rerun, status, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                new String[] {"id"})) {
            insert.setString(1, job);
            insert.setInt(2, number);
            insert.setString(3, period.toString());
            insert.setString(4, trigger.name());
            insert.setBoolean(5, rerun);
            insert.setString(6, RunState.QUEUED.name());
            insert.setObject(7, utc(now));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        return new RunRecord(id, job, number, period, trigger, rerun, RunState.QUEUED, now, null, null, Map.of(),
                null, List.of(), List.of());
    }

    @Override
    public RunRecord started(long id) {
        String job = transaction(connection -> {
            String name = null;
            try (PreparedStatement select = connection.prepareStatement("SELECT job FROM runs WHERE id = ?")) {
                select.setLong(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        name = rows.getString(1);
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE runs SET status = ?, started_at = ?, node = ? WHERE id = ? AND status = ?")) {
                update.setString(1, RunState.RUNNING.name());
                update.setObject(2, utc(now()));
                update.setString(3, home.nodeId());
                update.setLong(4, id);
                update.setString(5, RunState.QUEUED.name());
                update.executeUpdate();
            }
            return name;
        });
        changed(job);
        return existing(id);
    }

    @Override
    public Optional<RunRecord> claimQueued(Set<Long> skip) {
        String node = home.nodeId();
        Object[] taken = transaction(connection -> {
            List<Object[]> waiting = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, job FROM runs WHERE status = ? ORDER BY id LIMIT " + CLAIM_WINDOW)) {
                select.setString(1, RunState.QUEUED.name());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        waiting.add(new Object[] {rows.getLong(1), rows.getString(2)});
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE runs SET status = ?, started_at = ?, node = ? WHERE id = ? AND status = ?")) {
                for (Object[] run : waiting) {
                    if (skip.contains((Long) run[0])) {
                        continue;
                    }
                    update.setString(1, RunState.RUNNING.name());
                    update.setObject(2, utc(now()));
                    update.setString(3, node);
                    update.setLong(4, (Long) run[0]);
                    update.setString(5, RunState.QUEUED.name());
                    // of two nodes at once, the second waits for the first's commit and then updates nothing
                    if (update.executeUpdate() == 1) {
                        return run;
                    }
                }
            }
            return null;
        });
        if (taken == null) {
            return Optional.empty();
        }
        changed((String) taken[1]);
        return run((Long) taken[0]);
    }

    @Override
    public void heartbeat() {
        String node = home.nodeId();
        transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE nodes SET heartbeat_at = CURRENT_TIMESTAMP WHERE node = ?")) {
                update.setString(1, node);
                if (update.executeUpdate() > 0) {
                    return null;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO nodes (node, started_at, heartbeat_at) VALUES (?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
                insert.setString(1, node);
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void leave() {
        String node = home.nodeId();
        transaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM nodes WHERE node = ?")) {
                delete.setString(1, node);
                delete.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<RunRecord> abortLost(Duration silence, String reason, boolean includeOwn) {
        String me = home.nodeId();
        List<Object[]> aborted = transaction(connection -> {
            OffsetDateTime databaseNow;
            try (Statement select = connection.createStatement();
                    ResultSet rows = select.executeQuery("SELECT CURRENT_TIMESTAMP")) {
                rows.next();
                databaseNow = rows.getObject(1, OffsetDateTime.class);
            }
            Set<String> alive = new java.util.HashSet<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT node FROM nodes WHERE heartbeat_at >= ?")) {
                select.setObject(1, databaseNow.minus(silence));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        alive.add(rows.getString(1));
                    }
                }
            }
            if (includeOwn) {
                alive.remove(me);
            } else {
                alive.add(me);
            }
            List<Object[]> lost = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, job, node, started_at FROM runs WHERE status = ? ORDER BY id")) {
                select.setString(1, RunState.RUNNING.name());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String node = rows.getString(3);
                        if (node == null || !alive.contains(node)) {
                            lost.add(new Object[] {rows.getLong(1), rows.getString(2), node, instant(rows, 4)});
                        }
                    }
                }
            }
            List<Object[]> done = new ArrayList<>();
            Instant end = now();
            try (PreparedStatement update = connection.prepareStatement("UPDATE runs SET status = ?, duration_ms = ?, "
                    + "messages = ? WHERE id = ? AND status = ? AND (node = ? OR node IS NULL)")) {
                for (Object[] run : lost) {
                    Instant startedAt = (Instant) run[3];
                    update.setString(1, RunState.ABORTED.name());
                    update.setLong(2, startedAt == null ? 0 : Math.max(0, Duration.between(startedAt, end).toMillis()));
                    update.setString(3, joined(List.of(reason + (run[2] == null ? "" : " (node " + run[2] + ")"))));
                    update.setLong(4, (Long) run[0]);
                    update.setString(5, RunState.RUNNING.name());
                    update.setString(6, (String) run[2]);
                    if (update.executeUpdate() == 1) {
                        done.add(run);
                    }
                }
            }
            return done;
        });
        List<RunRecord> out = new ArrayList<>();
        for (Object[] run : aborted) {
            changed((String) run[1]);
            run((Long) run[0]).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public Optional<RunRecord> handBack(long id) {
        return handBack(List.of(id)).stream().findFirst();
    }

    @Override
    public List<RunRecord> handBackAll(Set<Long> keep) {
        List<Long> mine = new ArrayList<>();
        read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id FROM runs WHERE status = ? AND node = ? ORDER BY id")) {
                select.setString(1, RunState.RUNNING.name());
                select.setString(2, home.nodeId());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        if (!keep.contains(rows.getLong(1))) {
                            mine.add(rows.getLong(1));
                        }
                    }
                }
            }
            return null;
        });
        return mine.isEmpty() ? List.of() : handBack(mine);
    }

    /** Each run RUNNING on this node back to QUEUED, or to ABORTED when its abort was asked; one transaction per run. */
    private List<RunRecord> handBack(List<Long> ids) {
        String me = home.nodeId();
        List<RunRecord> out = new ArrayList<>();
        for (long id : ids) {
            String job = transaction(connection -> {
                String name;
                String abortReason;
                Instant startedAt;
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT job, abort_requested, started_at FROM runs WHERE id = ? AND status = ? AND node = ? FOR UPDATE")) {
                    select.setLong(1, id);
                    select.setString(2, RunState.RUNNING.name());
                    select.setString(3, me);
                    try (ResultSet rows = select.executeQuery()) {
                        if (!rows.next()) {
                            return null;
                        }
                        name = rows.getString(1);
                        abortReason = rows.getString(2);
                        startedAt = instant(rows, 3);
                    }
                }
                if (abortReason != null) {
                    try (PreparedStatement update = connection.prepareStatement(
                            "UPDATE runs SET status = ?, duration_ms = ?, messages = ? WHERE id = ?")) {
                        update.setString(1, RunState.ABORTED.name());
                        update.setLong(2, startedAt == null ? 0 : Math.max(0, Duration.between(startedAt, now()).toMillis()));
                        update.setString(3, joined(List.of(abortReason)));
                        update.setLong(4, id);
                        update.executeUpdate();
                    }
                } else {
                    try (PreparedStatement update = connection.prepareStatement(
                            "UPDATE runs SET status = ?, started_at = NULL, node = NULL WHERE id = ?")) {
                        update.setString(1, RunState.QUEUED.name());
                        update.setLong(2, id);
                        update.executeUpdate();
                    }
                }
                return name;
            });
            if (job != null) {
                changed(job);
                run(id).ifPresent(out::add);
            }
        }
        return out;
    }

    @Override
    public boolean requestAbort(long id, String reason) {
        String job = transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE runs SET abort_requested = ? WHERE id = ? AND status = ?")) {
                update.setString(1, reason);
                update.setLong(2, id);
                update.setString(3, RunState.RUNNING.name());
                if (update.executeUpdate() == 0) {
                    return null;
                }
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT job FROM runs WHERE id = ?")) {
                select.setLong(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
        return job != null;
    }

    @Override
    public Map<Long, String> abortRequests() {
        return read(connection -> {
            Map<Long, String> out = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, abort_requested FROM runs WHERE status = ? AND node = ? AND abort_requested IS NOT NULL ORDER BY id")) {
                select.setString(1, RunState.RUNNING.name());
                select.setString(2, home.nodeId());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        out.put(rows.getLong(1), rows.getString(2));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public RunRecord finished(long id, RunState status, Map<String, Double> kpis, List<String> messages) {
        return finished(id, status, kpis, List.of(), messages);
    }

    @Override
    public RunRecord finished(long id, RunState status, Map<String, Double> kpis, List<Headline> headlines,
            List<String> messages) {
        if (!status.finished()) {
            throw new IllegalArgumentException("a run cannot finish as " + status);
        }
        String job = transaction(connection -> {
            String name;
            RunState now;
            Instant startedAt;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT job, status, started_at FROM runs WHERE id = ? FOR UPDATE")) {
                select.setLong(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw new NoSuchElementException("no run " + id);
                    }
                    name = rows.getString(1);
                    now = RunState.valueOf(rows.getString(2));
                    startedAt = instant(rows, 3);
                }
            }
            if (now.finished()) {
                return null;
            }
            Instant end = now();
            long durationMs = startedAt == null ? 0 : Math.max(0, Duration.between(startedAt, end).toMillis());
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE runs SET status = ?, duration_ms = ?, messages = ? WHERE id = ?")) {
                update.setString(1, status.name());
                update.setLong(2, durationMs);
                update.setString(3, joined(messages));
                update.setLong(4, id);
                update.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO run_kpis (run_id, name, kpi_value, kpi_rank) VALUES (?, ?, ?, ?)")) {
                int rank = 0;
                for (Map.Entry<String, Double> kpi : kpis.entrySet()) {
                    if (kpi.getValue() != null && Double.isFinite(kpi.getValue())) {
                        insert.setLong(1, id);
                        insert.setString(2, kpi.getKey());
                        insert.setDouble(3, kpi.getValue());
                        insert.setInt(4, rank++);
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
            describe(connection, name, id, headlines);
            return name;
        });
        changed(job);
        if (job != null) {
            try {
                applyRetention(job);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "retention of job " + job + " failed: " + e.getMessage(), e);
            }
        }
        return existing(id);
    }

    /** Beyond the interface: a run's change counts when its job is known, and {@link #summaries} reads again. */
    private void changed(String job) {
        if (job != null) {
            changes.computeIfAbsent(job, j -> new AtomicLong()).incrementAndGet();
        }
        writes.incrementAndGet();
    }

    @Override
    public long changes(String job) {
        if (home.clustered()) {
            // the other nodes change the job's runs too, and this count would not see it: keep nothing
            return -1;
        }
        AtomicLong count = changes.get(job);
        return count == null ? 0 : count.get();
    }

    @Override
    public long changes() {
        // as changes(job): another node's writes would not be counted
        return home.clustered() ? -1 : writes.get();
    }

    @Override
    public Optional<RunRecord> run(long id) {
        return records("SELECT " + COLUMNS + " FROM runs WHERE id = ?", id).stream().findFirst();
    }

    @Override
    public List<RunRecord> runs(String job, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative: " + offset + ", " + limit);
        }
        return records("SELECT " + COLUMNS + " FROM runs WHERE job = ? ORDER BY number DESC LIMIT ? OFFSET ?",
                job, limit, offset);
    }

    @Override
    public List<RunRecord> unfinished() {
        return records("SELECT " + COLUMNS + " FROM runs WHERE status IN (?, ?) ORDER BY id",
                RunState.QUEUED.name(), RunState.RUNNING.name());
    }

    @Override
    public Optional<RunRecord> lastRun(String job) {
        return runs(job, 0, 1).stream().findFirst();
    }

    @Override
    public List<TrendPoint> trend(String job) {
        return read(connection -> {
            Map<YearMonth, Long> newest = new LinkedHashMap<>();
            Map<Long, RunState> states = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, period, status FROM runs WHERE job = ? AND status IN (?, ?) ORDER BY period, number DESC")) {
                select.setString(1, job);
                select.setString(2, RunState.SUCCESS.name());
                select.setString(3, RunState.UNSTABLE.name());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        long id = rows.getLong(1);
                        if (newest.putIfAbsent(YearMonth.parse(rows.getString(2)), id) == null) {
                            states.put(id, RunState.valueOf(rows.getString(3)));
                        }
                    }
                }
            }
            Map<Long, Map<String, Double>> kpis = kpis(connection, states.keySet());
            List<TrendPoint> points = new ArrayList<>();
            newest.forEach((period, id) -> points.add(
                    new TrendPoint(period, id, states.get(id), kpis.getOrDefault(id, Map.of()))));
            return points;
        });
    }

    /**
     * One statement, in plain joins and groups (H2's window functions took several times as long):
     * the newest {@code recent} runs of every job (kind {@code R}: a job's numbers are 1, 2, 3, ...
     * without gaps, runs are never deleted), and the newest run of each of every job's two newest
     * periods with a SUCCESS or UNSTABLE run, with its numbers (kind {@code T}, one row per number,
     * or one without a number). Sorted in Java.
     */
    private static final String SUMMARIES = """
            SELECT 'R' AS kind, r.job, r.id, r.number, r.period, r.status, CAST(NULL AS VARCHAR(100)) AS name,
                   CAST(NULL AS DOUBLE PRECISION) AS kpi_value, 0 AS kpi_rank
            FROM (SELECT job, MAX(number) AS newest FROM runs GROUP BY job) t
            JOIN runs r ON r.job = t.job AND r.number BETWEEN t.newest - ? AND t.newest
            UNION ALL
            SELECT 'T' AS kind, r.job, r.id, r.number, r.period, r.status, k.name, k.kpi_value, k.kpi_rank
            FROM (SELECT o.job, MAX(o.number) AS number
                  FROM runs o
                  JOIN (SELECT job, MAX(period) AS period FROM runs
                        WHERE status IN ('SUCCESS', 'UNSTABLE') GROUP BY job
                        UNION ALL
                        SELECT a.job, MAX(a.period) AS period
                        FROM runs a
                        JOIN (SELECT job, MAX(period) AS period FROM runs
                              WHERE status IN ('SUCCESS', 'UNSTABLE') GROUP BY job) b
                          ON a.job = b.job AND a.period < b.period
                        WHERE a.status IN ('SUCCESS', 'UNSTABLE') GROUP BY a.job) p
                    ON o.job = p.job AND o.period = p.period
                  WHERE o.status IN ('SUCCESS', 'UNSTABLE')
                  GROUP BY o.job, o.period) n
            JOIN runs r ON r.job = n.job AND r.number = n.number
            LEFT JOIN run_kpis k ON k.run_id = r.id
            """;

    /** A trend point as its rows come: its numbers with their rank. */
    private record Point(YearMonth period, long id, RunState status, List<Object[]> values) {

        TrendPoint build() {
            values.sort(Comparator.comparingInt((Object[] v) -> (Integer) v[0]).thenComparing(v -> (String) v[1]));
            Map<String, Double> map = new LinkedHashMap<>();
            for (Object[] v : values) {
                map.put((String) v[1], (Double) v[2]);
            }
            return new TrendPoint(period, id, status, map);
        }
    }

    /**
     * Beyond the interface: the answer for all jobs is kept until this store records a change or
     * for {@link #SUMMARY_MILLIS} after it was read (a change by another server on the same database); of callers that
     * find it stale at once, one reads; the others wait for its answer when this store changed something
     * since, else they get the old answer meanwhile.
     */
    @Override
    public Map<String, JobSummary> summaries(java.util.Collection<String> jobs, int recent) {
        if (recent < 1) {
            throw new IllegalArgumentException("recent must be at least 1: " + recent);
        }
        Summaries all = summaries;
        if (!fresh(all, recent)) {
            // an answer only old (no change here since) is served while another caller reads it again
            boolean onlyOld = all != null && all.recent() == recent && all.version() == writes.get();
            if (onlyOld && !summaryLock.tryLock()) {
                return pick(all, jobs);
            }
            if (!onlyOld) {
                summaryLock.lock();
            }
            try {
                all = summaries;
                if (!fresh(all, recent)) {
                    long version = writes.get();
                    Map<String, JobSummary> read = readSummaries(recent);
                    all = new Summaries(recent, version, System.nanoTime(), read);
                    summaries = all;
                }
            } finally {
                summaryLock.unlock();
            }
        }
        return pick(all, jobs);
    }

    private static Map<String, JobSummary> pick(Summaries all, java.util.Collection<String> jobs) {
        Map<String, JobSummary> out = new LinkedHashMap<>();
        for (String job : jobs) {
            JobSummary summary = all.byJob().get(job);
            if (summary != null) {
                out.put(job, summary);
            }
        }
        return out;
    }

    private boolean fresh(Summaries all, int recent) {
        return all != null && all.recent() == recent && all.version() == writes.get()
                && System.nanoTime() - all.readAt() < SUMMARY_MILLIS * 1_000_000L;
    }

    private record Summaries(int recent, long version, long readAt, Map<String, JobSummary> byJob) {
    }

    private Map<String, JobSummary> readSummaries(int recent) {
        Map<String, List<JobSummary.Run>> runs = new HashMap<>();
        Map<String, Map<Long, Point>> points = new HashMap<>();
        read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SUMMARIES)) {
                select.setInt(1, recent - 1);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String job = rows.getString(2);
                        long id = rows.getLong(3);
                        if (rows.getString(1).equals("R")) {
                            runs.computeIfAbsent(job, j -> new ArrayList<>()).add(new JobSummary.Run(id, rows.getInt(4),
                                    YearMonth.parse(rows.getString(5)), RunState.valueOf(rows.getString(6))));
                            continue;
                        }
                        Point point = points.computeIfAbsent(job, j -> new HashMap<>()).get(id);
                        if (point == null) {
                            point = new Point(YearMonth.parse(rows.getString(5)), id, RunState.valueOf(rows.getString(6)),
                                    new ArrayList<>());
                            points.get(job).put(id, point);
                        }
                        String name = rows.getString(7);
                        if (name != null) {
                            point.values().add(new Object[] {rows.getInt(9), name, rows.getDouble(8)});
                        }
                    }
                }
            }
            return null;
        });
        Map<String, JobSummary> out = new HashMap<>();
        for (Map.Entry<String, List<JobSummary.Run>> entry : runs.entrySet()) {
            String job = entry.getKey();
            List<JobSummary.Run> newest = entry.getValue();
            newest.sort(Comparator.comparingInt(JobSummary.Run::number).reversed());
            List<Point> trend = new ArrayList<>(points.getOrDefault(job, Map.of()).values());
            trend.sort(Comparator.comparing(Point::period).reversed());
            out.put(job, new JobSummary(job, newest, trend.isEmpty() ? null : trend.get(0).build(),
                    trend.size() < 2 ? null : trend.get(1).build()));
        }
        return out;
    }

    @Override
    public Path artifactFolder(long id) {
        existing(id);
        Path folder = folder(id);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the artifact folder " + folder + ": "
                    + io.klarsyn.api.server.IoErrors.why(e), e);
        }
        return folder;
    }

    @Override
    public Optional<Path> artifact(long id, String name) {
        if (id <= 0 || !ARTIFACTS.contains(name)) {
            return Optional.empty();
        }
        Path file = folder(id).resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Deletes the artifact folders of the job's finished runs that its retention no longer keeps. */
    void applyRetention(String job) {
        Retention keep = retention.apply(job);
        Instant oldest = keep.keepDays() > 0 ? now().minus(keep.keepDays(), ChronoUnit.DAYS) : Instant.MIN;
        List<Long> expired = transaction(connection -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, status, queued_at FROM runs WHERE job = ? ORDER BY number DESC")) {
                select.setString(1, job);
                try (ResultSet rows = select.executeQuery()) {
                    int position = 0;
                    while (rows.next()) {
                        position++;
                        boolean tooMany = keep.keepRuns() > 0 && position > keep.keepRuns();
                        boolean tooOld = instant(rows, 3).isBefore(oldest);
                        if ((tooMany || tooOld) && RunState.valueOf(rows.getString(2)).finished()) {
                            ids.add(rows.getLong(1));
                        }
                    }
                }
            }
            return ids;
        });
        for (long id : expired) {
            Path folder = folder(id);
            if (Files.isDirectory(folder)) {
                try {
                    delete(folder);
                } catch (IOException | UncheckedIOException e) {
                    LOG.log(System.Logger.Level.WARNING, "retention of job " + job + ": cannot delete " + folder
                            + ": " + io.klarsyn.api.server.IoErrors.why(e));
                }
            }
        }
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private Path folder(long id) {
        return home.runs().resolve(Long.toString(id));
    }

    private RunRecord existing(long id) {
        return run(id).orElseThrow(() -> new NoSuchElementException("no run " + id));
    }

    private List<RunRecord> records(String sql, Object... parameters) {
        return read(connection -> {
            List<RunRecord> rows = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setObject(i + 1, parameters[i]);
                }
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        rows.add(record(result));
                    }
                }
            }
            Map<Long, Map<String, Double>> kpis = kpis(connection,
                    rows.stream().filter(r -> r.status().finished()).map(RunRecord::id).collect(Collectors.toSet()));
            return rows.stream().map(r -> withKpis(r, kpis.getOrDefault(r.id(), Map.of()))).toList();
        });
    }

    private RunRecord record(ResultSet row) throws SQLException {
        long id = row.getLong("id");
        long duration = row.getLong("duration_ms");
        Long durationMs = row.wasNull() ? null : duration;
        String messages = row.getString("messages");
        return new RunRecord(id, row.getString("job"), row.getInt("number"), YearMonth.parse(row.getString("period")),
                Trigger.valueOf(row.getString("trigger")), row.getBoolean("rerun"),
                RunState.valueOf(row.getString("status")), instant(row, "queued_at"), instant(row, "started_at"),
                durationMs, Map.of(), null,
                messages == null || messages.isEmpty() ? List.of() : Arrays.asList(messages.split("\n")),
                ARTIFACTS.stream().filter(name -> Files.isRegularFile(folder(id).resolve(name))).toList());
    }

    private static RunRecord withKpis(RunRecord r, Map<String, Double> kpis) {
        return kpis.isEmpty() ? r
                : new RunRecord(r.id(), r.job(), r.number(), r.period(), r.trigger(), r.rerun(), r.status(),
                        r.queuedAt(), r.startedAt(), r.durationMs(), kpis, kpis.get(RunStore.REJECTED_SHARE), r.messages(),
                        r.artifacts());
    }

    /** The job's headlines as this run describes them replace what earlier runs said of the same figures. */
    private static void describe(Connection connection, String job, long runId, List<Headline> headlines)
            throws SQLException {
        if (headlines.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM headlines WHERE job = ? AND name = ?");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO headlines (job, name, kpi_rank, "
                        + "metric, title_key, title, unit, direction, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Headline h : headlines) {
                delete.setString(1, job);
                delete.setString(2, h.id());
                delete.addBatch();
                insert.setString(1, job);
                insert.setString(2, h.id());
                insert.setInt(3, h.rank());
                insert.setString(4, h.metric());
                insert.setString(5, h.titleKey());
                insert.setString(6, h.title());
                insert.setString(7, h.unit().name());
                insert.setString(8, h.direction().name());
                insert.setLong(9, runId);
                insert.addBatch();
            }
            delete.executeBatch();
            insert.executeBatch();
        }
    }

    @Override
    public Map<String, List<Headline>> headlines(java.util.Collection<String> jobs) {
        if (jobs.isEmpty()) {
            return Map.of();
        }
        List<String> names = List.copyOf(new java.util.LinkedHashSet<>(jobs));
        Map<String, List<Headline>> found = read(connection -> {
            Map<String, List<Headline>> byJob = new HashMap<>();
            String placeholders = String.join(", ", names.stream().map(n -> "?").toList());
            try (PreparedStatement select = connection.prepareStatement("SELECT job, name, kpi_rank, metric, title_key, "
                    + "title, unit, direction FROM headlines WHERE job IN (" + placeholders
                    + ") ORDER BY job, kpi_rank, name")) {
                for (int i = 0; i < names.size(); i++) {
                    select.setString(i + 1, names.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        byJob.computeIfAbsent(rows.getString(1), j -> new ArrayList<>()).add(new Headline(
                                rows.getString(2), rows.getInt(3), rows.getString(4), rows.getString(5),
                                rows.getString(6), constant(Unit.class, rows.getString(7)),
                                constant(Direction.class, rows.getString(8))));
                    }
                }
            }
            return byJob;
        });
        Map<String, List<Headline>> out = new LinkedHashMap<>();
        for (String job : names) {
            List<Headline> h = found.get(job);
            if (h != null) {
                out.put(job, List.copyOf(h));
            }
        }
        return out;
    }

    /** @return the constant, or {@code null} (the record's default) for one this server does not know */
    private static <E extends Enum<E>> E constant(Class<E> type, String name) {
        try {
            return name == null ? null : Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<Long, Map<String, Double>> kpis(Connection connection, Set<Long> ids) throws SQLException {
        Map<Long, Map<String, Double>> kpis = new HashMap<>();
        if (ids.isEmpty()) {
            return kpis;
        }
        String placeholders = String.join(", ", ids.stream().map(id -> "?").toList());
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT run_id, name, kpi_value FROM run_kpis WHERE run_id IN (" + placeholders
                        + ") ORDER BY run_id, kpi_rank, name")) {
            int index = 1;
            for (long id : ids) {
                select.setLong(index++, id);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    kpis.computeIfAbsent(rows.getLong(1), id -> new LinkedHashMap<>()).put(rows.getString(2),
                            rows.getDouble(3));
                }
            }
        }
        return kpis;
    }

    private static String joined(List<String> messages) {
        return messages.stream().map(m -> m.replaceAll("\\s*\\R\\s*", " ").strip()).filter(m -> !m.isEmpty())
                .collect(Collectors.joining("\n"));
    }

    private static long count(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private Instant now() {
        return home.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void requireJob(String job) {
        if (job == null || job.isBlank() || job.length() > 200) {
            throw new IllegalArgumentException("a run needs a job name of 1 to 200 characters");
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T in(Connection connection) throws SQLException;
    }

    /** A transaction that only reads. */
    private <T> T read(Work<T> work) {
        return transaction(work);
    }

    /**
     * One transaction, tried again on a unique-key clash, deadlock or lock timeout with a concurrent one. On H2 its
     * changes are in the file when it returns (one pooled connection, WRITE_DELAY=0: see the database bundle's
     * Pools), so a killed server keeps them.
     */
    private <T> T transaction(Work<T> work) {
        for (int attempt = 1;; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.in(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !RETRYABLE.contains(e.getSQLState())) {
                    throw new IllegalStateException("run store: " + e.getMessage(), e);
                }
                // a random pause that grows, so that two writers that collided do not collide again in step
                try {
                    Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 10L * attempt + 1));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("run store: interrupted while retrying after: " + e.getMessage(), e);
                }
            }
        }
    }
}
