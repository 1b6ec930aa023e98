package io.klarsyn.runstore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.server.Retention;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.Trigger;
import io.klarsyn.database.internal.JdbcServerSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The run store on a real PostgreSQL (embedded, started here), as two nodes of a cluster: two stores with their own
 * node names migrate an empty database at once, and then compete for the same (job, period)s, run numbers and queued
 * runs, each pair released together by a barrier. What one node gets the other must not.
 */
class PostgresClusterTest {

    private static final Instant T0 = Instant.parse("2026-11-01T07:00:00Z");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    @TempDir
    Path folder;

    private DataSource dataSource;
    private ExecutorService two;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void database() throws SQLException {
        String name = "cluster" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        dataSource = postgres.getDatabase("postgres", name);
        two = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void threads() {
        two.shutdownNow();
    }

    private JdbcRunStore store(String node) {
        return new JdbcRunStore(dataSource, new JdbcServerSchema(dataSource), new TestHomeWithNode(folder, T0, node), job -> Retention.DEFAULT);
    }

    /** Runs the two calls at the same moment, on two threads; their results. */
    private <T> List<T> together(Callable<T> first, Callable<T> second) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        Future<T> a = two.submit(() -> {
            barrier.await();
            return first.call();
        });
        Future<T> b = two.submit(() -> {
            barrier.await();
            return second.call();
        });
        return List.of(a.get(), b.get());
    }

    @Test
    void twoNodesStartingOnAnEmptyDatabaseMigrateItOnce() throws Exception {
        List<JdbcRunStore> stores = together(() -> store("a"), () -> store("b"));
        assertThat(stores).hasSize(2);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_version WHERE component = 'runstore'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(JdbcRunStore.SCRIPTS.size());
            assertThat(rows.getInt(2)).isEqualTo(JdbcRunStore.SCRIPTS.size());
        }
    }

    @Test
    void eachScheduledPeriodIsMadeOnceAcrossNodes() throws Exception {
        JdbcRunStore a = store("a");
        JdbcRunStore b = store("b");
        int made = 0;
        for (int i = 0; i < 24; i++) {
            YearMonth period = YearMonth.of(2026, 10).minusMonths(i);
            List<Optional<RunRecord>> both = together(() -> a.createScheduled("acme", period, Trigger.SCHEDULE),
                    () -> b.createScheduled("acme", period, Trigger.CATCH_UP));
            assertThat(both.stream().filter(Optional::isPresent).count()).as(period.toString()).isEqualTo(1);
            made++;
        }
        assertThat(a.runs("acme", 0, 100)).hasSize(made);
        assertThat(a.runs("acme", 0, 100)).extracting(RunRecord::number).doesNotHaveDuplicates();
    }

    @Test
    void runNumbersStayUniquePerJobWhenTwoNodesQueueAtOnce() throws Exception {
        JdbcRunStore a = store("a");
        JdbcRunStore b = store("b");
        for (int i = 0; i < 20; i++) {
            together(() -> a.create("acme", YearMonth.of(2026, 10), Trigger.API), () -> b.create("acme", YearMonth.of(2026, 10), Trigger.API));
        }
        List<Integer> numbers = new ArrayList<>(a.runs("acme", 0, 100).stream().map(RunRecord::number).toList());
        numbers.sort(null);
        List<Integer> expected = new ArrayList<>();
        for (int n = 1; n <= 40; n++) {
            expected.add(n);
        }
        assertThat(numbers).isEqualTo(expected);
    }

    @Test
    void queuedRunsAreTakenOnceAndASilentNodesRunsAbortedOnce() throws Exception {
        JdbcRunStore a = store("a");
        JdbcRunStore b = store("b");
        a.heartbeat();
        b.heartbeat();
        for (int i = 0; i < 20; i++) {
            a.create("job" + i, YearMonth.of(2026, 10), Trigger.SCHEDULE);
        }
        List<Long> taken = new ArrayList<>();
        List<Long> byA = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<Optional<RunRecord>> both = together(() -> a.claimQueued(Set.of()), () -> b.claimQueued(Set.of()));
            both.get(0).ifPresent(r -> byA.add(r.id()));
            both.forEach(r -> taken.add(r.orElseThrow().id()));
        }
        assertThat(taken).hasSize(20).doesNotHaveDuplicates();
        assertThat(a.claimQueued(Set.of())).isEmpty();

        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE nodes SET heartbeat_at = CURRENT_TIMESTAMP - INTERVAL '20 seconds' WHERE node = 'a'");
        }
        // b and a third node look at once: a's 10 runs are aborted, each by one of them
        JdbcRunStore c = store("c");
        c.heartbeat();
        List<List<RunRecord>> lost = together(() -> b.abortLost(Duration.ofSeconds(15), "lost", false),
                () -> c.abortLost(Duration.ofSeconds(15), "lost", false));
        List<Long> aborted = new ArrayList<>();
        lost.forEach(l -> l.forEach(r -> aborted.add(r.id())));
        assertThat(aborted).containsExactlyInAnyOrderElementsOf(byA);
    }
}
