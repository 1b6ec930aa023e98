package io.klarsyn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JDBC connector in the real distribution (Felix, the shipped bundles, the H2 driver's bundle): a
 * generated client's files loaded into an H2 database by H2's own tool (the distribution's H2 jar, in a
 * process of its own), then {@code klarsyn report --job} with connector {@code jdbc} and column mappings,
 * and {@code klarsyn report --data} on the files. The two metrics.json agree on customers, transactions,
 * revenue, each input's counts and the headline figures; the run says the database folded the
 * transactions. The same comparison ({@link #reportAgreesWithTheFiles}) checks H2, a password-protected
 * PostgreSQL and DuckDB. (Every number of metrics.json, on all three, is compared by connector-jdbc's
 * ReportEqualityTest.)
 */
class JdbcConnectorIT {

    @TempDir
    Path tmp;

    @Test
    void aReportFromTheDatabaseIsTheReportFromTheFiles() throws Exception {
        Path dist = Dist.built();
        Path data = tmp.resolve("data");
        Dist.Run g = Dist.klarsyn(dist, tmp, "generate", "--customers", "1500", "--months", "24", "--seed", "9",
                "--end", "2026-10", "--out", data.toString());
        assertThat(g.exit()).as(g.out() + g.err()).isZero();
        Path db = tmp.resolve("db/client").toAbsolutePath();
        Path h2 = Files.list(dist.resolve("bundles")).filter(p -> p.getFileName().toString().startsWith("h2-"))
                .findFirst().orElseThrow();
        String sql = "CREATE TABLE kunder AS SELECT customer_id AS kundenr, CAST(acquired_on AS DATE) AS startdato, "
                + "CAST(NULLIF(churned_on, '') AS DATE) AS churned_on, segment, plan, region, channel, "
                + "CAST(acquisition_cost AS NUMERIC(14, 2)) AS acquisition_cost FROM CSVREAD('" + data.resolve("customers.csv")
                + "'); CREATE TABLE salg AS SELECT customer_id, CAST(\"DATE\" AS DATE) AS dato, "
                + "CAST(amount AS NUMERIC(14, 2)) AS belop FROM CSVREAD('" + data.resolve("transactions.csv") + "')";
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                h2.toString(), "org.h2.tools.Shell", "-url", "jdbc:h2:" + db, "-sql", sql).redirectErrorStream(true).start();
        String shell = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(shell).doesNotContain("Error");
        Files.delete(data.resolve("responses.csv")); // the database holds customers and transactions only
        Path job = tmp.resolve("job.json");
        Files.writeString(job, """
                {"name": "db-client", "connector": "jdbc", "locale": "en-GB", "currency": "NOK", "timeZone": "Europe/Oslo",
                 "settings": {"jdbc.url": "jdbc:h2:%s",
                   "jdbc.customers.table": "kunder", "jdbc.customers.columns.customer_id": "kundenr",
                   "jdbc.customers.columns.acquired_on": "startdato",
                   "jdbc.transactions.table": "salg", "jdbc.transactions.columns.date": "dato",
                   "jdbc.transactions.columns.amount": "belop"}}
                """.formatted(db));
        reportAgreesWithTheFiles(dist, data, job, Map.of(), "out-db", 1500);
    }

    private static final String PASSWORD = "Hemmelig-æ-4d1e";

    /**
     * A client's PostgreSQL that checks passwords (SCRAM for every user but the admin), a read-only user, and
     * the one-shot {@code klarsyn report --job}: the password from {@code KLARSYN_JDBC_PASSWORD}, then from the
     * owner-only file the job names; without one the run fails and says where a password comes from. The
     * numbers are the CSV path's, and the password is in no output, log or metrics.json.
     */
    @Test
    void aPasswordProtectedPostgresFromTheOneShotCommand() throws Exception {
        Path dist = Dist.built();
        Path data = tmp.resolve("data");
        Dist.Run g = Dist.klarsyn(dist, tmp, "generate", "--customers", "800", "--months", "18", "--seed", "5",
                "--end", "2026-10", "--out", data.toString());
        assertThat(g.exit()).as(g.out() + g.err()).isZero();
        Files.delete(data.resolve("responses.csv"));
        try (io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres
                .builder().setDataDirectoryCustomizer(dir -> {
                    try {
                        Files.writeString(dir.toPath().resolve("pg_hba.conf"), """
                                local all all trust
                                host all postgres 127.0.0.1/32 trust
                                host all postgres ::1/128 trust
                                host all all 127.0.0.1/32 scram-sha-256
                                host all all ::1/128 scram-sha-256
                                """);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).start()) {
            try (java.sql.Connection c = pg.getPostgresDatabase().getConnection(); java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE ROLE klarsyn_read LOGIN PASSWORD '" + PASSWORD + "'");
                st.execute("CREATE TABLE kunder (kundenr TEXT, startdato DATE, churned_on DATE, segment TEXT, plan TEXT, "
                        + "region TEXT, channel TEXT, acquisition_cost NUMERIC(14, 2))");
                st.execute("CREATE TABLE salg (customer_id TEXT, dato DATE, belop NUMERIC(14, 2))");
                org.postgresql.copy.CopyManager copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
                for (String[] t : new String[][] {{"kunder", "customers.csv"}, {"salg", "transactions.csv"}}) {
                    try (java.io.Reader r = Files.newBufferedReader(data.resolve(t[1]))) {
                        copy.copyIn("COPY " + t[0] + " FROM STDIN WITH (FORMAT csv, HEADER true)", r);
                    }
                }
                st.execute("GRANT SELECT ON kunder, salg TO klarsyn_read");
            }
            String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            // the database refuses the user without its password
            try (java.sql.Connection c = new org.postgresql.Driver().connect(url, new java.util.Properties() {{
                put("user", "klarsyn_read");
                put("password", "not-it");
            }})) {
                throw new AssertionError("the database let a wrong password in");
            } catch (java.sql.SQLException expected) {
                assertThat(expected.getMessage()).contains("password authentication failed");
            }
            Path passwordFile = tmp.resolve("secrets/client-db.pass");
            Files.createDirectories(passwordFile.getParent());
            Files.writeString(passwordFile, PASSWORD + "\n");
            Files.setPosixFilePermissions(passwordFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            String settings = """
                    "jdbc.url": "%s", "jdbc.user": "klarsyn_read",
                    "jdbc.customers.table": "kunder", "jdbc.customers.columns.customer_id": "kundenr",
                    "jdbc.customers.columns.acquired_on": "startdato",
                    "jdbc.transactions.table": "salg", "jdbc.transactions.columns.date": "dato",
                    "jdbc.transactions.columns.amount": "belop\"""".formatted(url);
            Path job = tmp.resolve("job.json");
            Files.writeString(job, "{\"name\": \"db-client\", \"connector\": \"jdbc\", \"locale\": \"en-GB\", "
                    + "\"currency\": \"NOK\", \"timeZone\": \"Europe/Oslo\", \"settings\": {" + settings + "}}");
            Path jobWithFile = tmp.resolve("job-file.json");
            Files.writeString(jobWithFile, "{\"name\": \"db-client\", \"connector\": \"jdbc\", \"locale\": \"en-GB\", "
                    + "\"currency\": \"NOK\", \"timeZone\": \"Europe/Oslo\", \"settings\": {" + settings
                    + ", \"jdbc.passwordFile\": \"" + passwordFile + "\"}}");

            Dist.Run none = Dist.klarsyn(dist, tmp, "report", "--job", job.toString(), "--period", "2026-10",
                    "--out", tmp.resolve("out-none").toString());
            assertThat(none.exit()).as(none.out() + none.err()).isEqualTo(1);
            assertThat(none.out() + none.err()).contains("cannot connect to the database (jdbc:postgresql:...)")
                    .contains("no password was given").contains("jdbc.passwordFile").contains("KLARSYN_JDBC_PASSWORD");

            Dist.Run fromEnv = reportAgreesWithTheFiles(dist, data, job, Map.of("KLARSYN_JDBC_PASSWORD", PASSWORD),
                    "out-env", 800);
            Dist.Run fromFile = reportAgreesWithTheFiles(dist, data, jobWithFile, Map.of(), "out-file", 800);
            for (String out : List.of("out-env", "out-file")) {
                assertThat(Files.readString(tmp.resolve(out + "/run.log"))).doesNotContain(PASSWORD);
                assertThat(Files.readString(tmp.resolve(out + "/metrics.json"))).doesNotContain(PASSWORD);
            }
            for (Dist.Run r : List.of(none, fromEnv, fromFile)) {
                assertThat(r.out() + r.err()).doesNotContain(PASSWORD);
            }
        }
    }

    /**
     * DuckDB inside Felix: the driver is not shipped, a consultant drops its bundle (Maven Central's
     * duckdb_jdbc, linux-amd64 jar) into deploy/; connector-jdbc wires it at first use (DynamicImport-Package),
     * the driver unpacks its native library and the report from a DuckDB file is the report from the files. The
     * DuckDB file is made by DuckDB itself in a process of its own (a Java source-file program on the driver jar).
     */
    @Test
    void aDuckDbFileWithTheDriverDeployed() throws Exception {
        Path duckJar = Path.of(System.getProperty("klarsyn.m2"), "org/duckdb/duckdb_jdbc/2.0.0.1/duckdb_jdbc-2.0.0.1-linux_amd64.jar");
        assertThat(duckJar).as("connector-jdbc's build fetches the DuckDB driver").exists();
        Path dist = Dist.copy(tmp);
        Path data = tmp.resolve("data");
        Dist.Run g = Dist.klarsyn(dist, tmp, "generate", "--customers", "800", "--months", "18", "--seed", "7",
                "--end", "2026-10", "--out", data.toString());
        assertThat(g.exit()).as(g.out() + g.err()).isZero();
        Files.delete(data.resolve("responses.csv"));
        Path db = tmp.resolve("client.duckdb").toAbsolutePath();
        Path make = tmp.resolve("MakeDuckDb.java");
        Files.writeString(make, """
                import java.sql.*;
                public class MakeDuckDb {
                    public static void main(String[] a) throws Exception {
                        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + a[0]); Statement st = c.createStatement()) {
                            st.execute("CREATE TABLE kunder AS SELECT customer_id AS kundenr, CAST(acquired_on AS DATE) AS startdato, "
                                    + "CAST(churned_on AS DATE) AS churned_on, segment, plan, region, channel, "
                                    + "CAST(acquisition_cost AS DECIMAL(14, 2)) AS acquisition_cost FROM read_csv('" + a[1] + "', all_varchar = true)");
                            st.execute("CREATE TABLE salg AS SELECT cid AS customer_id, CAST(d AS DATE) AS dato, "
                                    + "CAST(amt AS DECIMAL(14, 2)) AS belop FROM read_csv('" + a[2] + "', all_varchar = true, "
                                    + "header = true, names = ['cid', 'd', 'amt'])");
                        }
                    }
                }
                """);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                duckJar.toString(), make.toString(), db.toString(), data.resolve("customers.csv").toString(),
                data.resolve("transactions.csv").toString()).redirectErrorStream(true).start();
        String made = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(made).isZero();
        Path job = tmp.resolve("job.json");
        Files.writeString(job, """
                {"name": "duck-client", "connector": "jdbc", "locale": "en-GB", "currency": "NOK", "timeZone": "Europe/Oslo",
                 "settings": {"jdbc.url": "jdbc:duckdb:%s",
                   "jdbc.customers.table": "kunder", "jdbc.customers.columns.customer_id": "kundenr",
                   "jdbc.customers.columns.acquired_on": "startdato",
                   "jdbc.transactions.table": "salg", "jdbc.transactions.columns.date": "dato",
                   "jdbc.transactions.columns.amount": "belop"}}
                """.formatted(db));
        // without the driver: the run fails and says which bundle to deploy
        Dist.Run missing = Dist.klarsyn(dist, tmp, "report", "--job", job.toString(), "--period", "2026-10",
                "--out", tmp.resolve("out-missing").toString());
        assertThat(missing.exit()).as(missing.out() + missing.err()).isEqualTo(1);
        assertThat(missing.out() + missing.err()).contains("org.duckdb.duckdb_jdbc").contains("deploy/");

        Files.copy(duckJar, dist.resolve("deploy").resolve(duckJar.getFileName()));
        reportAgreesWithTheFiles(dist, data, job, Map.of(), "out-duck", 800);
    }

    /**
     * Reports October 2026 from the database ({@code klarsyn report --job}, with {@code env}) into {@code out}
     * and, once per test, from the generated files ({@code klarsyn report --data}) into {@code out-csv}; both
     * succeed, the database folded the transactions, and the two metrics.json agree: the customers (the
     * generated count), the transactions, the revenue, each input's read, accepted, rejected and after-period
     * counts, and every numeric headline figure (more than three of them).
     *
     * @return the database's run, for checks of the test's own
     */
    private Dist.Run reportAgreesWithTheFiles(Path dist, Path data, Path job, Map<String, String> env, String out,
            long customers) throws Exception {
        Dist.Run fromDb = Dist.klarsyn(dist, tmp, env, "report", "--job", job.toString(), "--period", "2026-10",
                "--out", tmp.resolve(out).toString());
        assertThat(fromDb.exit()).as(fromDb.out() + fromDb.err()).isZero();
        if (!Files.exists(tmp.resolve("out-csv/metrics.json"))) {
            Dist.Run fromFiles = Dist.klarsyn(dist, tmp, "report", "--data", data.toString(), "--period", "2026-10",
                    "--out", tmp.resolve("out-csv").toString());
            assertThat(fromFiles.exit()).as(fromFiles.out() + fromFiles.err()).isZero();
        }
        assertThat(Files.readString(tmp.resolve(out + "/run.log")))
                .contains("transactions.csv: summarized per customer and month by the source");

        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(tmp.resolve("out-csv/metrics.json").toFile());
        JsonNode b = json.readTree(tmp.resolve(out + "/metrics.json").toFile());
        assertThat(b.at("/dataQuality/totals/customers").asLong()).as(out).isEqualTo(customers)
                .isEqualTo(a.at("/dataQuality/totals/customers").asLong());
        assertThat(b.at("/dataQuality/totals/transactions").asLong()).as(out).isPositive()
                .isEqualTo(a.at("/dataQuality/totals/transactions").asLong());
        assertThat(b.at("/dataQuality/totals/revenue").asDouble()).as(out)
                .isCloseTo(a.at("/dataQuality/totals/revenue").asDouble(), within(1e-6));
        for (String file : List.of("customers.csv", "transactions.csv")) {
            for (String count : List.of("read", "accepted", "rejected", "afterPeriod")) {
                assertThat(b.at("/dataQuality/files/" + file + "/" + count).asLong()).as(out + " " + file + " " + count)
                        .isEqualTo(a.at("/dataQuality/files/" + file + "/" + count).asLong());
            }
        }
        int compared = 0;
        for (java.util.Iterator<String> it = a.path("metrics").fieldNames(); it.hasNext();) {
            String id = it.next();
            JsonNode va = a.path("metrics").path(id).path("value");
            JsonNode vb = b.path("metrics").path(id).path("value");
            if (va.isNumber()) {
                assertThat(vb.isNumber()).as(out + " " + id).isTrue();
                assertThat(vb.asDouble()).as(out + " " + id)
                        .isCloseTo(va.asDouble(), within(1e-9 * Math.max(1, Math.abs(va.asDouble()))));
                compared++;
            }
        }
        assertThat(compared).as(out + ": headline figures compared").isGreaterThan(3);
        return fromDb;
    }
}
