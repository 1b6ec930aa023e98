package io.klarsyn.connector.csv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.api.report.Finding;
import io.klarsyn.engine.embedded.EmbeddedIngestion;

/**
 * Issue 17's ingestion items on the shapes of real client exports, read by this connector into the
 * engine's own ingestion (its batch lane, as in a report run): line-level invoices with repeated
 * lines, a survey without response ids, guest checkouts, absurd amounts. Every expected number is
 * derived by hand from the rows written here.
 */
class RealExportsTest {

    private static final LocalDate AS_OF = LocalDate.of(2010, 12, 31);

    @TempDir
    Path dir;

    private void write(String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
    }

    private EmbeddedIngestion ingest(DataKind kind, String... settings) {
        String[] all = new String[settings.length + 2];
        all[0] = "csv.folder";
        all[1] = dir.toString();
        System.arraycopy(settings, 0, all, 2, settings.length);
        MapSettings s = MapSettings.of(all);
        return EmbeddedIngestion.asOf(AS_OF).read(kind, kind.fileName(), List.of(), sink -> {
            try {
                new CsvConnector().read(kind, s, sink);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static final String[] RETAIL_SETTINGS = {"csv.columns.customer_id", "CustomerID", "csv.columns.date",
            "InvoiceDate", "csv.columns.order_id", "InvoiceNo", "csv.columns.amount", "Quantity * UnitPrice"};

    /**
     * An invoice whose lines 2 and 3 have the same customer, day, quantity and price but other
     * products: distinct lines (before, the second was rejected as a duplicate: 27 % of a
     * retailer's revenue). Line 5 repeats line 4 in every column: kept, one warning at line 5.
     * Line 6 is a guest's (no CustomerID); line 7 a wholesale line of 170 000; line 8 has an
     * absurd 1e308 unit price. By hand: 17850 has 6 × 2.55 + 6 × 2.55 = 30.60 and 13047 has
     * 2 × 4.25 × 2 = 17.00 and 100 × 1 700 = 170 000; the guest 3 × 1.25 = 3.75.
     */
    @Test
    void invoiceLinesGuestsAndAbsurdAmounts() throws IOException {
        write("transactions.csv", "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
                + "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"
                + "536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"
                + "536366,22633,HAND WARMER UNION JACK,2,12/1/2010 8:28,4.25,13047,United Kingdom\n"
                + "536366,22633,HAND WARMER UNION JACK,2,12/1/2010 8:28,4.25,13047,United Kingdom\n"
                + "536367,22745,POPPY'S PLAYHOUSE BEDROOM,3,12/1/2010 8:34,1.25,,United Kingdom\n"
                + "536368,23166,MEDIUM CERAMIC TOP STORAGE JAR,100,12/13/2010 9:01,1700,13047,United Kingdom\n"
                + "536369,22086,PAPER CHAIN KIT,1,12/14/2010 9:02,1e308,13047,United Kingdom\n");
        EmbeddedIngestion in = ingest(DataKind.TRANSACTIONS, RETAIL_SETTINGS);
        CustomerLedger ledger = in.ledger();
        FileQuality q = in.quality().get(0);
        assertThat(q.read()).isEqualTo(7);
        assertThat(q.accepted()).isEqualTo(6);
        assertThat(q.rejected()).isEqualTo(1);
        assertThat(q.rejectedByReason()).containsOnlyKeys("amount-out-of-range");
        assertThat(q.findings()).extracting(Finding::line, Finding::reason, Finding::rejected).containsExactly(
                org.assertj.core.groups.Tuple.tuple(5L, "possible-duplicate", false),
                org.assertj.core.groups.Tuple.tuple(6L, "anonymous-sale", false),
                org.assertj.core.groups.Tuple.tuple(8L, "amount-out-of-range", true));
        assertThat(ledger.size()).isEqualTo(2);
        assertThat(ledger.revenue(ledger.indexOf("17850"))).isCloseTo(30.60, within(1e-9));
        assertThat(ledger.transactions(ledger.indexOf("17850"))).isEqualTo(2);
        assertThat(ledger.revenue(ledger.indexOf("13047"))).isCloseTo(170_017.00, within(1e-9));
        // the guest's 3.75 is in the month's revenue, in no customer's
        assertThat(ledger.revenueIn(YearMonth.of(2010, 12))).isCloseTo(30.60 + 170_017.00, within(1e-9));
        assertThat(ledger.anonymousRevenueIn(YearMonth.of(2010, 12))).isCloseTo(3.75, within(1e-9));
        assertThat(ledger.anonymousTransactionsIn(YearMonth.of(2010, 12))).isEqualTo(1);
    }

    /**
     * A survey export without response ids: two respondents gave the same answers on the same day
     * (lines 2 and 3, identical in every column). Both are kept, the second with a warning; before,
     * it was rejected (4 % of a review site's answers). With a response id, a repeated id is
     * rejected and equal answers under two ids are two responses.
     */
    @Test
    void surveysWithoutIdsKeepEqualAnswers() throws IOException {
        write("responses.csv", "date,nps,csat,touchpoint\n2010-12-01,9,5,web\n2010-12-01,9,5,web\n2010-12-02,3,2,app\n");
        EmbeddedIngestion in = ingest(DataKind.RESPONSES);
        assertThat(in.surveys().size()).isEqualTo(3);
        FileQuality q = in.quality().get(0);
        assertThat(q.rejected()).isZero();
        assertThat(q.findings()).extracting(Finding::line, Finding::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3L, "possible-duplicate"));

        write("responses.csv", "ResponseId,date,nps,csat\nR1,2010-12-01,9,5\nR2,2010-12-01,9,5\nR1,2010-12-03,9,5\n");
        EmbeddedIngestion ids = ingest(DataKind.RESPONSES);
        assertThat(ids.surveys().size()).isEqualTo(2);
        assertThat(ids.quality().get(0).findings()).extracting(Finding::line, Finding::column, Finding::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(4L, "response_id", "duplicate-response-id"));
    }

    /** A line id column: a repeated line id is rejected, identical lines under two ids are two lines. */
    @Test
    void aLineIdDecidesDuplicates() throws IOException {
        write("transactions.csv", "line_id,customer_id,date,amount\nL1,A,2010-12-01,10\nL2,A,2010-12-01,10\n"
                + "L1,A,2010-12-01,10\n");
        EmbeddedIngestion in = ingest(DataKind.TRANSACTIONS);
        assertThat(in.ledger().revenue(0)).isEqualTo(20.0);
        assertThat(in.quality().get(0).findings()).extracting(Finding::line, Finding::column, Finding::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(4L, "line_id", "duplicate-line-id"));
    }
}
