package io.klarsyn.database.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import com.zaxxer.hikari.HikariDataSource;

class PoolsTest {

    @TempDir
    Path home;

    @Test
    void anH2FileUrlGivesAPoolOnThatFileThatKeepsItsDataAcrossPools() throws Exception {
        String url = "jdbc:h2:file:" + home.resolve("db/klarsyn");
        try (HikariDataSource pool = Pools.open(url);
                Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (v INT)");
            statement.execute("INSERT INTO t VALUES (42)");
        }
        assertThat(Files.exists(home.resolve("db/klarsyn.mv.db"))).isTrue();
        try (HikariDataSource pool = Pools.open(url);
                Connection connection = pool.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT v FROM t")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void aPostgresqlUrlUsesThePostgresqlDataSource() {
        assertThat(Pools.dataSource("jdbc:postgresql://127.0.0.1:5432/klarsyn?user=k"))
                .isInstanceOf(PGSimpleDataSource.class);
    }

    @Test
    void anotherKindOfUrlIsRefusedWithoutEchoingItsCredentials() {
        assertThatThrownBy(() -> Pools.open("jdbc:mysql://db/klarsyn?password=secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql:")
                .hasMessageContaining("jdbc:h2: or jdbc:postgresql:")
                .hasMessageNotContaining("secret");
    }
}
