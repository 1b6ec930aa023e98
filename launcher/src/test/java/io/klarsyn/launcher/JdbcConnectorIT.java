package io.klarsyn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * transactions. (Every number of metrics.json, on H2 and PostgreSQL, is compared by connector-jdbc's
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
        Dist.Run fromDb = Dist.klarsyn(dist, tmp, "report", "--job", job.toString(), "--period", "2026-10",
                "--out", tmp.resolve("out-db").toString());
        assertThat(fromDb.exit()).as(fromDb.out() + fromDb.err()).isZero();
        Dist.Run fromFiles = Dist.klarsyn(dist, tmp, "report", "--data", data.toString(), "--period", "2026-10",
                "--out", tmp.resolve("out-csv").toString());
        assertThat(fromFiles.exit()).as(fromFiles.out() + fromFiles.err()).isZero();
        assertThat(Files.readString(tmp.resolve("out-db/run.log")))
                .contains("transactions.csv: summarized per customer and month by the source");

        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(tmp.resolve("out-csv/metrics.json").toFile());
        JsonNode b = json.readTree(tmp.resolve("out-db/metrics.json").toFile());
        assertThat(b.at("/dataQuality/totals/customers").asLong()).isEqualTo(1500).isEqualTo(a.at("/dataQuality/totals/customers").asLong());
        assertThat(b.at("/dataQuality/totals/transactions").asLong()).isPositive()
                .isEqualTo(a.at("/dataQuality/totals/transactions").asLong());
        assertThat(b.at("/dataQuality/totals/revenue").asDouble()).isCloseTo(a.at("/dataQuality/totals/revenue").asDouble(),
                within(1e-6));
        for (String file : List.of("customers.csv", "transactions.csv")) {
            for (String count : List.of("read", "accepted", "rejected", "afterPeriod")) {
                assertThat(b.at("/dataQuality/files/" + file + "/" + count).asLong()).as(file + " " + count)
                        .isEqualTo(a.at("/dataQuality/files/" + file + "/" + count).asLong());
            }
        }
        int compared = 0;
        for (java.util.Iterator<String> it = a.path("metrics").fieldNames(); it.hasNext();) {
            String id = it.next();
            JsonNode va = a.path("metrics").path(id).path("value");
            JsonNode vb = b.path("metrics").path(id).path("value");
            if (va.isNumber()) {
                assertThat(vb.isNumber()).as(id).isTrue();
                assertThat(vb.asDouble()).as(id).isCloseTo(va.asDouble(), within(1e-9 * Math.max(1, Math.abs(va.asDouble()))));
                compared++;
            }
        }
        assertThat(compared).as("headline figures compared").isGreaterThan(3);
    }
}
