package io.klarsyn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 17 through bin/klarsyn as cron runs it (LANG=C, LC_ALL=C): a client folder named with æøå
 * holding a messy line-level export, an export whose day/month order nothing decides, and an
 * output folder that cannot be written.
 */
class MessyExportIT {

    private static final Map<String, String> CRON = Map.of("LANG", "C", "LC_ALL", "C");

    @TempDir
    Path tmp;

    private static final String[] RETAIL = {"--set", "csv.columns.amount=Quantity * UnitPrice", "--set",
            "csv.columns.customer_id=CustomerID", "--set", "csv.columns.date=InvoiceDate", "--set",
            "csv.columns.order_id=InvoiceNo"};

    private static String[] args(String... first) {
        String[] all = new String[first.length + RETAIL.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(RETAIL, 0, all, first.length, RETAIL.length);
        return all;
    }

    /**
     * Lines (header = 1): 2-3 one invoice, two products at the same quantity and price; 4 repeats
     * 3 exactly; 5 a guest; 6 an unbalanced quote; 7 a wholesale line of 100 × 1 700; 8 a unit price
     * of 1e308; 9 dated 2099. Dates are US (12/13/2010 decides month first). By hand: kept 2, 3, 4,
     * 5, 7 in the period: revenue 6 × 2.55 × 3 + 3 × 1.25 + 170 000 = 170 049.65, 5 transactions,
     * 2 customers; rejected 6 and 8; 9 after the period with a finding.
     */
    @Test
    void aMessyExportInAFolderNamedWithAeOeAaUnderTheCLocale() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("Blåbær AS"));
        Files.writeString(data.resolve("transactions.csv"),
                "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\r\n"
                        + "536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom\r\n"
                        + "536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,2.55,17850,United Kingdom\r\n"
                        + "536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,2.55,17850,United Kingdom\r\n"
                        + "536366,22633,HAND WARMER,3,12/2/2010 9:00,1.25,,United Kingdom\r\n"
                        + "536367,22634,\"BROKEN,1,12/3/2010 9:00,1.25,13047,United Kingdom\r\n"
                        + "536368,23166,STORAGE JAR,100,12/13/2010 9:01,1700,13047,United Kingdom\r\n"
                        + "536369,22086,PAPER CHAIN KIT,1,12/14/2010 9:02,1e308,13047,United Kingdom\r\n"
                        + "536370,22087,TYPO,1,12/14/2099 9:02,1.00,13047,United Kingdom\r\n",
                StandardCharsets.UTF_8);
        Path out = tmp.resolve("rapport æøå");
        Dist.Run r = Dist.klarsyn(Dist.built(), tmp, CRON, args("report", "--data", data.toString(), "--period",
                "2010-12", "--out", out.toString(), "--locale", "nb-NO"));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("rapport æøå/report.pdf").doesNotContain("\uFFFD");
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        JsonNode tx = m.at("/dataQuality/files/transactions.csv");
        assertThat(tx.get("read").asLong()).isEqualTo(8);
        assertThat(tx.get("rejected").asLong()).isEqualTo(2);
        assertThat(tx.get("afterPeriod").asLong()).isEqualTo(1);
        assertThat(tx.at("/rejectedByReason/unterminated-quoted-field").asLong()).isEqualTo(1);
        assertThat(tx.at("/rejectedByReason/amount-out-of-range").asLong()).isEqualTo(1);
        assertThat(tx.at("/warningsByReason/possible-duplicate").asLong()).isEqualTo(1);
        assertThat(tx.at("/warningsByReason/anonymous-sale").asLong()).isEqualTo(1);
        assertThat(tx.at("/warningsByReason/date-far-after-period").asLong()).isEqualTo(1);
        assertThat(tx.get("details").asText()).contains("M/d/yyyy").contains("amount = Quantity \u00d7 UnitPrice");
        assertThat(m.at("/dataQuality/totals/revenue").asDouble()).isEqualTo(170_049.65, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(m.at("/dataQuality/totals/transactions").asLong()).isEqualTo(5);
        assertThat(m.at("/dataQuality/totals/customers").asLong()).isEqualTo(2);
    }

    /** A US export with every day ≤ 12: no silent guess, the run fails naming the setting; with it, it runs. */
    @Test
    void anUndecidableDateOrderFailsNamingTheSetting() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("us"));
        StringBuilder sb = new StringBuilder("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
        for (int i = 0; i < 2500; i++) {
            sb.append(540000 + i).append(",A,ITEM,1,").append(1 + i % 12).append('/').append(1 + (i + 1) % 12)
                    .append("/2010 10:00,2.00,").append(12000 + i % 40).append(",United Kingdom\n");
        }
        Files.writeString(data.resolve("transactions.csv"), sb);
        Path out = tmp.resolve("out");
        Dist.Run r = Dist.klarsyn(Dist.built(), tmp, CRON, args("report", "--data", data.toString(), "--period",
                "2010-12", "--out", out.toString()));
        assertThat(r.exit()).isNotZero();
        assertThat(r.out() + r.err()).contains("FAILURE").contains("csv.dateFormat").contains("'1/2/2010 10:00'");
        Dist.Run ok = Dist.klarsyn(Dist.built(), tmp, CRON, args("report", "--data", data.toString(), "--period",
                "2010-12", "--out", out.toString(), "--set", "csv.transactions.dateFormat=M/d/yyyy"));
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
    }

    /** An output folder that is a file: the failure says why. */
    @Test
    void aWriteErrorSaysWhy() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("d"));
        Files.writeString(data.resolve("transactions.csv"), "customer_id,date,amount\nA,2010-12-01,5\n");
        Path file = Files.writeString(tmp.resolve("out"), "not a folder");
        Dist.Run r = Dist.klarsyn(Dist.built(), tmp, CRON, "report", "--data", data.toString(), "--period", "2010-12",
                "--out", file.resolve("2010-12").toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.out() + r.err()).containsAnyOf("not a directory", "a file of that name already exists");
    }
}
