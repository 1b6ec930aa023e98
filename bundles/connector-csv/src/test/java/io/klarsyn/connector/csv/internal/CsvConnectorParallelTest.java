package io.klarsyn.connector.csv.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.klarsyn.api.model.DataKind;

/**
 * Every test of {@link CsvConnectorTest} again with transactions parsed by several threads in
 * tiny parts ({@link ParallelTransactions}: nearly every line is cut into a part of its own, and
 * many cuts fall inside quoted fields), plus a comparison with the one-thread reading on a messy
 * generated file.
 */
class CsvConnectorParallelTest extends CsvConnectorTest {

    @TempDir
    Path folder;

    @BeforeEach
    void transactionsInParallelParts() {
        connector.parallelThresholdBytes = 0;
        connector.partBytes = 7;
        connector.parsers = 3;
    }

    /**
     * A transactions file as a messy export: CRLF or LF, blank lines, quoted ids and order ids with
     * delimiters and line breaks inside, doubled quotes, unparseable dates and amounts, missing
     * ids, blank optional columns, and no line end after the last record.
     */
    private static String messy(Random rnd, int rows) {
        StringBuilder sb = new StringBuilder("customer_id;date;amount;quantity;order_id\r\n");
        for (int i = 0; i < rows; i++) {
            String eol = rnd.nextInt(4) == 0 ? "\n" : "\r\n";
            if (rnd.nextInt(50) == 0) {
                sb.append(eol);
            }
            String id = switch (rnd.nextInt(20)) {
                case 0 -> "\"K" + i + ";\nx\"";
                case 1 -> "";
                case 2 -> "\"K\"\"" + i + "\"";
                default -> "K" + rnd.nextInt(500);
            };
            String date = rnd.nextInt(40) == 0 ? "31.02.2024" : (1 + rnd.nextInt(28)) + ".0" + (1 + rnd.nextInt(9)) + ".2024";
            String amount = rnd.nextInt(40) == 0 ? "abc" : rnd.nextInt(5000) + "," + rnd.nextInt(100);
            String quantity = rnd.nextInt(3) == 0 ? "" : String.valueOf(1 + rnd.nextInt(4));
            String order = switch (rnd.nextInt(6)) {
                case 0 -> "";
                case 1 -> "\"O-" + i + "\r\nsecond line;\n\nthird\"";
                default -> "O-" + i;
            };
            sb.append(id).append(';').append(date).append(';').append(amount).append(';').append(quantity).append(';')
                    .append(order);
            if (i < rows - 1) {
                sb.append(eol);
            }
        }
        return sb.toString();
    }

    private RecordingSink read(long partBytes, int parsers, boolean parallel) throws IOException {
        CsvConnector c = new CsvConnector();
        c.parallelThresholdBytes = parallel ? 0 : Long.MAX_VALUE;
        c.pipelineThresholdBytes = Long.MAX_VALUE;
        c.partBytes = partBytes;
        c.parsers = parsers;
        RecordingSink sink = new RecordingSink();
        c.read(DataKind.TRANSACTIONS, MapSettings.of("csv.folder", folder.toString()), sink);
        return sink;
    }

    @ParameterizedTest
    @CsvSource({"1, 2", "7, 3", "64, 2", "1000, 2", "4096, 4", "100000, 2"})
    void partsGiveWhatOneThreadGives(long partBytes, int parsers) throws IOException {
        Files.writeString(folder.resolve("transactions.csv"), messy(new Random(partBytes * 31 + parsers), 3000),
                StandardCharsets.UTF_8);
        RecordingSink one = read(partBytes, parsers, false);
        RecordingSink parts = read(partBytes, parsers, true);
        // the generated file has every kind of row: the comparison below is not between empty lists
        assertThat(one.transactions).hasSizeGreaterThan(2000);
        assertThat(one.rejects).hasSizeGreaterThan(100);
        assertThat(one.transactions).anySatisfy(t -> assertThat(t.orderId()).contains("\r\nsecond line;\n\nthird"));
        assertThat(parts.begins).isEqualTo(1);
        assertThat(parts.details).isEqualTo(one.details);
        assertThat(parts.lines).isEqualTo(one.lines);
        assertThat(parts.transactions).isEqualTo(one.transactions);
        assertThat(parts.rejects).isEqualTo(one.rejects);
        assertThat(sorted(parts.blanks)).isEqualTo(sorted(one.blanks));
    }

    private static List<String> sorted(List<String> l) {
        List<String> s = new ArrayList<>(l);
        s.sort(null);
        return s;
    }

    /** The sink hears only from the thread that called {@code read}, and a cancelled read stops within a few parts. */
    @Test
    void callersThreadOnlyAndCancellationStopsSoon() throws IOException {
        StringBuilder sb = new StringBuilder("customer_id;date;amount\n");
        for (int i = 0; i < 200_000; i++) {
            sb.append('K').append(i).append(";01.02.2024;").append(i).append(",5\n");
        }
        Files.writeString(folder.resolve("transactions.csv"), sb);
        Thread caller = Thread.currentThread();
        boolean[] otherThread = {false};
        RecordingSink sink = new RecordingSink() {
            @Override
            public void transaction(long line, io.klarsyn.api.model.TransactionRecord row) {
                otherThread[0] |= Thread.currentThread() != caller;
                super.transaction(line, row);
            }

            @Override
            public boolean cancelled() {
                return transactions.size() >= 10_000;
            }
        };
        CsvConnector c = new CsvConnector();
        c.parallelThresholdBytes = 0;
        c.partBytes = 64 << 10;
        c.parsers = 2;
        c.read(DataKind.TRANSACTIONS, MapSettings.of("csv.folder", folder.toString()), sink);
        assertThat(otherThread[0]).isFalse();
        assertThat(sink.transactions.size()).isBetween(10_000, 10_000 + 4096);
        // row i has amount i + 0.5 and line i + 2 (as written above)
        assertThat(sink.transactions.get(9_999).amount()).isEqualTo(9_999.5);
        assertThat(sink.lines.get(9_999)).isEqualTo(10_001L);
    }

    /** A quote never closed costs only its line: one reject there, the rest read, whatever the parts. */
    @Test
    void anUnclosedQuoteIsOneRejectAtItsLineAndTheRestIsRead() throws IOException {
        StringBuilder sb = new StringBuilder("customer_id;date;amount\n");
        for (int i = 0; i < 200; i++) {
            sb.append(i == 120 ? "\"K" : "K").append(i).append(";01.02.2024;").append(i).append('\n');
        }
        Files.writeString(folder.resolve("transactions.csv"), sb);
        RecordingSink parts = read(16, 2, true);
        assertThat(parts.transactions).hasSize(199);
        assertThat(parts.rejects).containsExactly(new RecordingSink.Reject(122, null, CsvFile.UNBALANCED_QUOTE));
        assertThat(parts.lines).isEqualTo(read(16, 2, false).lines);
    }
}
