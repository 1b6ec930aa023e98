package io.klarsyn.runstore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    @TempDir
    Path folder;

    @Test
    void eachScriptIsAppliedOnceAndRecordedUnderItsComponent() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + folder.resolve("db"));

        assertThat(migrations(dataSource).migrate()).containsExactly("V1__runs.sql");
        assertThat(migrations(dataSource).migrate()).isEmpty();

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT component, version, description FROM schema_version ORDER BY version")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("runstore");
            assertThat(rows.getInt(2)).isEqualTo(1);
            assertThat(rows.getString(3)).isEqualTo("V1__runs.sql");
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void aScriptSplitsAtSemicolonsEndingALineAndSkipsCommentLines() {
        String script = "-- a comment; not a statement\nCREATE TABLE a (x INT);\n\nCREATE TABLE b (\n  y INT\n);  \n";
        assertThat(Migrations.statements(script)).containsExactly("CREATE TABLE a (x INT)", "CREATE TABLE b (\n  y INT\n)");
    }

    @Test
    void scriptsMustBeNamedAndOrderedByVersion() {
        JdbcDataSource dataSource = new JdbcDataSource();
        assertThatThrownBy(() -> new Migrations(dataSource, "x", getClass().getClassLoader(), "db/x",
                java.util.List.of("V2__b.sql", "V1__a.sql"))).hasMessageContaining("V1__a.sql is not in version order");
        assertThatThrownBy(() -> Migrations.version("runs.sql")).hasMessageContaining("V<n>__<description>.sql");
    }

    private static Migrations migrations(JdbcDataSource dataSource) {
        return new Migrations(dataSource, JdbcRunStore.COMPONENT, JdbcRunStore.class.getClassLoader(),
                JdbcRunStore.MIGRATIONS, JdbcRunStore.SCRIPTS);
    }
}
