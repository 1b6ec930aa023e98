package io.klarsyn.connector.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.klarsyn.api.report.ReportModel;
import io.klarsyn.api.report.ReportRenderer;
import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.api.run.RunResult;
import io.klarsyn.api.run.RunStatus;
import io.klarsyn.connector.csv.internal.CsvConnector;
import io.klarsyn.engine.internal.KlarsynReportEngine;
import io.klarsyn.generator.Generator;
import io.klarsyn.generator.GeneratorOptions;
import io.klarsyn.metrics.churn.internal.ChurnCalculator;
import io.klarsyn.metrics.clv.internal.ClvCalculator;
import io.klarsyn.metrics.cx.internal.CxCalculator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The whole report through the JDBC connector gives the numbers of the CSV connector on the same data: a
 * client made by the generator (3,000 customers, 24 months, its faults injected: refunds, repeated rows,
 * sales without a customer id, unknown customers; line ids added, some lines loaded twice), its three CSV
 * files loaded into H2, into a real PostgreSQL 18 and into DuckDB: customers and transactions as typed tables (a date or number that does not parse loaded as
 * NULL, as a database holds it), the survey responses as the survey tool's text export, the real engine with the real churn, CLV and CX metrics run over the folder and over
 * each database. Every number of metrics.json must agree — customers, revenue, churn, CLV, NPS, and each
 * input's data-quality counts — but for the reasons of the unparseable dates and amounts, which the typed
 * tables hold as missing values ({@code unparseable-date} of transactions.csv is {@code missing-date} here),
 * and the timings.
 */
class ReportEqualityTest {

    private static final YearMonth PERIOD = YearMonth.of(2026, 10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedPostgres postgres;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void postgresH2AndDuckDbGiveTheCsvReportsNumbers() throws Exception {
        Path data = tmp.resolve("client");
        io.klarsyn.generator.GenerationSummary generated = Generator.generate(GeneratorOptions.defaults().withCustomers(3000).withMonths(24).withSeed(11)
                .withEnd(PERIOD).withFaultRate(0.01), data);
        long lineCopies = withLineIds(data.resolve("transactions.csv"), 11);
        JsonNode csv = report("csv", Map.of("csv.folder", data.toString()), tmp.resolve("out-csv"));

        String h2 = "jdbc:h2:" + tmp.resolve("h2/client").toAbsolutePath() + ";DB_CLOSE_DELAY=-1";
        try (Connection c = Databases.dataSource(h2, null, null).getConnection()) {
            load(c, data);
        }
        String pg = postgres.getJdbcUrl("postgres", "postgres");
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            load(c, data);
        }
        String duck = "jdbc:duckdb:" + tmp.resolve("client.duckdb").toAbsolutePath();
        try (Connection c = Databases.dataSource(duck, null, null).getConnection()) {
            load(c, data);
        }
        for (String url : List.of(h2, pg, duck)) {
            for (boolean summarize : List.of(true, false)) {
                Map<String, String> s = new HashMap<>();
                s.put("jdbc.url", url);
                s.put("jdbc.customers.table", "customers");
                s.put("jdbc.transactions.table", "transactions");
                s.put("jdbc.responses.table", "responses");
                s.put("jdbc.summarize", String.valueOf(summarize));
                String name = url.substring(0, url.indexOf(':', 5)) + (summarize ? "-summaries" : "-rows");
                JsonNode jdbc = report("jdbc", s, tmp.resolve("out-" + name.replace(':', '-')));
                List<String> differences = new ArrayList<>();
                compare("", csv, jdbc, differences);
                assertThat(differences).as(name + " vs csv").isEmpty();
            }
        }
        // the comparison compared something: the report has its figures
        assertThat(csv.at("/dataQuality/files/transactions.csv/read").asLong()).isEqualTo(generated.transactions() + lineCopies);
        assertThat(csv.at("/dataQuality/files/transactions.csv/rejectedByReason/duplicate-line-id").asLong()).isPositive();
        assertThat(csv.at("/dataQuality/files/customers.csv/read").asLong()).isEqualTo(generated.customers());
        assertThat(csv.at("/dataQuality/files/transactions.csv/rejectedByReason/unparseable-date").asLong()).isPositive();
        assertThat(csv.at("/dataQuality/files/transactions.csv/warningsByReason/possible-duplicate").asLong()).isPositive();
        assertThat(csv.at("/dataQuality/files/transactions.csv/warningsByReason/anonymous-sale").asLong()).isPositive();
        assertThat(csv.path("metrics").size()).isGreaterThan(10);
    }

    /**
     * Gives the generated transactions a line id, as an order system's export has: {@code T<n>} for the n-th
     * line, blank for every third (a source where some rows have none). A line the generator repeated exactly
     * (its possible-duplicate fault) is the same line loaded twice and keeps its line id. Then about 1 in 200
     * lines with a line id is loaded once more at the end of the file, exactly as it was.
     *
     * @return how many lines were added
     */
    private static long withLineIds(Path file, long seed) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(lines.size() + lines.size() / 100);
        out.add(lines.get(0) + ",line_id");
        String previous = null;
        String previousOut = null;
        List<String> copies = new ArrayList<>();
        java.util.Random random = new java.util.Random(seed);
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            String withId = line.equals(previous) ? previousOut : line + "," + (n % 3 == 0 ? "" : "T" + n);
            out.add(withId);
            if (n % 3 != 0 && random.nextInt(200) == 0) {
                copies.add(withId);
            }
            previous = line;
            previousOut = withId;
        }
        out.addAll(copies);
        Files.write(file, out, StandardCharsets.UTF_8);
        return copies.size();
    }

    private static JsonNode report(String connector, Map<String, String> settings, Path out) throws IOException {
        KlarsynReportEngine engine = new KlarsynReportEngine();
        engine.add(new CsvConnector(), "io.klarsyn.connector.csv", "0");
        engine.add(new JdbcConnector(), "io.klarsyn.connector.jdbc", "0");
        engine.add(new ChurnCalculator(), "io.klarsyn.metrics.churn", "0");
        engine.add(new ClvCalculator(), "io.klarsyn.metrics.clv", "0");
        engine.add(new CxCalculator(), "io.klarsyn.metrics.cx", "0");
        engine.add(new NullRenderer(), "test", "0");
        RunResult r = engine.run(new JobSpec("client", connector, Locale.ENGLISH, "NOK", ZoneId.of("Europe/Oslo"), null,
                settings), PERIOD, out, ProgressListener.NONE);
        assertThat(r.status()).as(r.messages().toString()).isIn(RunStatus.SUCCESS, RunStatus.UNSTABLE);
        return JSON.readTree(r.metricsJson().toFile());
    }

    /** Parts that say how or when the run went, not what it found. */
    private static boolean ignored(String path) {
        return path.startsWith("/timings") || path.startsWith("/calculatorMillis") || path.equals("/started")
                || path.equals("/generatedAt") || path.endsWith("/millis")
                || path.startsWith("/settings") || path.endsWith("/details") || path.contains("/findings")
                || path.equals("/connector") || path.startsWith("/messages") || path.contains("Millis");
    }

    /** The reasons of the values a database holds as missing where the file had text that does not parse. */
    private static String field(String path, String name) {
        if (path.endsWith("customers.csv/rejectedByReason")) {
            return name.replace("unparseable-date", "missing-acquired-on");
        }
        if (path.endsWith("transactions.csv/rejectedByReason")) {
            return name.replace("unparseable-date", "missing-date").replace("unparseable-number", "missing-amount");
        }
        return name;
    }

    private static void compare(String path, JsonNode a, JsonNode b, List<String> out) {
        if (ignored(path)) {
            return;
        }
        if (a.isObject()) {
            Map<String, JsonNode> bFields = new HashMap<>();
            b.fields().forEachRemaining(e -> bFields.put(e.getKey(), e.getValue()));
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = field(path, e.getKey());
                JsonNode other = bFields.remove(key);
                if (other == null) {
                    if (!ignored(path + "/" + e.getKey())) {
                        out.add(path + "/" + e.getKey() + ": only in the CSV report");
                    }
                } else {
                    compare(path + "/" + e.getKey(), e.getValue(), other, out);
                }
            }
            bFields.keySet().stream().filter(k -> !ignored(path + "/" + k)).forEach(k -> out.add(path + "/" + k
                    + ": only in the JDBC report"));
        } else if (a.isArray()) {
            if (a.size() != b.size()) {
                out.add(path + ": " + a.size() + " vs " + b.size() + " elements");
                return;
            }
            for (int i = 0; i < a.size(); i++) {
                compare(path + "/" + i, a.get(i), b.get(i), out);
            }
        } else if (a.isNumber() && b.isNumber()) {
            double x = a.asDouble();
            double y = b.asDouble();
            // sums of the same amounts in another order (the database adds decimals exactly): within 1e-9
            if (!(x == y || Math.abs(x - y) <= 1e-9 * Math.max(1, Math.max(Math.abs(x), Math.abs(y))))) {
                out.add(path + ": " + a + " vs " + b);
            }
        } else if (!a.equals(b)) {
            out.add(path + ": " + a + " vs " + b);
        }
    }

    // ---- loading the generated files into typed tables, as a client's database holds them

    private static void load(Connection c, Path data) throws IOException, SQLException {
        c.setAutoCommit(false);
        List<String[]> customers = Csv.read(data.resolve("customers.csv"));
        List<String[]> transactions = Csv.read(data.resolve("transactions.csv"));
        List<String[]> responses = Csv.read(data.resolve("responses.csv"));
        table(c, "customers", customers, name -> switch (name) {
            case "acquired_on", "churned_on" -> "DATE";
            case "acquisition_cost" -> "NUMERIC(14, 2)";
            default -> "VARCHAR(200)";
        });
        table(c, "transactions", transactions, name -> switch (name) {
            case "date" -> "DATE";
            case "amount" -> "NUMERIC(14, 2)";
            default -> "VARCHAR(200)";
        });
        // responses as the survey tool's text export: scores and dates are parsed row by row, as from a file
        table(c, "responses", responses, name -> "VARCHAR(1000)");
        c.commit();
    }

    private static void table(Connection c, String table, List<String[]> rows, java.util.function.Function<String, String> type)
            throws SQLException {
        String[] header = rows.get(0);
        StringBuilder create = new StringBuilder("CREATE TABLE " + table + " (");
        StringBuilder insert = new StringBuilder("INSERT INTO " + table + " VALUES (");
        for (int i = 0; i < header.length; i++) {
            create.append(i == 0 ? "" : ", ").append('"').append(header[i]).append("\" ").append(type.apply(header[i]));
            insert.append(i == 0 ? "?" : ", ?");
        }
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute(create.append(')').toString());
        }
        try (PreparedStatement ps = c.prepareStatement(insert.append(')').toString())) {
            int n = 0;
            for (String[] row : rows.subList(1, rows.size())) {
                for (int i = 0; i < header.length; i++) {
                    String v = i < row.length ? row[i].strip() : "";
                    String t = type.apply(header[i]);
                    if (t.equals("DATE")) {
                        LocalDate d = date(v);
                        if (d == null) {
                            ps.setNull(i + 1, Types.DATE);
                        } else {
                            ps.setObject(i + 1, d);
                        }
                    } else if (!t.startsWith("VARCHAR")) {
                        BigDecimal x = number(v);
                        if (x == null) {
                            ps.setNull(i + 1, Types.NUMERIC);
                        } else if (t.equals("INTEGER")) {
                            if (x.stripTrailingZeros().scale() > 0 || x.abs().compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
                                ps.setNull(i + 1, Types.INTEGER);
                            } else {
                                ps.setInt(i + 1, x.intValueExact());
                            }
                        } else {
                            ps.setBigDecimal(i + 1, x);
                        }
                    } else if (v.isEmpty()) {
                        ps.setNull(i + 1, Types.VARCHAR);
                    } else {
                        ps.setString(i + 1, v);
                    }
                }
                ps.addBatch();
                if (++n % 5000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static LocalDate date(String v) {
        try {
            return v.isEmpty() ? null : LocalDate.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static BigDecimal number(String v) {
        try {
            return v.isEmpty() ? null : new BigDecimal(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A plain RFC 4180 reader for the generator's files (',' separated, '"' quoted, UTF-8). */
    static final class Csv {
        static List<String[]> read(Path file) throws IOException {
            String s = Files.readString(file, StandardCharsets.UTF_8);
            if (!s.isEmpty() && s.charAt(0) == '\uFEFF') {
                s = s.substring(1);
            }
            List<String[]> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (quoted) {
                    if (ch == '"') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                            f.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        f.append(ch);
                    }
                } else if (ch == '"') {
                    quoted = true;
                    any = true;
                } else if (ch == ',') {
                    row.add(f.toString());
                    f.setLength(0);
                    any = true;
                } else if (ch == '\n' || ch == '\r') {
                    if (ch == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                        i++;
                    }
                    if (any || f.length() > 0) {
                        row.add(f.toString());
                        rows.add(row.toArray(String[]::new));
                    }
                    row = new ArrayList<>();
                    f.setLength(0);
                    any = false;
                } else {
                    f.append(ch);
                    any = true;
                }
            }
            if (any || f.length() > 0) {
                row.add(f.toString());
                rows.add(row.toArray(String[]::new));
            }
            return rows;
        }
    }

    @io.klarsyn.api.plugin.Plugin(id = "null-renderer", title = "No report: metrics.json only")
    static final class NullRenderer implements ReportRenderer {
        @Override
        public String format() {
            return "application/pdf";
        }

        @Override
        public String fileName() {
            return "report.pdf";
        }

        @Override
        public byte[] render(ReportModel model) {
            return new byte[] {'%'};
        }
    }
}
