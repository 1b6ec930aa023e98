package io.klarsyn.runstore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.server.Retention;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunState;
import io.klarsyn.api.server.Trigger;
import io.klarsyn.database.internal.JdbcServerSchema;

/**
 * Two stores with different node names on one database, as two servers of a cluster: queued runs are taken once,
 * heartbeats tell the living from the silent, and a silent node's RUNNING runs are aborted once by another.
 * (The same against PostgreSQL, with real processes: the launcher's ClusterIT.)
 */
class ClusterRunStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-03T06:00:00Z");
    private static final YearMonth OCT = YearMonth.of(2026, 10);

    @TempDir
    Path folder;

    private JdbcDataSource dataSource;
    private Connection keeper;
    private JdbcRunStore a;
    private JdbcRunStore b;

    /** A home whose node has a name. */
    static final class Node extends TestHomeWithNode {
        Node(Path home, String node) {
            super(home, T0, node);
        }
    }

    @BeforeEach
    void open() throws SQLException {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + folder.resolve("db/klarsyn"));
        keeper = dataSource.getConnection();
        a = new JdbcRunStore(dataSource, new JdbcServerSchema(dataSource), new Node(folder, "a"), job -> Retention.DEFAULT);
        b = new JdbcRunStore(dataSource, new JdbcServerSchema(dataSource), new Node(folder, "b"), job -> Retention.DEFAULT);
    }

    @AfterEach
    void close() throws SQLException {
        keeper.close();
    }

    @Test
    void everyQueuedRunIsTakenByOneNodeOnly() throws Exception {
        List<Long> queued = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            queued.add((i % 2 == 0 ? a : b).create("job" + (i % 3), OCT.minusMonths(i / 3), Trigger.API).id());
        }
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Long>>> takers = new ArrayList<>();
            for (JdbcRunStore store : List.of(a, b)) {
                takers.add(threads.submit((Callable<List<Long>>) () -> {
                    start.await();
                    List<Long> taken = new ArrayList<>();
                    for (Optional<RunRecord> r = store.claimQueued(Set.of()); r.isPresent(); r = store.claimQueued(Set.of())) {
                        assertThat(r.get().status()).isEqualTo(RunState.RUNNING);
                        taken.add(r.get().id());
                    }
                    return taken;
                }));
            }
            List<Long> byA = takers.get(0).get();
            List<Long> byB = takers.get(1).get();
            List<Long> all = new ArrayList<>(byA);
            all.addAll(byB);
            Collections.sort(all);
            assertThat(all).as("each queued run taken once").containsExactlyElementsOf(queued);
            Map<Long, String> nodes = nodes();
            byA.forEach(id -> assertThat(nodes.get(id)).isEqualTo("a"));
            byB.forEach(id -> assertThat(nodes.get(id)).isEqualTo("b"));
        } finally {
            threads.shutdownNow();
        }
        assertThat(a.claimQueued(Set.of())).isEmpty();
    }

    @Test
    void aSkippedRunIsLeftQueued() {
        long first = a.create("job", OCT, Trigger.API).id();
        long second = a.create("job", OCT.minusMonths(1), Trigger.API).id();
        assertThat(b.claimQueued(Set.of(first)).map(RunRecord::id)).contains(second);
        assertThat(a.run(first).orElseThrow().status()).isEqualTo(RunState.QUEUED);
        // a node cannot count the others' changes: it says so, and pages keep nothing
        assertThat(a.changes("job")).isEqualTo(-1);
        assertThat(a.changes()).isEqualTo(-1);
    }

    @Test
    void aRunHandedBackIsQueuedAgainForAnyNodeUnderItsOwnId() throws SQLException {
        long id = a.create("job", OCT, Trigger.API).id();
        assertThat(a.claimQueued(Set.of()).map(RunRecord::id)).contains(id);
        // only the node running it hands it back
        assertThat(b.handBack(id)).isEmpty();
        RunRecord back = a.handBack(id).orElseThrow();
        assertThat(back.status()).isEqualTo(RunState.QUEUED);
        assertThat(back.startedAt()).isNull();
        assertThat(nodes().get(id)).isNull();
        assertThat(a.handBack(id)).as("once").isEmpty();
        RunRecord again = b.claimQueued(Set.of()).orElseThrow();
        assertThat(again.id()).isEqualTo(id);
        assertThat(again.trigger()).isEqualTo(Trigger.API);
        assertThat(nodes().get(id)).isEqualTo("b");
    }

    @Test
    void handBackAllLeavesTheKeptAndTheOtherNodesRuns() {
        long one = a.create("job", OCT, Trigger.API).id();
        long two = a.create("job", OCT.minusMonths(1), Trigger.CLI).id();
        long three = a.create("job", OCT.minusMonths(2), Trigger.SCHEDULE).id();
        assertThat(a.claimQueued(Set.of()).map(RunRecord::id)).contains(one);
        assertThat(a.claimQueued(Set.of()).map(RunRecord::id)).contains(two);
        assertThat(b.claimQueued(Set.of()).map(RunRecord::id)).contains(three);
        assertThat(a.handBackAll(Set.of(two))).extracting(RunRecord::id).containsExactly(one);
        assertThat(a.run(two).orElseThrow().status()).isEqualTo(RunState.RUNNING);
        assertThat(a.run(three).orElseThrow().status()).isEqualTo(RunState.RUNNING);
    }

    @Test
    void anAbortAskedOfAnotherNodeIsReadByTheNodeRunningIt() {
        long id = a.create("job", OCT, Trigger.API).id();
        long queued = a.create("job", OCT.minusMonths(1), Trigger.API).id();
        assertThat(a.claimQueued(Set.of(queued)).map(RunRecord::id)).contains(id);
        assertThat(b.requestAbort(queued, "aborted by request")).as("not running").isFalse();
        assertThat(a.abortRequests()).isEmpty();
        assertThat(b.requestAbort(id, "aborted by request")).isTrue();
        assertThat(b.abortRequests()).as("b runs nothing").isEmpty();
        assertThat(a.abortRequests()).containsExactly(Map.entry(id, "aborted by request"));
        a.finished(id, RunState.ABORTED, Map.of(), List.of("aborted by request"));
        assertThat(a.abortRequests()).isEmpty();
    }

    @Test
    void aRunHandedBackAfterItsAbortWasAskedEndsAborted() {
        long id = a.create("job", OCT, Trigger.API).id();
        assertThat(a.claimQueued(Set.of()).map(RunRecord::id)).contains(id);
        assertThat(b.requestAbort(id, "aborted by request")).isTrue();
        RunRecord back = a.handBack(id).orElseThrow();
        assertThat(back.status()).isEqualTo(RunState.ABORTED);
        assertThat(back.messages()).containsExactly("aborted by request");
        assertThat(b.claimQueued(Set.of())).isEmpty();
    }

    @Test
    void theRunsOfASilentNodeAreAbortedOnceByAnother() throws Exception {
        a.heartbeat();
        b.heartbeat();
        long onA = a.create("job", OCT, Trigger.SCHEDULE).id();
        assertThat(a.claimQueued(Set.of()).map(RunRecord::id)).contains(onA);
        long onB = b.create("other", OCT, Trigger.SCHEDULE).id();
        assertThat(b.claimQueued(Set.of()).map(RunRecord::id)).contains(onB);

        // both beat: nothing is lost
        assertThat(b.abortLost(Duration.ofSeconds(15), "lost", false)).isEmpty();
        assertThat(a.abortLost(Duration.ofSeconds(15), "lost", false)).isEmpty();

        // a's last heartbeat 20 s ago on the database's clock: silent for longer than 15 s
        try (Statement s = keeper.createStatement()) {
            s.executeUpdate("UPDATE nodes SET heartbeat_at = DATEADD(SECOND, -20, CURRENT_TIMESTAMP) WHERE node = 'a'");
        }
        assertThat(a.abortLost(Duration.ofSeconds(30), "lost", false)).as("20 s is not 30 s of silence").isEmpty();
        List<RunRecord> lost = b.abortLost(Duration.ofSeconds(15), "the server running it stopped answering", false);
        assertThat(lost).extracting(RunRecord::id).containsExactly(onA);
        assertThat(lost.get(0).status()).isEqualTo(RunState.ABORTED);
        assertThat(lost.get(0).messages()).containsExactly("the server running it stopped answering (node a)");
        assertThat(b.abortLost(Duration.ofSeconds(15), "lost", false)).as("aborted once").isEmpty();
        assertThat(b.run(onB).orElseThrow().status()).isEqualTo(RunState.RUNNING);

        // a finishing late changes nothing: the run stays ABORTED
        assertThat(a.finished(onA, RunState.SUCCESS, Map.of(), List.of()).status()).isEqualTo(RunState.ABORTED);
    }

    @Test
    void aNodeThatLeftOrNeverBeatIsLostAtOnceAndOwnLeftoversOnlyWhenAsked() {
        a.heartbeat();
        b.heartbeat();
        long onA = a.create("job", OCT, Trigger.SCHEDULE).id();
        a.claimQueued(Set.of());
        long onB = b.create("other", OCT, Trigger.SCHEDULE).id();
        b.claimQueued(Set.of());

        // b's own run is not lost while b beats, unless b asks for its leftovers from before it started
        assertThat(b.abortLost(Duration.ofSeconds(15), "lost", false)).isEmpty();
        assertThat(b.abortLost(Duration.ofSeconds(15), "lost", true)).extracting(RunRecord::id).containsExactly(onB);

        a.leave();
        assertThat(b.abortLost(Duration.ofSeconds(15), "lost", false)).extracting(RunRecord::id).containsExactly(onA);
    }

    private Map<Long, String> nodes() throws SQLException {
        Map<Long, String> out = new HashMap<>();
        try (PreparedStatement s = keeper.prepareStatement("SELECT id, node FROM runs"); ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                out.put(rows.getLong(1), rows.getString(2));
            }
        }
        return out;
    }
}
