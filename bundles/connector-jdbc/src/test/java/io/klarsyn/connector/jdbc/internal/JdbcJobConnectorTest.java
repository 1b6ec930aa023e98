package io.klarsyn.connector.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.security.SecretStore;
import io.klarsyn.api.server.ServerHome;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.engine.embedded.EmbeddedIngestion;
import io.klarsyn.engine.embedded.EmbeddedSettings;
import io.klarsyn.security.internal.AesSecretStore;

/**
 * The per-job configuration's password: sealed by the server's real secret store, opened only to connect to
 * a database that checks it (an H2 file with a user and password), and in no message when the database
 * refuses it. A password in a URL is refused before anything connects.
 */
class JdbcJobConnectorTest {

    private static final String PASSWORD = "Hemmelig-9f2c7";

    @TempDir
    Path tmp;

    @Test
    void readsWithTheSealedPasswordAndNeverShowsIt() throws Exception {
        String url = "jdbc:h2:" + tmp.resolve("db/kunde").toAbsolutePath();
        try (Connection c = Databases.dataSource(url, "klarsyn", PASSWORD).getConnection();
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kunder (kundenr VARCHAR(20), startdato DATE)");
            st.execute("INSERT INTO kunder VALUES ('K1', DATE '2024-01-02'), ('K2', DATE '2024-02-03')");
        }
        SecretStore store = new AesSecretStore(home(tmp));
        String sealed = store.seal(PASSWORD);
        assertThat(sealed).startsWith(SecretStore.PREFIX).doesNotContain(PASSWORD);
        JobSettings settings = EmbeddedSettings.resolve(Map.of("jdbc.customers.table", "kunder",
                "jdbc.customers.columns.customer_id", "kundenr", "jdbc.customers.columns.acquired_on", "startdato"),
                JdbcOptions.DESCRIPTORS);

        JdbcJobConnector right = new JdbcJobConnector(config(url, "klarsyn", sealed), store);
        assertThat(right.available(settings)).containsExactly(DataKind.CUSTOMERS);
        EmbeddedIngestion in = EmbeddedIngestion.asOf(LocalDate.of(2024, 6, 30)).read(DataKind.CUSTOMERS, "kunder",
                List.of(), sink -> {
                    try {
                        right.read(DataKind.CUSTOMERS, settings, sink);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        assertThat(in.ledger().size()).isEqualTo(2);

        String wrongPassword = "feil-passord-77";
        JdbcJobConnector wrong = new JdbcJobConnector(config(url, "klarsyn", store.seal(wrongPassword)), store);
        assertThatThrownBy(() -> wrong.available(settings)).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot connect to the database (jdbc:h2:...)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrongPassword).doesNotContain(PASSWORD));

        JdbcConnector inUrl = new JdbcConnector();
        JobSettings leaky = EmbeddedSettings.resolve(Map.of("jdbc.url", url + ";PASSWORD=" + PASSWORD,
                "jdbc.customers.table", "kunder"), JdbcOptions.DESCRIPTORS);
        assertThatThrownBy(() -> inUrl.available(leaky)).isInstanceOf(IOException.class)
                .hasMessageContaining("holds a password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    }

    /**
     * A password written into the configured URL instead of the sealed field, in each form the masking rule knows:
     * refused before a driver sees it (PostgreSQL 42.7's driver would log "JDBC URL invalid port number:
     * s3cret@db.acme.no" and answer "URL invalid" with the whole URL), the message quoting the URL with the
     * password as *** (the expected URLs are the given ones with the password replaced by hand).
     */
    @Test
    void aPasswordInTheConfiguredUrlIsRefusedAndShownAsStars() throws Exception {
        String secret = "s3cret-4e1d";
        Map<String, String> masked = new java.util.LinkedHashMap<>();
        masked.put("jdbc:postgresql://report:" + secret + "@db.acme.no/sales", "jdbc:postgresql://report:***@db.acme.no/sales");
        masked.put("jdbc:postgresql://db.acme.no/sales?user=report&password=" + secret,
                "jdbc:postgresql://db.acme.no/sales?user=report&password=***");
        masked.put("jdbc:h2:" + tmp.resolve("db/x") + ";USER=report;PASSWORD=" + secret,
                "jdbc:h2:" + tmp.resolve("db/x") + ";USER=report;PASSWORD=***");
        masked.put("jdbc:oracle:thin:report/" + secret + "@db.acme.no:1521/ORCL", "jdbc:oracle:thin:report/***@db.acme.no:1521/ORCL");
        JobSettings settings = EmbeddedSettings.resolve(Map.of("jdbc.customers.table", "kunder"), JdbcOptions.DESCRIPTORS);
        SecretStore store = new AesSecretStore(home(tmp));
        java.util.List<String> driverLog = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger pg = java.util.logging.Logger.getLogger("org.postgresql");
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                driverLog.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        pg.addHandler(handler);
        try {
            for (Map.Entry<String, String> e : masked.entrySet()) {
                JdbcJobConnector connector = new JdbcJobConnector(config(e.getKey(), "", ""), store);
                Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> connector.available(settings));
                assertThat(thrown).as(e.getKey()).isInstanceOf(IOException.class)
                        .hasMessage("jdbc: the database URL " + e.getValue() + " holds a password: give it as the job's "
                                + "sealed connectorConfig password instead (a URL is shown and logged)");
                java.io.StringWriter trace = new java.io.StringWriter();
                thrown.printStackTrace(new java.io.PrintWriter(trace));
                assertThat(trace.toString()).as(e.getKey()).doesNotContain(secret);
            }
        } finally {
            pg.removeHandler(handler);
        }
        assertThat(driverLog).noneMatch(line -> line.contains(secret));
    }

    private static JdbcJobConnector.Config config(String url, String user, String password) {
        return new JdbcJobConnector.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return JdbcJobConnector.Config.class;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String user() {
                return user;
            }

            @Override
            public String password() {
                return password;
            }
        };
    }

    private static ServerHome home(Path dir) {
        return new ServerHome() {
            @Override
            public Path home() {
                return dir;
            }

            @Override
            public String databaseUrl() {
                return "jdbc:h2:" + dir.resolve("db/klarsyn");
            }

            @Override
            public int concurrency() {
                return 1;
            }

            @Override
            public long runTimeoutSeconds() {
                return 60;
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }
        };
    }
}
