package io.klarsyn.connector.csv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.connector.ConnectorException;
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

    @Test
    void workerErrorsReachTheCaller() throws IOException {
        Files.writeString(folder.resolve("transactions.csv"), "customer_id;amount\nK;1\n");
        assertThatThrownBy(() -> connector.read(DataKind.TRANSACTIONS,
                MapSettings.of("csv.folder", folder.toString()), new RecordingSink()))
                .isInstanceOf(ConnectorException.class).hasMessageContaining("'date'");
    }
}
