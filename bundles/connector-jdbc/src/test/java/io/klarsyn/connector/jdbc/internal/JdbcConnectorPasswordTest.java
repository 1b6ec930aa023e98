package io.klarsyn.connector.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.engine.embedded.EmbeddedIngestion;
import io.klarsyn.engine.embedded.EmbeddedSettings;

/**
 * A job configured by its settings (one-shot {@code klarsyn report --job}) on a database that checks a password
 * (an H2 file with a user and password): the password comes from the file {@code jdbc.passwordFile} names
 * (owner-only) or from {@code KLARSYN_JDBC_PASSWORD}; a missing, empty or world-readable file and a missing or
 * wrong password are refused with the setting and the reason, and no message holds the password.
 */
class JdbcConnectorPasswordTest {

    private static final String PASSWORD = "Hemmelig-æ-7b1";

    @TempDir
    Path tmp;

    private String url;

    private JobSettings settings(String passwordFile) throws Exception {
        url = "jdbc:h2:" + tmp.resolve("db/kunde").toAbsolutePath();
        if (!Files.exists(tmp.resolve("db/kunde.mv.db"))) {
            try (Connection c = Databases.dataSource(url, "klarsyn", PASSWORD).getConnection();
                    Statement st = c.createStatement()) {
                st.execute("CREATE TABLE kunder (kundenr VARCHAR(20), startdato DATE)");
                st.execute("INSERT INTO kunder VALUES ('K1', DATE '2024-01-02'), ('K2', DATE '2024-02-03')");
            }
        }
        Map<String, String> s = new HashMap<>(Map.of("jdbc.url", url, "jdbc.user", "klarsyn",
                "jdbc.customers.table", "kunder", "jdbc.customers.columns.customer_id", "kundenr",
                "jdbc.customers.columns.acquired_on", "startdato"));
        if (passwordFile != null) {
            s.put("jdbc.passwordFile", passwordFile);
        }
        return EmbeddedSettings.resolve(s, JdbcOptions.DESCRIPTORS);
    }

    private static int customers(JdbcConnector jdbc, JobSettings settings) {
        EmbeddedIngestion in = EmbeddedIngestion.asOf(LocalDate.of(2024, 6, 30)).read(DataKind.CUSTOMERS, "kunder",
                List.of(), sink -> {
                    try {
                        jdbc.read(DataKind.CUSTOMERS, settings, sink);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        return in.ledger().size();
    }

    private Path file(String name, String text, String permissions) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(permissions));
        return f;
    }

    @Test
    void thePasswordFromAnOwnerOnlyFile() throws Exception {
        Path f = file("db.pass", PASSWORD + "\n", "rw-------");
        assertThat(customers(new JdbcConnector(name -> null), settings(f.toString()))).isEqualTo(2);
        // the file wins over the environment
        assertThat(customers(new JdbcConnector(name -> "wrong"), settings(f.toString()))).isEqualTo(2);
    }

    @Test
    void thePasswordFromTheEnvironment() throws Exception {
        JdbcConnector jdbc = new JdbcConnector(name -> name.equals("KLARSYN_JDBC_PASSWORD") ? PASSWORD : null);
        assertThat(customers(jdbc, settings(null))).isEqualTo(2);
    }

    @Test
    void badPasswordSourcesAreRefusedWithTheReason() throws Exception {
        JdbcConnector none = new JdbcConnector(name -> null);
        JobSettings s = settings(null);
        assertThatThrownBy(() -> none.available(s)).hasMessageContaining("cannot connect to the database (jdbc:h2:...)")
                .hasMessageContaining("no password was given").hasMessageContaining("jdbc.passwordFile")
                .hasMessageContaining("KLARSYN_JDBC_PASSWORD");
        JdbcConnector wrong = new JdbcConnector(name -> "not-" + PASSWORD);
        assertThatThrownBy(() -> wrong.available(s)).hasMessageContaining("cannot connect to the database")
                .hasMessageNotContaining("no password was given").hasMessageNotContaining(PASSWORD);

        Path open = file("open.pass", PASSWORD + "\n", "rw-r--r--");
        assertThatThrownBy(() -> none.available(settings(open.toString())))
                .hasMessageContaining("jdbc.passwordFile = " + open).hasMessageContaining("chmod 600")
                .hasMessageNotContaining(PASSWORD);
        Path empty = file("empty.pass", "", "rw-------");
        assertThatThrownBy(() -> none.available(settings(empty.toString())))
                .hasMessageContaining("jdbc.passwordFile = " + empty).hasMessageContaining("empty");
        Path missing = tmp.resolve("missing.pass");
        assertThatThrownBy(() -> none.available(settings(missing.toString())))
                .hasMessageContaining("jdbc.passwordFile = " + missing).hasMessageContaining("no such file");
    }

    @Test
    void aPasswordInTheSettingsIsNoSetting() throws Exception {
        settings(null);
        assertThatThrownBy(() -> EmbeddedSettings.resolve(Map.of("jdbc.url", url, "jdbc.password", PASSWORD),
                JdbcOptions.DESCRIPTORS)).hasMessageContaining("jdbc.password").hasMessageNotContaining(PASSWORD);
    }
}
