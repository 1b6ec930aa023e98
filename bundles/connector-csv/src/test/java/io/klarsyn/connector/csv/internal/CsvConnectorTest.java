package io.klarsyn.connector.csv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.connector.ConnectorException;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.SurveyResponseRecord;
import io.klarsyn.api.model.TransactionRecord;

/**
 * The connector against real files in a temporary folder. Every expected value is the text
 * written into the file by the test itself, read by hand (e.g. {@code 1 234,50} is 1234.50).
 */
class CsvConnectorTest {

    private static final Charset CP1252 = Charset.forName("windows-1252");

    @TempDir
    Path dir;

    final CsvConnector connector = new CsvConnector();

    private RecordingSink read(DataKind kind, String... settings) throws IOException {
        String[] all = new String[settings.length + 2];
        all[0] = "csv.folder";
        all[1] = dir.toString();
        System.arraycopy(settings, 0, all, 2, settings.length);
        RecordingSink sink = new RecordingSink();
        connector.read(kind, MapSettings.of(all), sink);
        assertThat(sink.begins).isEqualTo(1);
        assertThat(sink.lines).doesNotHaveDuplicates().isSorted();
        return sink;
    }

    private void write(String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
    }

    private void write(String file, byte[] bytes) throws IOException {
        Files.write(dir.resolve(file), bytes);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @Test
    void canonicalFilesAsTheGeneratorWritesThem() throws IOException {
        write("customers.csv", "customer_id,acquired_on,churned_on,segment,region,acquisition_cost\n"
                + "C1,2023-01-15,,privat,Oslo,250.5\n"
                + "C2,2023-02-01,2024-03-31,bedrift,Trøndelag,\n");
        write("transactions.csv", "customer_id,date,amount,quantity,order_id\nC1,2024-05-03,199.90,2,O-1\nC2,2024-05-04,-50,,\n");
        write("responses.csv", "date,customer_id,nps,csat,ces,driver.trust,driver.ease,touchpoint,comment\n"
                + "2024-05-03,C1,9,5,6,8,7.5,nett,Bra service\n"
                + "2024-05-04,,,,,,,app,\n");
        assertThat(connector.available(MapSettings.of("csv.folder", dir.toString())))
                .isEqualTo(EnumSet.allOf(DataKind.class));

        RecordingSink c = read(DataKind.CUSTOMERS);
        assertThat(c.source).isEqualTo("customers.csv");
        assertThat(c.columns).containsExactly("customer_id", "acquired_on", "churned_on", "segment", "region",
                "acquisition_cost");
        assertThat(c.customers).containsExactly(
                new CustomerRecord("C1", LocalDate.of(2023, 1, 15), null,
                        java.util.Map.of("segment", "privat", "region", "Oslo", "acquisition_cost", "250.5")),
                new CustomerRecord("C2", LocalDate.of(2023, 2, 1), LocalDate.of(2024, 3, 31),
                        java.util.Map.of("segment", "bedrift", "region", "Trøndelag")));
        assertThat(c.lines).containsExactly(2L, 3L);
        assertThat(c.blanks).containsExactly("acquisition_cost");

        RecordingSink t = read(DataKind.TRANSACTIONS);
        assertThat(t.transactions).containsExactly(
                new TransactionRecord("C1", LocalDate.of(2024, 5, 3), 199.90, 2, "O-1"),
                new TransactionRecord("C2", LocalDate.of(2024, 5, 4), -50, Double.NaN, null));
        assertThat(t.details).contains("UTF-8", "',' delimiter", "decimal point", "yyyy-MM-dd");

        RecordingSink r = read(DataKind.RESPONSES);
        SurveyResponseRecord first = r.responses.get(0);
        assertThat(first).isEqualTo(new SurveyResponseRecord(LocalDate.of(2024, 5, 3), "C1", 9, 5, 6,
                java.util.Map.of("trust", 8.0, "ease", 7.5), "nett", "Bra service"));
        SurveyResponseRecord blank = r.responses.get(1);
        assertThat(blank.customerId()).isNull();
        assertThat(blank.nps()).isEqualTo(SurveyResponseRecord.MISSING);
        assertThat(blank.csat()).isEqualTo(SurveyResponseRecord.MISSING);
        assertThat(blank.ces()).isEqualTo(SurveyResponseRecord.MISSING);
        assertThat(blank.drivers()).isEmpty();
        assertThat(blank.touchpoint()).isEqualTo("app");
        assertThat(r.rejects).isEmpty();
    }

    @Test
    void nordicExcelExportMixed() throws IOException {
        // semicolon + decimal comma + BOM + dd.MM.yyyy + CRLF + thousands separators of every kind
        String text = "kunde_id;dato;beløp\r\n"
                .replace("kunde_id", "customer_id").replace("dato", "date").replace("beløp", "amount")
                + "K1;03.05.2024;1 234,50\r\n"
                + "K2;4.5.2024;1.234,50\r\n"
                + "K3;05.05.2024;1\u00A0234,50\r\n"
                + "K4;06.05.2024;1\u202F234,50\r\n"
                + "K5;07.05.2024;-12,5\r\n"
                + "K6;08.05.2024;\"2 000\"\r\n"
                + "\r\n"
                + "K7;09.05.2024;1.234\r\n";
        write("transactions.csv", concat(BOM, text.getBytes(StandardCharsets.UTF_8)));
        RecordingSink s = read(DataKind.TRANSACTIONS);
        assertThat(s.rejects).isEmpty();
        assertThat(s.transactions).extracting(TransactionRecord::amount)
                .containsExactly(1234.50, 1234.50, 1234.50, 1234.50, -12.5, 2000.0, 1234.0);
        assertThat(s.transactions).extracting(TransactionRecord::date).containsExactly(
                LocalDate.of(2024, 5, 3), LocalDate.of(2024, 5, 4), LocalDate.of(2024, 5, 5),
                LocalDate.of(2024, 5, 6), LocalDate.of(2024, 5, 7), LocalDate.of(2024, 5, 8),
                LocalDate.of(2024, 5, 9));
        assertThat(s.transactions.get(0).customerId()).isEqualTo("K1");
        assertThat(s.lines).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 9L);
        assertThat(s.details).contains("UTF-8 (BOM)", "';' delimiter", "decimal comma", "dd.MM.yyyy", "CRLF");
    }

    @Test
    void windows1252WithNorwegianLetters() throws IOException {
        String text = "customer_id;acquired_on;region;navn\r\n"
                + "K1;01.02.2023;Trøndelag;Åse Ærø\r\n"
                + "K2;01.03.2023;Nord-Norge;Bjørn\r\n";
        write("customers.csv", text.getBytes(CP1252));
        RecordingSink s = read(DataKind.CUSTOMERS);
        assertThat(s.customers).extracting(c -> c.attributes().get("region")).containsExactly("Trøndelag", "Nord-Norge");
        assertThat(s.customers.get(0).attributes().get("navn")).isEqualTo("Åse Ærø");
        assertThat(s.details).startsWith("windows-1252");
    }

    @Test
    void windows1252HeaderWithLetterAndColumnMapping() throws IOException {
        write("customers.csv", "Kundenr;Startdato;Kjønn\r\n12;01.02.2023;K\r\n".getBytes(CP1252));
        RecordingSink s = read(DataKind.CUSTOMERS, "csv.columns.customer_id", "kundenr",
                "csv.columns.acquired_on", " STARTDATO ");
        assertThat(s.columns).containsExactly("customer_id", "acquired_on", "Kjønn");
        assertThat(s.customers).containsExactly(new CustomerRecord("12", LocalDate.of(2023, 2, 1), null,
                java.util.Map.of("Kjønn", "K")));
    }

    @Test
    void explicitEncodingSetting() throws IOException {
        write("customers.csv", "customer_id;acquired_on;region\nK1;2023-02-01;Tromsø\n".getBytes(CP1252));
        RecordingSink s = read(DataKind.CUSTOMERS, "csv.encoding", "windows-1252");
        assertThat(s.customers.get(0).attributes()).containsEntry("region", "Tromsø");
    }

    @Test
    void tabDelimited() throws IOException {
        write("transactions.csv", "customer_id\tdate\tamount\tquantity\nA 1\t2024-01-02\t12,5\t3\nB\t2024-01-03\t7\t\n");
        RecordingSink s = read(DataKind.TRANSACTIONS);
        assertThat(s.details).contains("tab delimiter");
        assertThat(s.transactions).containsExactly(
                new TransactionRecord("A 1", LocalDate.of(2024, 1, 2), 12.5, 3, null),
                new TransactionRecord("B", LocalDate.of(2024, 1, 3), 7, Double.NaN, null));
    }

    @Test
    void quotedDelimitersNewlinesAndDoubledQuotes() throws IOException {
        write("customers.csv", "customer_id,acquired_on,note,segment\n"
                + "C1,2023-01-01,\"a, b\",privat\n"
                + "C2,2023-01-02,\"line one\nline two\r\nline three\",bedrift\n"
                + "C3,2023-01-03,\"she said \"\"hei\"\"\",privat\n"
                + "C4,not-a-date,x,privat\n"
                + "\"C5\",\"2023-01-05\",\"\",\"\"\n");
        RecordingSink s = read(DataKind.CUSTOMERS);
        assertThat(s.customers).extracting(c -> c.attributes().get("note"))
                .containsExactly("a, b", "line one\nline two\r\nline three", "she said \"hei\"", null);
        assertThat(s.customers).extracting(CustomerRecord::customerId).containsExactly("C1", "C2", "C3", "C5");
        // C2 spans physical lines 3-5, so C3 is on line 6 and the bad C4 on line 7.
        assertThat(s.lines).containsExactly(2L, 3L, 6L, 7L, 8L);
        assertThat(s.rejects).containsExactly(new RecordingSink.Reject(7, "acquired_on", "unparseable date 'not-a-date'"));
    }

    @Test
    void thousandsSeparatorsWithDecimalPointInCommaFile() throws IOException {
        write("transactions.csv", "customer_id,date,amount\n"
                + "A,2024-01-02,\"1,234.50\"\n"
                + "A,2024-01-03,\"1,234,567.5\"\n"
                + "A,2024-01-04,1 234.5\n"
                + "A,2024-01-05,0.75\n"
                + "A,2024-01-06,\"1,5\"\n"
                + "A,2024-01-07,\"12,34,5\"\n");
        RecordingSink s = read(DataKind.TRANSACTIONS);
        // "1,5" has two digits after its only mark: a decimal comma by itself.
        assertThat(s.transactions).extracting(TransactionRecord::amount)
                .containsExactly(1234.50, 1234567.5, 1234.5, 0.75, 1.5);
        assertThat(s.rejects).containsExactly(new RecordingSink.Reject(7, "amount", "unparseable number '12,34,5'"));
        assertThat(s.details).contains("decimal point");
    }

    @Test
    void explicitDecimalAndThousandsSettings() throws IOException {
        write("transactions.csv", "customer_id;date;amount\nA;2024-01-02;1.234\nA;2024-01-03;1,234\n");
        RecordingSink point = read(DataKind.TRANSACTIONS, "csv.decimal", "point");
        assertThat(point.transactions).extracting(TransactionRecord::amount).containsExactly(1.234, 1234.0);
        RecordingSink comma = read(DataKind.TRANSACTIONS, "csv.decimal", "comma");
        assertThat(comma.transactions).extracting(TransactionRecord::amount).containsExactly(1234.0, 1.234);
        RecordingSink none = read(DataKind.TRANSACTIONS, "csv.decimal", "comma", "csv.thousands", "none");
        assertThat(none.transactions).extracting(TransactionRecord::amount).containsExactly(1.234);
        assertThat(none.rejects).containsExactly(new RecordingSink.Reject(2, "amount", "unparseable number '1.234'"));
    }

    @Test
    void timestampsAreCutToTheDay() throws IOException {
        write("transactions.csv", "customer_id;date;amount\n"
                + "A;2024-05-03 14:22;1\n"
                + "A;2024-05-03T14:22:00;1\n"
                + "A;03.05.2024 14:22;1\n"
                + "A;2024-05-03T14:22:00.123+02:00;1\n"
                + "A;2024-05-03 25:99;1\n");
        RecordingSink s = read(DataKind.TRANSACTIONS);
        assertThat(s.transactions).extracting(TransactionRecord::date).containsOnly(LocalDate.of(2024, 5, 3)).hasSize(4);
        assertThat(s.rejects).containsExactly(new RecordingSink.Reject(6, "date", "unparseable date '2024-05-03 25:99'"));
    }

    @Test
    void slashDatesAreDayFirstUnlessTheFileShowsOtherwise() throws IOException {
        write("transactions.csv", "customer_id,date,amount\nA,03/05/2024,1\nA,25/12/2024,1\n");
        assertThat(read(DataKind.TRANSACTIONS).transactions).extracting(TransactionRecord::date)
                .containsExactly(LocalDate.of(2024, 5, 3), LocalDate.of(2024, 12, 25));
        write("transactions.csv", "customer_id,date,amount\nA,03/05/2024,1\nA,12/25/2024,1\n");
        assertThat(read(DataKind.TRANSACTIONS).transactions).extracting(TransactionRecord::date)
                .containsExactly(LocalDate.of(2024, 3, 5), LocalDate.of(2024, 12, 25));
    }

    @Test
    void explicitDateFormat() throws IOException {
        write("transactions.csv", "customer_id;date;amount\nA;05-03-2024;1\nA;2024-03-05;1\n");
        RecordingSink s = read(DataKind.TRANSACTIONS, "csv.dateFormat", "MM-dd-yyyy");
        assertThat(s.transactions).extracting(TransactionRecord::date).containsExactly(LocalDate.of(2024, 5, 3));
        assertThat(s.rejects).containsExactly(new RecordingSink.Reject(3, "date", "unparseable date '2024-03-05'"));
    }

    @Test
    void everyRejectionReasonWithItsLine() throws IOException {
        write("transactions.csv", "customer_id;date;amount\n"
                + "A;31.02.2024;10\n"                 // 2
                + "A;01.02.2024;abc\n"                // 3
                + ";01.02.2024;10\n"                  // 4: no customer id, a guest's sale: kept (issue 17)
                + "A;01.02.2024;10;x;y\n"             // 5
                + "A;\"01.02.\n2024\";10\n"           // 6-7: multi-line record
                + "A;;10\n"                           // 8
                + "A;01.02.2024;\n"                   // 9
                + "A;01.02.2024\n"                    // 10
                + "A;01.02.2024;10;;\n"               // 11: empty trailing fields are tolerated
                + "\n"                                // 12: blank line, not a record
                + "A;01.02.2024;1.5.3\n");            // 13
        RecordingSink s = read(DataKind.TRANSACTIONS);
        assertThat(s.rejects).containsExactly(
                new RecordingSink.Reject(2, "date", "unparseable date '31.02.2024'"),
                new RecordingSink.Reject(3, "amount", "unparseable number 'abc'"),
                new RecordingSink.Reject(5, null, "wrong number of fields: 5, expected 3"),
                new RecordingSink.Reject(6, "date", "unparseable date '01.02.\n2024'"),
                new RecordingSink.Reject(8, "date", "missing date"),
                new RecordingSink.Reject(9, "amount", "missing amount"),
                new RecordingSink.Reject(10, null, "wrong number of fields: 2, expected 3"),
                new RecordingSink.Reject(13, "amount", "unparseable number '1.5.3'"));
        assertThat(s.transactions).extracting(TransactionRecord::customerId).containsExactly("", "A");
        assertThat(s.lines).containsExactly(2L, 3L, 4L, 5L, 6L, 8L, 9L, 10L, 11L, 13L);
    }

    @Test
    void responseRejectionsAndScores() throws IOException {
        write("responses.csv", "date;nps;csat;ces;driver.trust\n"
                + "01.02.2024;9;;;8\n"
                + "01.02.2024;x;;;\n"
                + "01.02.2024;7,5;;;\n"
                + "01.02.2024;;;;bad\n"
                + "01.02.2024;11;0;8;8,5\n");
        RecordingSink s = read(DataKind.RESPONSES);
        assertThat(s.rejects).containsExactly(
                new RecordingSink.Reject(3, "nps", "unparseable number 'x'"),
                new RecordingSink.Reject(4, "nps", "score is not a whole number '7,5'"),
                new RecordingSink.Reject(5, "driver.trust", "unparseable number 'bad'"));
        // out-of-range scores are the engine's to judge: passed through
        assertThat(s.responses.get(1).nps()).isEqualTo(11);
        assertThat(s.responses.get(1).drivers()).containsEntry("trust", 8.5);
        assertThat(s.responses.get(0).csat()).isEqualTo(SurveyResponseRecord.MISSING);
    }

    @Test
    void unterminatedQuoteIsOneRejectedRecord() throws IOException {
        write("customers.csv", "customer_id,acquired_on\nC1,2023-01-01\nC2,\"2023-01-02\nC3,2023-01-03\n");
        RecordingSink s = read(DataKind.CUSTOMERS);
        assertThat(s.customers).extracting(CustomerRecord::customerId).containsExactly("C1", "C3");
        assertThat(s.rejects).containsExactly(new RecordingSink.Reject(3, null, CsvFile.UNBALANCED_QUOTE));
    }

    @Test
    void emptyFileFailsNamingTheFile() throws IOException {
        write("transactions.csv", "");
        assertThatThrownBy(() -> read(DataKind.TRANSACTIONS)).isInstanceOf(ConnectorException.class)
                .hasMessageContaining("transactions.csv").hasMessageContaining("empty file");
        write("transactions.csv", "\r\n\r\n  \n");
        assertThatThrownBy(() -> read(DataKind.TRANSACTIONS)).isInstanceOf(ConnectorException.class)
                .hasMessageContaining("transactions.csv").hasMessageContaining("no header");
    }

    @Test
    void headerOnlyFileHasNoRecords() throws IOException {
        write("transactions.csv", "customer_id;date;amount\r\n");
        RecordingSink s = read(DataKind.TRANSACTIONS);
        assertThat(s.lines).isEmpty();
        assertThat(s.columns).containsExactly("customer_id", "date", "amount");
    }

    @Test
    void aMissingColumnSuggestsALikelyHeaderOrAsksForAMapping() throws IOException {
        write("customers.csv", "Kunde_Nr.;opprettet_tid\nA;01.02.2024\n");
        assertThatThrownBy(() -> read(DataKind.CUSTOMERS)).isInstanceOfSatisfying(ConnectorException.class, e ->
                assertThat(e.getMessage()).contains("missing required column 'customer_id'",
                        "'Kunde_Nr.' looks like it: --set csv.columns.customer_id=Kunde_Nr."));
        // no header looks like acquired_on ("opprettet_tid" is not a name we know): the general hint
        assertThatThrownBy(() -> read(DataKind.CUSTOMERS, "csv.columns.customer_id", "Kunde_Nr."))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.getMessage())
                        .contains("missing required column 'acquired_on'", "--set csv.columns.acquired_on=<header>"));
    }

    @Test
    void missingRequiredColumnFailsNamingFileAndColumn() throws IOException {
        write("transactions.csv", "customer_id;dato;amount\nA;01.02.2024;1\n");
        assertThatThrownBy(() -> read(DataKind.TRANSACTIONS)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.source()).isEqualTo("transactions.csv");
            assertThat(e.column()).isEqualTo("date");
            assertThat(e.getMessage()).contains("missing required column 'date'",
                    "'dato' looks like it: --set csv.columns.date=dato");
        });
        RecordingSink s = read(DataKind.TRANSACTIONS, "csv.columns.date", "DATO");
        assertThat(s.transactions).hasSize(1);
    }

    @Test
    void duplicateCanonicalColumnFails() throws IOException {
        write("transactions.csv", "customer_id;date;amount;kundenr\nA;01.02.2024;1;B\n");
        assertThatThrownBy(() -> read(DataKind.TRANSACTIONS, "csv.columns.customer_id", "kundenr"))
                .isInstanceOf(ConnectorException.class).hasMessageContaining("appears twice");
    }

    /**
     * Random bytes fail as a whole with a ConnectorException naming the file: rejecting every
     * "line" of a binary file would bury the one useful message (wrong file) under thousands of
     * meaningless row errors, and the header can never hold the required columns anyway.
     */
    @Test
    void garbageFileFailsNamingTheFile() throws IOException {
        byte[] garbage = new byte[20_000];
        new Random(42).nextBytes(garbage);
        write("transactions.csv", garbage);
        assertThatThrownBy(() -> read(DataKind.TRANSACTIONS)).isInstanceOf(ConnectorException.class)
                .hasMessageStartingWith("transactions.csv");
        // printable garbage without NUL bytes: still the header is unusable
        StringBuilder text = new StringBuilder();
        Random r = new Random(7);
        for (int i = 0; i < 5000; i++) {
            text.append((char) (r.nextInt(95) + 32));
            if (r.nextInt(40) == 0) {
                text.append('\n');
            }
        }
        write("transactions.csv", text.toString());
        assertThatThrownBy(() -> read(DataKind.TRANSACTIONS)).isInstanceOf(ConnectorException.class)
                .hasMessageStartingWith("transactions.csv").hasMessageContaining("missing required column");
        write("customers.csv", new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        assertThatThrownBy(() -> read(DataKind.CUSTOMERS)).isInstanceOf(ConnectorException.class)
                .hasMessageContaining("customers.csv").hasMessageContaining("Excel");
    }

    @Test
    void availableListsWhatExistsAndNamesAMissingFolder() throws IOException {
        write("Transactions.CSV", "customer_id,date,amount\n");
        assertThat(connector.available(MapSettings.of("csv.folder", dir.toString())))
                .containsExactly(DataKind.TRANSACTIONS);
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> connector.available(MapSettings.of("csv.folder", missing.toString())))
                .isInstanceOf(IOException.class).hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> connector.available(MapSettings.of())).isInstanceOf(IOException.class)
                .hasMessageContaining("csv.folder");
    }

    @Test
    void settingsAreDeclaredWithDefaults() {
        assertThat(connector.settings()).extracting(d -> d.name()).containsExactlyInAnyOrder("csv.folder",
                "csv.delimiter", "csv.decimal", "csv.thousands", "csv.encoding", "csv.dateFormat", "csv.customers.dateFormat",
                "csv.transactions.dateFormat", "csv.responses.dateFormat", "csv.columns.*");
        assertThat(connector.settings()).filteredOn(d -> d.name().equals("csv.delimiter"))
                .extracting(d -> d.defaultValue()).containsExactly("auto");
        assertThat(connector.settings().stream().anyMatch(d -> d.matches("csv.columns.customer_id"))).isTrue();
    }

    /**
     * Read = accepted + rejected on a file larger than the 1 MiB read buffer, with injected faults,
     * blank lines and multi-line quoted records spread over it, so records straddle buffer refills.
     * The ground truth (which line holds which record and which are faulty) is kept while writing.
     */
    @Test
    void everyRecordReachesTheSinkExactlyOnce() throws IOException {
        Random r = new Random(3);
        StringBuilder sb = new StringBuilder("customer_id;date;amount;order_id\r\n");
        long line = 2;
        Set<Long> recordLines = new HashSet<>();
        Set<Long> faultyLines = new HashSet<>();
        double sum = 0;
        for (int i = 0; i < 60_000; i++) {
            int kind = r.nextInt(100);
            if (kind < 2) {
                sb.append("\r\n");
                line++;
                continue;
            }
            recordLines.add(line);
            if (kind < 5) {
                sb.append("K").append(i).append(";32.01.2024;1,00;\"o\r\n").append(i).append("\"\r\n");
                faultyLines.add(line);
                line += 2;
            } else if (kind < 7) {
                sb.append("K").append(i).append(";01.01.2024\r\n");
                faultyLines.add(line);
                line++;
            } else {
                int cents = r.nextInt(1_000_000);
                sum += cents / 100.0;
                sb.append("K").append(i).append(';').append(1 + r.nextInt(28)).append(".0").append(1 + r.nextInt(9))
                        .append(".2024;").append(cents / 100).append(',').append(String.format("%02d", cents % 100))
                        .append(kind < 20 ? ";\"multi\r\nline\"\r\n" : ";O" + i + "\r\n");
                line += kind < 20 ? 2 : 1;
            }
        }
        write("transactions.csv", concat(BOM, sb.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(sb.length()).isGreaterThan(3 << 19);
        RecordingSink s = read(DataKind.TRANSACTIONS);
        assertThat(s.lines).hasSize(recordLines.size());
        assertThat(new HashSet<>(s.lines)).isEqualTo(recordLines);
        assertThat(s.rejects).extracting(RecordingSink.Reject::line).containsExactlyInAnyOrderElementsOf(faultyLines);
        assertThat(s.transactions.stream().mapToDouble(TransactionRecord::amount).sum()).isCloseTo(sum, within(1e-3));
        assertThat(s.transactions).filteredOn(t -> "multi\r\nline".equals(t.orderId())).isNotEmpty();
    }

    /**
     * Customers go in {@link io.klarsyn.engine.ingest.CustomerBatch}es: a sink that takes them
     * sees exactly the records the file holds (quoted ids and values with delimiters and doubled
     * quotes, values that are not ASCII in UTF-8 and windows-1252, blanks, spaces trimmed), rejects
     * among them in order, and the same blanks as a sink that takes them row by row.
     */
    @Test
    void customerBatchLaneCarriesTheFilesRecords() throws IOException {
        StringBuilder sb = new StringBuilder("customer_id;acquired_on;churned_on;segment;cost;empty\n");
        List<Object> expected = new java.util.ArrayList<>();
        java.util.Map<String, Integer> blanks = new java.util.HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            long line = i + 2;
            String id = i % 5 == 0 ? "Kunde-ø" + i : i % 7 == 0 ? "K;" + i : "K" + i;
            String segment = i % 4 == 0 ? null : i % 5 == 0 ? "Privé" : i % 7 == 0 ? "a;\"b\"" : "S" + (i % 3);
            String cost = i % 11 == 0 ? null : i + ",5";
            boolean badDate = i % 97 == 0;
            boolean churned = i % 13 == 0;
            sb.append(id.contains(";") ? "\"" + id + "\"" : id).append(';')
                    .append(badDate ? "31.02.2024" : "01.02.2024").append(';').append(churned ? " 03.02.2024 " : "")
                    .append(';').append(segment == null ? " " : segment.contains(";")
                            ? "\"" + segment.replace("\"", "\"\"") + "\"" : " " + segment)
                    .append(';').append(cost == null ? "" : cost).append(";\n");
            if (badDate) {
                expected.add(new RecordingSink.Reject(line, "acquired_on", "unparseable date '31.02.2024'"));
                continue;
            }
            java.util.Map<String, String> attributes = new java.util.HashMap<>();
            if (segment != null) {
                attributes.put("segment", segment);
            } else {
                blanks.merge("segment", 1, Integer::sum);
            }
            if (cost != null) {
                attributes.put("cost", cost);
            } else {
                blanks.merge("cost", 1, Integer::sum);
            }
            blanks.merge("empty", 1, Integer::sum);
            expected.add(new CustomerRecord(id, java.time.LocalDate.of(2024, 2, 1),
                    churned ? java.time.LocalDate.of(2024, 2, 3) : null, attributes));
        }
        for (Charset cs : List.of(StandardCharsets.UTF_8, CP1252)) {
            write("customers.csv", sb.toString().getBytes(cs));
            RecordingSink rows = read(DataKind.CUSTOMERS);
            List<Object> batched = new java.util.ArrayList<>();
            int[] batches = new int[1];
            RecordingSink batchSink = new RecordingSink.Batches() {
                @Override
                public void customers(io.klarsyn.engine.ingest.CustomerBatch b) {
                    batches[0]++;
                    assertThat(b.attributeColumns()).containsExactly("segment", "cost", "empty");
                    for (int k = 0; k < b.size(); k++) {
                        batched.add(b.rejected(k) ? new Reject(b.line(k), b.rejectColumn(k), b.rejectReason(k))
                                : b.record(k));
                    }
                }
            };
            connector.read(DataKind.CUSTOMERS, MapSettings.of("csv.folder", dir.toString()), batchSink);
            assertThat(batches[0]).isGreaterThan(1);
            assertThat(batched).isEqualTo(expected);
            List<Object> replayed = new java.util.ArrayList<>();
            int c = 0;
            int j = 0;
            for (long line : rows.lines) {
                replayed.add(j < rows.rejects.size() && rows.rejects.get(j).line() == line ? rows.rejects.get(j++)
                        : rows.customers.get(c++));
            }
            assertThat(replayed).isEqualTo(expected);
            java.util.Map<String, Integer> counted = new java.util.HashMap<>();
            batchSink.blanks.forEach(b -> counted.merge(b, 1, Integer::sum));
            assertThat(counted).isEqualTo(blanks);
            assertThat(rows.blanks).isEqualTo(batchSink.blanks);
        }
    }

    /**
     * A sink that takes the batch lane sees the same records, in the same order, as one that
     * takes them row by row; ids that are not ASCII (UTF-8 and windows-1252) come out as text alike.
     */
    @Test
    void batchLaneCarriesTheSameRecords() throws IOException {
        StringBuilder sb = new StringBuilder("customer_id;date;amount;quantity;order_id\n");
        for (int i = 0; i < 10_000; i++) {
            String id = i % 5 == 0 ? "Kunde-ø" + i : i % 7 == 0 ? "\"K;" + i + "\"" : "K" + i;
            sb.append(id).append(';').append(i % 97 == 0 ? "31.02.2024" : "01.02.2024").append(';')
                    .append(i % 89 == 0 ? "x" : i + ",5").append(';').append(i % 2 == 0 ? "" : "2")
                    .append(';').append(i % 3 == 0 ? "" : "o" + i).append('\n');
        }
        for (Charset cs : List.of(StandardCharsets.UTF_8, CP1252)) {
            write("transactions.csv", sb.toString().getBytes(cs));
            RecordingSink rows = read(DataKind.TRANSACTIONS);
            List<Object> batched = new java.util.ArrayList<>();
            RecordingSink batches = new RecordingSink.Batches() {
                @Override
                public void transactions(io.klarsyn.engine.ingest.TransactionBatch b) {
                    for (int k = 0; k < b.size(); k++) {
                        batched.add(b.rejected(k) ? new Reject(b.line(k), b.rejectColumn(k), b.rejectReason(k))
                                : b.record(k));
                    }
                }
            };
            connector.read(DataKind.TRANSACTIONS, MapSettings.of("csv.folder", dir.toString()), batches);
            List<Object> expected = new java.util.ArrayList<>();
            int t = 0;
            int j = 0;
            for (long line : rows.lines) {
                if (j < rows.rejects.size() && rows.rejects.get(j).line() == line) {
                    expected.add(rows.rejects.get(j++));
                } else {
                    expected.add(rows.transactions.get(t++));
                }
            }
            assertThat(batched).isEqualTo(expected);
            assertThat(rows.transactions).extracting(TransactionRecord::customerId).contains("Kunde-ø5", "K;7");
            assertThat(rows.rejects).hasSizeGreaterThan(100);
            assertThat(batches.blanks).isEqualTo(rows.blanks);
        }
    }

    /**
     * Responses go in {@link io.klarsyn.engine.ingest.ResponseBatch}es: a sink that takes them sees
     * exactly the records the file holds (quoted ids and comments with delimiters and doubled
     * quotes, ids that are not ASCII in UTF-8 and windows-1252, anonymous rows, blank scores and
     * ratings), rejects among them in order with the row-by-row lane's reasons, and the blanks of
     * the row-by-row lane: also a blank rating seen before a later rating rejects the row.
     */
    @Test
    void responseBatchLaneCarriesTheFilesRecords() throws IOException {
        StringBuilder sb = new StringBuilder(
                "date;customer_id;nps;csat;ces;driver.trust;driver.ease;touchpoint;comment;region\n");
        List<Object> expected = new java.util.ArrayList<>();
        java.util.Map<String, Integer> blanks = new java.util.HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            long line = i + 2;
            String id = i % 6 == 0 ? null : i % 5 == 0 ? "Kunde-ø" + i : i % 7 == 0 ? "K;" + i : "K" + i;
            String date = i % 97 == 0 ? "31.02.2024" : i % 101 == 0 ? "" : String.format("%02d.03.2024", 1 + i % 28);
            String nps = i % 4 == 0 ? "" : i % 89 == 0 ? "7,5" : Integer.toString(i % 12);
            String csat = i % 3 == 0 ? "" : Integer.toString(1 + i % 5);
            String ces = i % 2 == 0 ? " " : Integer.toString(1 + i % 7);
            String trust = i % 5 == 1 ? "" : (i % 10) + ",5";
            String ease = i % 83 == 0 ? "bad" : i % 3 == 1 ? "" : Integer.toString(i % 9);
            String touchpoint = i % 4 == 1 ? null : i % 2 == 0 ? "web" : "Butikk-ø";
            String comment = i % 3 == 0 ? "sa \"hei\"; ok" : i % 3 == 1 ? null : "fint";
            sb.append(date).append(';').append(id == null ? "" : id.contains(";") ? "\"" + id + "\"" : id).append(';')
                    .append(nps).append(';').append(csat).append(';').append(ces).append(';').append(trust).append(';')
                    .append(ease).append(';').append(touchpoint == null ? "" : touchpoint).append(';')
                    .append(comment == null ? " " : comment.contains(";") ? "\"" + comment.replace("\"", "\"\"") + "\""
                            : comment)
                    .append(";Oslo\n");
            if (date.isEmpty()) {
                expected.add(new RecordingSink.Reject(line, "date", "missing date"));
                continue;
            }
            if (i % 97 == 0) {
                expected.add(new RecordingSink.Reject(line, "date", "unparseable date '31.02.2024'"));
                continue;
            }
            if (i % 89 == 0 && i % 4 != 0) {
                expected.add(new RecordingSink.Reject(line, "nps", "score is not a whole number '7,5'"));
                continue;
            }
            if (trust.isEmpty()) {
                blanks.merge("driver.trust", 1, Integer::sum);
            }
            if (ease.equals("bad")) {
                expected.add(new RecordingSink.Reject(line, "driver.ease", "unparseable number 'bad'"));
                continue;
            }
            java.util.Map<String, Double> drivers = new java.util.HashMap<>();
            if (!trust.isEmpty()) {
                drivers.put("trust", i % 10 + 0.5);
            }
            if (ease.isEmpty()) {
                blanks.merge("driver.ease", 1, Integer::sum);
            } else {
                drivers.put("ease", (double) (i % 9));
            }
            for (String[] score : new String[][] {{"nps", nps}, {"csat", csat}, {"ces", ces}}) {
                if (score[1].isBlank()) {
                    blanks.merge(score[0], 1, Integer::sum);
                }
            }
            for (String[] text : new String[][] {{"customer_id", id}, {"touchpoint", touchpoint},
                    {"comment", comment}}) {
                if (text[1] == null) {
                    blanks.merge(text[0], 1, Integer::sum);
                }
            }
            int missing = SurveyResponseRecord.MISSING;
            expected.add(new SurveyResponseRecord(java.time.LocalDate.of(2024, 3, 1 + i % 28), id,
                    nps.isEmpty() ? missing : i % 12, csat.isEmpty() ? missing : 1 + i % 5,
                    ces.isBlank() ? missing : 1 + i % 7, drivers, touchpoint, comment));
        }
        for (Charset cs : List.of(StandardCharsets.UTF_8, CP1252)) {
            write("responses.csv", sb.toString().getBytes(cs));
            RecordingSink rows = read(DataKind.RESPONSES);
            List<Object> batched = new java.util.ArrayList<>();
            int[] batches = new int[1];
            RecordingSink batchSink = new RecordingSink.Batches() {
                @Override
                public void responses(io.klarsyn.engine.ingest.ResponseBatch b) {
                    batches[0]++;
                    assertThat(b.driverNames()).containsExactly("trust", "ease");
                    for (int k = 0; k < b.size(); k++) {
                        batched.add(b.rejected(k) ? new Reject(b.line(k), b.rejectColumn(k), b.rejectReason(k))
                                : b.record(k));
                    }
                }
            };
            connector.read(DataKind.RESPONSES, MapSettings.of("csv.folder", dir.toString()), batchSink);
            assertThat(batches[0]).isGreaterThan(1);
            assertThat(batched).isEqualTo(expected);
            List<Object> replayed = new java.util.ArrayList<>();
            int r = 0;
            int j = 0;
            for (long line : rows.lines) {
                replayed.add(j < rows.rejects.size() && rows.rejects.get(j).line() == line ? rows.rejects.get(j++)
                        : rows.responses.get(r++));
            }
            assertThat(replayed).isEqualTo(expected);
            java.util.Map<String, Integer> counted = new java.util.HashMap<>();
            batchSink.blanks.forEach(b -> counted.merge(b, 1, Integer::sum));
            assertThat(counted).isEqualTo(blanks);
            assertThat(rows.blanks).isEqualTo(batchSink.blanks);
        }
    }

    @Test
    void columnHeadersMatchIgnoringCaseAndSpaces() throws IOException {
        write("transactions.csv", " Customer_ID ; DATE ;Amount\nA;2024-01-01;5\n");
        RecordingSink s = read(DataKind.TRANSACTIONS);
        assertThat(s.columns).isEqualTo(List.of("customer_id", "date", "amount"));
        assertThat(s.transactions).hasSize(1);
    }

    @Test
    void excelSepLineNamesTheDelimiterAndIsNotTheHeader() throws IOException {
        write("transactions.csv", "sep=,\r\ncustomer_id,date,amount\r\nA,01.02.2024,\"1,5\"\r\nB,x,1\r\n");
        RecordingSink s = read(DataKind.TRANSACTIONS);
        assertThat(s.details).contains("',' delimiter (sep= line)");
        assertThat(s.transactions).extracting(TransactionRecord::amount).containsExactly(1.5);
        assertThat(s.rejects).containsExactly(new RecordingSink.Reject(4, "date", "unparseable date 'x'"));
    }

    @Test
    void duplicateAttributeColumnFails() throws IOException {
        write("customers.csv", "customer_id;acquired_on;segment;segment\nA;01.02.2024;privat;bedrift\n");
        assertThatThrownBy(() -> read(DataKind.CUSTOMERS)).isInstanceOf(ConnectorException.class)
                .hasMessageContaining("customers.csv").hasMessageContaining("appears twice");
    }

    @Test
    void windows1252BytesAfterAnAsciiStartAreStillDecodedRight() throws IOException {
        StringBuilder sb = new StringBuilder("customer_id;acquired_on;region\n");
        for (int i = 0; sb.length() < 1_200_000; i++) {
            sb.append('K').append(i).append(";01.02.2023;Oslo\n");
        }
        sb.append("LAST;01.02.2023;Tromsø\n");
        write("customers.csv", sb.toString().getBytes(CP1252));
        RecordingSink s = read(DataKind.CUSTOMERS);
        assertThat(s.details).startsWith("UTF-8");
        assertThat(s.customers.get(s.customers.size() - 1).attributes()).containsEntry("region", "Tromsø");
        assertThat(s.rejects).isEmpty();
    }

    @Test
    void trailingDelimiterInTheHeaderIsNotAColumn() throws IOException {
        write("transactions.csv", "customer_id;date;amount;\nA;01.02.2024;1\nB;01.02.2024;2;\n");
        RecordingSink s = read(DataKind.TRANSACTIONS);
        assertThat(s.columns).containsExactly("customer_id", "date", "amount");
        assertThat(s.transactions).hasSize(2);
    }

    @Test
    void currencyMarksAroundAmountsAreDropped() throws IOException {
        write("transactions.csv", "customer_id;date;amount\n"
                + "A;01.02.2024;kr 1 234,50\n"
                + "A;01.02.2024;1 234,50 NOK\n"
                + "A;01.02.2024;€12\n"
                + "A;01.02.2024;12 kroner\n"
                + "A;01.02.2024;kr\n");
        RecordingSink s = read(DataKind.TRANSACTIONS);
        assertThat(s.transactions).extracting(TransactionRecord::amount).containsExactly(1234.5, 1234.5, 12.0);
        assertThat(s.rejects).containsExactly(
                new RecordingSink.Reject(5, "amount", "unparseable number '12 kroner'"),
                new RecordingSink.Reject(6, "amount", "unparseable number 'kr'"));
    }

    /**
     * Issue 17 item 6: one '"' on line 501 of 1,000 rows. Before, the quote ran to the end of the
     * file (999 rows read as 500 and one reject); now it costs line 501 only, and the finding names
     * the line where the quote opened. Row i (line i + 2) has amount i + 0.25.
     */
    @Test
    void aQuoteOnLine501CostsOnlyItsLine() throws IOException {
        StringBuilder sb = new StringBuilder("customer_id,date,amount,order_id\n");
        for (int i = 0; i < 1000; i++) {
            String order = i == 700 ? "\"O 700, gift\"" : "O" + i;
            sb.append("C").append(i % 37).append(",2024-03-").append(String.format("%02d", 1 + i % 28)).append(',')
                    .append(i == 499 ? "\"" : "").append(i).append(".25,").append(order).append('\n');
        }
        write("transactions.csv", sb.toString());
        RecordingSink s = read(DataKind.TRANSACTIONS);
        assertThat(s.rejects).containsExactly(new RecordingSink.Reject(501, null, CsvFile.UNBALANCED_QUOTE));
        assertThat(s.transactions).hasSize(999);
        assertThat(s.lines.get(500)).isEqualTo(502L);
        assertThat(s.transactions.get(499).amount()).isEqualTo(500.25);
        assertThat(s.transactions.get(699).orderId()).isEqualTo("O 700, gift");
        assertThat(s.transactions.stream().mapToDouble(TransactionRecord::amount).sum())
                .isEqualTo(999 * 0.25 + (999 * 1000 / 2 - 499), within(1e-6));
    }

    /** A quoted field over two lines that closes properly is still one field (a comment with a line break). */
    @Test
    void aQuotedLineBreakThatClosesIsOneField() throws IOException {
        write("responses.csv", "date,nps,comment\n2024-03-01,9,\"good\nreally\"\n2024-03-02,3,bad\n");
        RecordingSink s = read(DataKind.RESPONSES);
        assertThat(s.rejects).isEmpty();
        assertThat(s.responses).extracting(SurveyResponseRecord::comment).containsExactly("good\nreally", "bad");
        assertThat(s.lines).containsExactly(2L, 4L);
    }

    /**
     * Issue 17 item 5: a US export ({@code M/d/yyyy H:mm}) whose first 2,000 rows all have days
     * 1-12; row 2,100 is 12/13/2010, which only reads month first. The whole column decides: every
     * row is read month first (12/1/2010 is 1 December).
     */
    @Test
    void dayMonthOrderIsDecidedByTheWholeColumn() throws IOException {
        StringBuilder sb = new StringBuilder("customer_id,date,amount\n");
        for (int i = 0; i < 2100; i++) {
            sb.append("C").append(i).append(',').append(12).append('/').append(1 + i % 12).append("/2010 8:26,1\n");
        }
        sb.append("C9,12/13/2010 9:00,1\n");
        write("transactions.csv", sb.toString());
        RecordingSink s = read(DataKind.TRANSACTIONS);
        assertThat(s.rejects).isEmpty();
        assertThat(s.transactions).hasSize(2101);
        assertThat(s.transactions.get(0).date()).isEqualTo(LocalDate.of(2010, 12, 1));
        assertThat(s.transactions.get(4).date()).isEqualTo(LocalDate.of(2010, 12, 5));
        assertThat(s.transactions.get(2100).date()).isEqualTo(LocalDate.of(2010, 12, 13));
        assertThat(s.details).contains("M/d/yyyy");
    }

    /**
     * When no date decides the order (every day of the column is 12 or less) the read fails,
     * naming the setting and showing a date; with the setting, for this file only, it reads.
     */
    @Test
    void anUndecidableDayMonthOrderFailsUntilTheFormatIsSet() throws IOException {
        write("customers.csv", "customer_id,acquired_on\nC1,2010-01-15\n");
        write("transactions.csv", "customer_id,date,amount\nC1,12/1/2010 8:26,3\nC1,1/2/2011 10:00,4\n");
        assertThatThrownBy(() -> read(DataKind.TRANSACTIONS)).isInstanceOf(ConnectorException.class)
                .hasMessageContaining("transactions.csv").hasMessageContaining("csv.dateFormat")
                .hasMessageContaining("csv.transactions.dateFormat").hasMessageContaining("'12/1/2010 8:26'");
        RecordingSink s = read(DataKind.TRANSACTIONS, "csv.transactions.dateFormat", "M/d/yyyy H:mm");
        assertThat(s.transactions).extracting(TransactionRecord::date)
                .containsExactly(LocalDate.of(2010, 12, 1), LocalDate.of(2011, 1, 2));
        assertThat(read(DataKind.CUSTOMERS, "csv.transactions.dateFormat", "M/d/yyyy").customers.get(0).acquiredOn())
                .isEqualTo(LocalDate.of(2010, 1, 15));
        RecordingSink dayFirst = read(DataKind.TRANSACTIONS, "csv.dateFormat", "d/M/yyyy");
        assertThat(dayFirst.transactions.get(0).date()).isEqualTo(LocalDate.of(2010, 1, 12));
    }

    /** The UK online retailer's line-level export: quantity and unit price, no amount. */
    private static final String RETAIL = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
            + "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26,2.55,17850,United Kingdom\n"
            + "536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26,3.39,17850,United Kingdom\n"
            + "C536379,D,Discount,-1,2010-12-01 09:41,27.50,14527,United Kingdom\n"
            + "536380,22961,JAM MAKING SET PRINTED,24,2010-12-01 09:41,,17809,United Kingdom\n";

    /**
     * Issue 17 item 2: {@code csv.columns.amount=Quantity * UnitPrice}. By hand: 6 × 2.55 = 15.30,
     * 6 × 3.39 = 20.34, -1 × 27.50 = -27.50; the blank unit price is a reject naming its column.
     */
    @Test
    void theAmountOfALineIsQuantityTimesUnitPrice() throws IOException {
        write("transactions.csv", RETAIL);
        RecordingSink s = read(DataKind.TRANSACTIONS, "csv.columns.amount", "Quantity * UnitPrice",
                "csv.columns.customer_id", "CustomerID", "csv.columns.date", "InvoiceDate",
                "csv.columns.order_id", "InvoiceNo");
        assertThat(s.transactions).extracting(TransactionRecord::amount).containsExactly(15.30, 20.34, -27.50);
        assertThat(s.transactions).extracting(TransactionRecord::quantity).containsExactly(6.0, 6.0, -1.0);
        assertThat(s.transactions).extracting(TransactionRecord::orderId).containsExactly("536365", "536365", "C536379");
        assertThat(s.rejects).containsExactly(new RecordingSink.Reject(5, "amount", "missing amount: UnitPrice is blank"));
        assertThat(s.details).contains("amount = Quantity \u00d7 UnitPrice");
    }

    /** Without a mapping, the errors suggest the retailer's own headers, the computed amount among them. */
    @Test
    void retailHeadersAreSuggested() throws IOException {
        write("transactions.csv", RETAIL);
        assertThatThrownBy(() -> read(DataKind.TRANSACTIONS)).isInstanceOf(ConnectorException.class)
                .hasMessageContaining("csv.columns.customer_id=CustomerID");
        assertThatThrownBy(() -> read(DataKind.TRANSACTIONS, "csv.columns.customer_id", "CustomerID"))
                .hasMessageContaining("csv.columns.date=InvoiceDate");
        assertThatThrownBy(() -> read(DataKind.TRANSACTIONS, "csv.columns.customer_id", "CustomerID",
                "csv.columns.date", "InvoiceDate")).hasMessageContaining("csv.columns.amount=\"Quantity * UnitPrice\"");
        RecordingSink s = read(DataKind.TRANSACTIONS, "csv.columns.customer_id", "CustomerID", "csv.columns.date",
                "InvoiceDate", "csv.columns.amount", "Quantity*UnitPrice");
        assertThat(s.details).contains("'InvoiceNo' looks like it: csv.columns.order_id=InvoiceNo");
        // the unit price mapped as the amount is not accepted silently: the details say what it looks like
        assertThat(read(DataKind.TRANSACTIONS, "csv.columns.customer_id", "CustomerID", "csv.columns.date",
                "InvoiceDate", "csv.columns.amount", "UnitPrice").details)
                .contains("amount is mapped from 'UnitPrice', which looks like a unit price: the amount of a line is "
                        + "csv.columns.amount=Quantity * UnitPrice");
        write("transactions.csv", "Kundenr;Fakturadato;Antall;Enhetspris\n17850;01.12.2010;6;2,55\n");
        assertThatThrownBy(() -> read(DataKind.TRANSACTIONS, "csv.columns.customer_id", "Kundenr",
                "csv.columns.date", "Fakturadato")).hasMessageContaining("csv.columns.amount=\"Antall * Enhetspris\"");
        assertThat(read(DataKind.TRANSACTIONS, "csv.columns.customer_id", "Kundenr", "csv.columns.date", "Fakturadato",
                "csv.columns.amount", "Antall * Enhetspris").transactions.get(0).amount()).isEqualTo(15.30);
        assertThatThrownBy(() -> read(DataKind.TRANSACTIONS, "csv.columns.date", "a * b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only amount");
        assertThatThrownBy(() -> read(DataKind.TRANSACTIONS, "csv.columns.customer_id", "Kundenr",
                "csv.columns.date", "Fakturadato", "csv.columns.amount", "Antall * Pris"))
                .isInstanceOf(ConnectorException.class).hasMessageContaining("'Pris'");
    }
}
