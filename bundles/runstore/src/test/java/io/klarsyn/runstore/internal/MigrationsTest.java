package io.klarsyn.runstore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.database.internal.JdbcServerSchema;

/** The run store's scripts, applied through the server schema. */
class MigrationsTest {

    @TempDir
    Path folder;

    @Test
    void eachScriptIsAppliedOnceAndRecordedUnderItsComponent() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + folder.resolve("db"));

        assertThat(migrate(dataSource)).containsExactly("V1__runs.sql", "V2__headline_ids.sql",
                "V3__summary_indexes.sql", "V4__headlines.sql", "V5__nodes.sql", "V6__abort_requests.sql");
        assertThat(migrate(dataSource)).isEmpty();

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT component, version, description FROM schema_version ORDER BY version")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("runstore");
            assertThat(rows.getInt(2)).isEqualTo(1);
            assertThat(rows.getString(3)).isEqualTo("V1__runs.sql");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(2)).isEqualTo(2);
            assertThat(rows.getString(3)).isEqualTo("V2__headline_ids.sql");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(2)).isEqualTo(3);
            assertThat(rows.getString(3)).isEqualTo("V3__summary_indexes.sql");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(3)).isEqualTo("V4__headlines.sql");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(3)).isEqualTo("V5__nodes.sql");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(3)).isEqualTo("V6__abort_requests.sql");
            assertThat(rows.next()).isFalse();
        }
    }

    /** A home from before issue 16 kept its runs' numbers under fixed names: V2 renames them to result ids. */
    @Test
    void runsRecordedBeforeKeepTheirNumbersUnderTheResultIds() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + folder.resolve("old"));
        new JdbcServerSchema(dataSource).migrate(JdbcRunStore.COMPONENT, JdbcRunStore.class.getClassLoader(),
                JdbcRunStore.MIGRATIONS, List.of("V1__runs.sql"));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO runs (id, job, number, period, trigger, rerun, status, queued_at)"
                    + " VALUES (1, 'acme', 1, '2026-10', 'CLI', FALSE, 'SUCCESS', CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO run_kpis (run_id, name, kpi_value) VALUES (1, 'nps', 31.5), (1, 'rejectedShare', 0.01),"
                    + " (1, 'activeCustomers', 2874), (1, 'clv', 1874.5), (1, 'monthlyChurn', 0.02)");
        }

        assertThat(migrate(dataSource)).containsExactly("V2__headline_ids.sql", "V3__summary_indexes.sql",
                "V4__headlines.sql", "V5__nodes.sql", "V6__abort_requests.sql");

        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT name, kpi_value FROM run_kpis ORDER BY kpi_rank")) {
            List<String> names = new java.util.ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1) + "=" + rows.getDouble(2));
            }
            assertThat(names).containsExactly("customers.active=2874.0", "churn.monthly.rate=0.02",
                    "clv.predicted=1874.5", "cx.nps=31.5", "rejectedShare=0.01");
        }
    }

    private static List<String> migrate(JdbcDataSource dataSource) {
        return new JdbcServerSchema(dataSource).migrate(JdbcRunStore.COMPONENT, JdbcRunStore.class.getClassLoader(),
                JdbcRunStore.MIGRATIONS, JdbcRunStore.SCRIPTS);
    }
}
