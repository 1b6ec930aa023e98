package io.klarsyn.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.model.SurveyResponseRecord;

/**
 * A data folder in the canonical CSV form (UTF-8, comma, ISO dates, decimal point, RFC 4180 quotes),
 * as the synthetic data generator and {@code klarsyn demo} write it, read into a {@link TestLedger} and
 * a {@link TestSurveys}: {@code customers.csv} ({@code customer_id}, {@code acquired_on}, optional
 * {@code churned_on}, every other column an attribute), {@code transactions.csv} ({@code customer_id},
 * {@code date}, {@code amount}) and {@code responses.csv} ({@code date}, {@code customer_id},
 * {@code touchpoint}, {@code nps}, {@code csat}, {@code ces}, {@code driver.<name>}, {@code comment}).
 * A missing file is an absent input. No data-quality checks: the files are assumed clean. Like the engine,
 * the ledger keeps its state as of the previous month's end and a year before ({@link TestLedger.Builder#snapshots()}).
 *
 * <pre>{@code
 * Generator.generate(GeneratorOptions.defaults().withEnd(month), folder);
 * CsvData data = CsvData.read(folder, month.atEndOfMonth());
 * TestContext ctx = TestContext.builder(month).ledger(data.ledger()).surveys(data.surveys()).build();
 * }</pre>
 *
 * @param ledger the customers and transactions (empty when neither file is there)
 * @param surveys the responses, or {@code null} without {@code responses.csv}
 */
public record CsvData(TestLedger ledger, TestSurveys surveys) {

    /** Reads the folder with the as-of cut {@code asOf}. */
    public static CsvData read(Path folder, LocalDate asOf) {
        TestLedger.Builder b = TestLedger.asOf(asOf).snapshots();
        List<List<String>> customers = rows(folder.resolve("customers.csv"));
        if (customers != null) {
            List<String> h = customers.get(0);
            int id = h.indexOf("customer_id");
            int acquired = h.indexOf("acquired_on");
            int churned = h.indexOf("churned_on");
            b.contractual(churned >= 0);
            for (List<String> r : customers.subList(1, customers.size())) {
                Map<String, String> attributes = new LinkedHashMap<>();
                for (int c = 0; c < h.size(); c++) {
                    if (c != id && c != acquired && c != churned && !r.get(c).isEmpty()) {
                        attributes.put(h.get(c), r.get(c));
                    }
                }
                b.customer(r.get(id), r.get(acquired), churned < 0 || r.get(churned).isEmpty() ? null : r.get(churned),
                        attributes);
            }
        }
        List<List<String>> transactions = rows(folder.resolve("transactions.csv"));
        if (transactions != null) {
            List<String> h = transactions.get(0);
            int id = h.indexOf("customer_id");
            int date = h.indexOf("date");
            int amount = h.indexOf("amount");
            for (List<String> r : transactions.subList(1, transactions.size())) {
                b.transaction(r.get(id), r.get(date), Double.parseDouble(r.get(amount)));
            }
        }
        TestLedger ledger = b.build();
        List<List<String>> responses = rows(folder.resolve("responses.csv"));
        TestSurveys surveys = null;
        if (responses != null) {
            List<String> h = responses.get(0);
            TestSurveys.Builder s = TestSurveys.asOf(asOf);
            for (List<String> r : responses.subList(1, responses.size())) {
                Map<String, Double> drivers = new HashMap<>();
                for (int c = 0; c < h.size(); c++) {
                    if (h.get(c).startsWith("driver.") && !r.get(c).isEmpty()) {
                        drivers.put(h.get(c).substring("driver.".length()), Double.parseDouble(r.get(c)));
                    }
                }
                s.response(new SurveyResponseRecord(LocalDate.parse(r.get(h.indexOf("date"))),
                        text(r, h.indexOf("customer_id")), score(r, h.indexOf("nps")), score(r, h.indexOf("csat")),
                        score(r, h.indexOf("ces")), drivers, text(r, h.indexOf("touchpoint")),
                        text(r, h.indexOf("comment"))));
            }
            surveys = s.build(ledger);
        }
        return new CsvData(ledger, surveys);
    }

    private static String text(List<String> r, int c) {
        return c < 0 || r.get(c).isEmpty() ? null : r.get(c);
    }

    private static int score(List<String> r, int c) {
        return c < 0 || r.get(c).isEmpty() ? SurveyResponseRecord.MISSING : Integer.parseInt(r.get(c));
    }

    /** @return the file's records, header first, or {@code null} when there is no such file */
    private static List<List<String>> rows(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> out = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(f.toString());
                f.setLength(0);
            } else if (c == '\n') {
                row.add(f.toString());
                f.setLength(0);
                out.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                f.append(c);
            }
        }
        if (f.length() > 0 || !row.isEmpty()) {
            row.add(f.toString());
            out.add(row);
        }
        return out.isEmpty() ? null : out;
    }
}
