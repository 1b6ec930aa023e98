package io.klarsyn.connector.csv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.connector.ConnectorException;
import io.klarsyn.engine.ingest.TransactionBatch;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.TransactionRecord;

/**
 * Every test of {@link CsvConnectorTest} again with parsing on the worker thread
 * ({@link Pipeline}), plus what only the pipeline can get wrong: the thread that calls the sink,
 * cancellation and errors raised on the worker.
 */
class CsvConnectorPipelineTest extends CsvConnectorTest {

    @TempDir
    Path folder;

    @BeforeEach
    void everyFileThroughThePipeline() {
        connector.pipelineThresholdBytes = 0;
    }

    private static final class ThreadCheckingSink extends RecordingSink {
        final Thread caller = Thread.currentThread();
        boolean otherThread;
        int cancelAfter = Integer.MAX_VALUE;

        @Override
        public void transaction(long line, TransactionRecord row) {
            otherThread |= Thread.currentThread() != caller;
            super.transaction(line, row);
        }

        @Override
        public boolean cancelled() {
            return transactions.size() >= cancelAfter;
        }
    }

    private Path transactions(int rows) throws IOException {
        StringBuilder sb = new StringBuilder("customer_id;date;amount\n");
        for (int i = 0; i < rows; i++) {
            sb.append('K').append(i).append(";01.02.2024;").append(i).append(",5\n");
        }
        Files.writeString(folder.resolve("transactions.csv"), sb);
        return folder;
    }

    @Test
    void sinkIsCalledFromTheCallersThreadOnly() throws IOException {
        transactions(50_000);
        ThreadCheckingSink sink = new ThreadCheckingSink();
        connector.read(DataKind.TRANSACTIONS, MapSettings.of("csv.folder", folder.toString()), sink);
        assertThat(sink.transactions).hasSize(50_000);
        assertThat(sink.otherThread).isFalse();
        // row i has amount i + 0.5 (as written above)
        assertThat(sink.transactions.get(49_999).amount()).isEqualTo(49_999.5);
    }

    @Test
    void cancellationStopsSoon() throws IOException {
        transactions(200_000);
        ThreadCheckingSink sink = new ThreadCheckingSink();
        sink.cancelAfter = 10_000;
        connector.read(DataKind.TRANSACTIONS, MapSettings.of("csv.folder", folder.toString()), sink);
        assertThat(sink.transactions.size()).isBetween(10_000, 10_000 + 2 * 4096);
    }

    /** Transaction batches filled on the worker reach the sink whole, in order, rejects and blanks between them included. */
    @Test
    void batchesFromTheWorkerReachTheSinkInOrder() throws IOException {
        RecordingSink sink = new RecordingSink();
        Pipeline.run("t", s -> {
            s.begin("t", List.of("customer_id", "date", "amount"), "");
            TransactionBatch b = s.empty();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 9_000; i++) {
                    long line = 2 + round * 9_000L + i;
                    if (b.full()) {
                        b = s.hand(b);
                    }
                    if (i % 1000 == 7) {
                        b.reject(line, "date", "unparseable date 'x" + line + "'");
                    } else {
                        b.add(line, "K" + line, 19_000 + i % 50, line / 4.0, Double.NaN, i % 3 == 0 ? "o" + i : null);
                    }
                }
                b = s.hand(b);
                s.blank(Columns.ORDER_ID);
            }
        }, new CsvConnector.Direct(sink));
        assertThat(sink.lines).hasSize(27_000).isSorted().doesNotHaveDuplicates();
        assertThat(sink.rejects).hasSize(27).allSatisfy(r -> assertThat(r.reason()).endsWith(r.line() + "'"));
        assertThat(sink.transactions).hasSize(27_000 - 27).allSatisfy(t -> assertThat(t.customerId())
                .isEqualTo("K" + Math.round(t.amount() * 4)));
        assertThat(sink.transactions.get(0).date()).isEqualTo(java.time.LocalDate.ofEpochDay(19_000));
        assertThat(sink.blanks).hasSize(3);
    }

    @Test
    void workerErrorsReachTheCaller() throws IOException {
        Files.writeString(folder.resolve("transactions.csv"), "customer_id;amount\nK;1\n");
        assertThatThrownBy(() -> connector.read(DataKind.TRANSACTIONS,
                MapSettings.of("csv.folder", folder.toString()), new RecordingSink()))
                .isInstanceOf(ConnectorException.class).hasMessageContaining("'date'");
    }
}
