package io.klarsyn.database.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Migrations and the schema lock, on an H2 file and on a real (embedded) PostgreSQL. */
class JdbcServerSchemaTest {

    @TempDir
    Path folder;

    @Test
    void eachScriptIsAppliedOnceInOrderAndRecordedUnderItsComponent() throws Exception {
        DataSource h2 = h2();
        JdbcServerSchema schema = new JdbcServerSchema(h2);

        assertThat(schema.migrate("sample", loader(), "db/sample", List.of("V1__things.sql"))).containsExactly("V1__things.sql");
        assertThat(schema.migrate("sample", loader(), "db/sample", List.of("V1__things.sql", "V2__more.sql")))
                .containsExactly("V2__more.sql");
        assertThat(schema.migrate("sample", loader(), "db/sample", List.of("V1__things.sql", "V2__more.sql"))).isEmpty();
        try (Connection c = h2.getConnection(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(
                "SELECT component, version, description FROM schema_version ORDER BY version")) {
            List<String> recorded = new ArrayList<>();
            while (rows.next()) {
                recorded.add(rows.getString(1) + " " + rows.getInt(2) + " " + rows.getString(3));
            }
            assertThat(recorded).containsExactly("sample 1 V1__things.sql", "sample 2 V2__more.sql");
        }
    }

    @Test
    void aFailingScriptNamesItselfAndItsStatementAndIsNotRecorded() throws Exception {
        DataSource h2 = h2();
        JdbcServerSchema schema = new JdbcServerSchema(h2);
        schema.migrate("sample", loader(), "db/sample", List.of("V1__things.sql", "V2__more.sql"));

        assertThatThrownBy(() -> schema.migrate("sample", loader(), "db/sample",
                List.of("V1__things.sql", "V2__more.sql", "V3__broken.sql")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema migration of sample failed")
                .hasMessageContaining("V3__broken.sql, statement 2");
        try (Connection c = h2.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT MAX(version) FROM schema_version WHERE component = 'sample'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void aMissingScriptIsNamed() throws Exception {
        JdbcServerSchema schema = new JdbcServerSchema(h2());
        assertThatThrownBy(() -> schema.migrate("sample", loader(), "db/sample", List.of("V9__absent.sql")))
                .hasMessageContaining("migration db/sample/V9__absent.sql is missing from the bundle");
    }

    @Test
    void aScriptSplitsAtSemicolonsEndingALineAndSkipsCommentLines() {
        String script = "-- a comment; not a statement\nCREATE TABLE a (x INT);\n\nCREATE TABLE b (\n  y INT\n);  \n";
        assertThat(Migrations.statements(script)).containsExactly("CREATE TABLE a (x INT)", "CREATE TABLE b (\n  y INT\n)");
    }

    @Test
    void scriptsMustBeNamedAndOrderedByVersion() {
        JdbcDataSource dataSource = new JdbcDataSource();
        assertThatThrownBy(() -> new JdbcServerSchema(dataSource).migrate("x", loader(), "db/x",
                List.of("V2__b.sql", "V1__a.sql"))).hasMessageContaining("V1__a.sql is not in version order");
        assertThatThrownBy(() -> Migrations.version("runs.sql")).hasMessageContaining("V<n>__<description>.sql");
    }

    /**
     * Two nodes on one PostgreSQL: while one holds the schema lock, the other's work waits in PostgreSQL (seen as
     * an advisory lock not granted in {@code pg_locks}) and starts only after the first's work ended.
     */
    @Test
    void onPostgresTheSecondNodeWaitsForTheFirstsWork() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource database = postgres.getPostgresDatabase();
            JdbcServerSchema first = new JdbcServerSchema(database);
            JdbcServerSchema second = new JdbcServerSchema(database);
            CountDownLatch firstHolds = new CountDownLatch(1);
            CountDownLatch releaseFirst = new CountDownLatch(1);
            List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean firstEnded = new AtomicBoolean();

            CompletableFuture<Void> a = CompletableFuture.runAsync(() -> first.locked(c -> {
                order.add("first in");
                firstHolds.countDown();
                await(releaseFirst);
                order.add("first out");
                firstEnded.set(true);
                return null;
            }));
            assertThat(firstHolds.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Boolean> b = CompletableFuture.supplyAsync(() -> second.locked(c -> {
                order.add("second in");
                return firstEnded.get();
            }));
            // wait until PostgreSQL shows the second session waiting for the advisory lock
            try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
                long waiting = 0;
                for (int i = 0; i < 300 && waiting == 0; i++) {
                    try (ResultSet rows = s.executeQuery(
                            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
                        rows.next();
                        waiting = rows.getLong(1);
                    }
                    if (waiting == 0) {
                        Thread.sleep(100);
                    }
                }
                assertThat(waiting).as("the second node waits for the lock").isEqualTo(1);
            }
            assertThat(order).containsExactly("first in");
            releaseFirst.countDown();

            a.get(30, TimeUnit.SECONDS);
            assertThat(b.get(30, TimeUnit.SECONDS)).as("the second's work saw the first's ended").isTrue();
            assertThat(order).containsExactly("first in", "first out", "second in");
            try (Connection c = database.getConnection(); Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory'")) {
                rows.next();
                assertThat(rows.getLong(1)).as("both released the lock").isZero();
            }
        }
    }

    @Test
    void migrationsRunUnderTheLockOnPostgres() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource database = postgres.getPostgresDatabase();
            // two nodes at once: each script is applied by one of them, never twice
            List<String> scripts = List.of("V1__things.sql", "V2__more.sql");
            CompletableFuture<List<String>> a = CompletableFuture
                    .supplyAsync(() -> new JdbcServerSchema(database).migrate("sample", loader(), "db/sample", scripts));
            CompletableFuture<List<String>> b = CompletableFuture
                    .supplyAsync(() -> new JdbcServerSchema(database).migrate("sample", loader(), "db/sample", scripts));
            List<String> applied = new ArrayList<>(a.get(60, TimeUnit.SECONDS));
            applied.addAll(b.get(60, TimeUnit.SECONDS));
            assertThat(applied).containsExactly("V1__things.sql", "V2__more.sql");
            try (Connection c = database.getConnection(); Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM things")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(2);
            }
        }
    }

    private DataSource h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + folder.resolve("db"));
        return dataSource;
    }

    private ClassLoader loader() {
        return getClass().getClassLoader();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
