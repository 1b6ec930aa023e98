package io.klarsyn.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.metric.MetricCalculator;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.result.Direction;
import io.klarsyn.api.result.Kpi;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.api.result.Unit;
import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.api.run.RunResult;
import io.klarsyn.api.run.RunStatus;

/** The run's files are replaced atomically; its log reaches the listener live; a cancelled run stops. */
class RunFilesAndControlTest {

    private static final YearMonth MAY = YearMonth.of(2024, 5);
    private static final Set<DataKind> TX = EnumSet.of(DataKind.TRANSACTIONS);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    private KlarsynReportEngine engine;

    @BeforeEach
    void setUp() {
        engine = new KlarsynReportEngine();
        FakeConnector connector = new FakeConnector().customer("A", "2024-01-01").customer("B", "2024-02-01");
        // enough rows and results that metrics.json takes a while to write
        for (int i = 0; i < 2_000; i++) {
            connector.tx(i % 2 == 0 ? "A" : "B", "2024-05-01", i);
        }
        Fakes.add(engine, connector, "c", "1");
        Fakes.add(engine, new Fakes.Renderer(), "r", "1");
        Fakes.add(engine, Fakes.calculator("many", TX, 100, ctx -> {
            List<io.klarsyn.api.result.MetricResult> results = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                results.add(Kpi.of("many.k" + i, (double) i, Unit.COUNT, Direction.NEUTRAL));
            }
            return results;
        }), "m", "1");
    }

    @Test
    void twoRunsIntoOneFolderNeverLeaveOrShowAHalfWrittenMetricsJson() throws Exception {
        int rounds = 40;
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> unparseable = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                try {
                    byte[] bytes = Files.readAllBytes(out.resolve("metrics.json"));
                    reads.incrementAndGet();
                    try {
                        JSON.readTree(bytes);
                    } catch (IOException e) {
                        unparseable.add("read while writing: " + e.getMessage());
                    }
                } catch (NoSuchFileException e) {
                    // not written yet
                } catch (IOException e) {
                    errors.add(e);
                }
            }
        });
        reader.start();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < rounds; i++) {
                    try {
                        RunResult r = engine.run(Fakes.job(Map.of()), MAY, out, ProgressListener.NONE);
                        if (r.status() != RunStatus.SUCCESS) {
                            errors.add(new AssertionError(r.status() + " " + r.messages()));
                        }
                    } catch (RuntimeException e) {
                        errors.add(e);
                    }
                }
            });
            writers.add(t);
            t.start();
        }
        for (Thread t : writers) {
            t.join();
        }
        writing.set(false);
        reader.join();

        assertThat(errors).isEmpty();
        assertThat(unparseable).isEmpty();
        JsonNode last = JSON.readTree(out.resolve("metrics.json").toFile());
        assertThat(last.at("/metrics/many.k499/value").asDouble()).isEqualTo(499.0);
        assertThat(Files.readString(out.resolve("report.pdf"))).startsWith("%PDF-fake");
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("metrics.json", "report.pdf", "run.log");
        }
    }

    @Test
    void everyLogLineReachesTheListenerInRunLogsOrder() throws IOException {
        Fakes.add(engine, Fakes.calculator("boom", TX, 200, ctx -> {
            throw new IllegalStateException("the model exploded");
        }), "m", "1");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        RunResult r = engine.run(Fakes.job(Map.of()), MAY, out, new ProgressListener() {
            @Override
            public void log(String line) {
                lines.add(line);
            }
        });
        assertThat(r.status()).isEqualTo(RunStatus.UNSTABLE);
        assertThat(lines).noneMatch(l -> l.contains("\n"));
        assertThat(lines).anyMatch(l -> l.contains("java.lang.IllegalStateException: the model exploded"));
        assertThat(String.join("\n", lines) + "\n").isEqualTo(Files.readString(r.runLog()));
    }

    @Test
    void cancelledAfterIngestionFailsAsAbortedWithoutMetricsOrReport() throws IOException {
        AtomicBoolean computed = new AtomicBoolean();
        Fakes.add(engine, Fakes.calculator("spy", TX, 50, ctx -> {
            computed.set(true);
            return List.of();
        }), "m", "1");
        List<String> stages = new ArrayList<>();
        AtomicBoolean cancel = new AtomicBoolean();
        RunResult r = engine.run(Fakes.job(Map.of()), MAY, out, new ProgressListener() {
            @Override
            public void stage(String stage) {
                stages.add(stage);
                cancel.set(true);
            }

            @Override
            public boolean cancelled() {
                return cancel.get();
            }
        });
        assertThat(r.status()).isEqualTo(RunStatus.FAILURE);
        assertThat(r.messages()).containsExactly("aborted");
        assertThat(r.report()).isNull();
        assertThat(out.resolve("report.pdf")).doesNotExist();
        assertThat(stages).containsExactly("ingest");
        assertThat(computed).isFalse();
        assertThat(JSON.readTree(r.metricsJson().toFile()).get("status").asText()).isEqualTo("FAILURE");
        assertThat(Files.readString(r.runLog())).contains("aborted");
    }

    @Test
    void theConnectorSeesTheCancellationAndLaterInputsAreNotRead() {
        AtomicBoolean cancel = new AtomicBoolean();
        AtomicBoolean sinkSaw = new AtomicBoolean();
        List<DataKind> read = new ArrayList<>();
        KlarsynReportEngine e = new KlarsynReportEngine();
        Fakes.add(e, Fakes.named("fake", new DataConnector() {

            @Override
            public Set<DataKind> available(JobSettings settings) {
                return EnumSet.of(DataKind.CUSTOMERS, DataKind.TRANSACTIONS);
            }

            @Override
            public void read(DataKind kind, JobSettings settings, IngestSink sink) {
                read.add(kind);
                sink.begin(kind.fileName(), List.of("customer_id", "acquired_on", "churned_on"), "test");
                sink.customer(2, new CustomerRecord("A", LocalDate.of(2024, 1, 1), null, Map.of()));
                cancel.set(true);
                sinkSaw.set(sink.cancelled());
            }
        }), "c", "1");
        Fakes.add(e, new Fakes.Renderer(), "r", "1");
        RunResult r = e.run(Fakes.job(Map.of()), MAY, out, new ProgressListener() {
            @Override
            public boolean cancelled() {
                return cancel.get();
            }
        });
        assertThat(sinkSaw).isTrue();
        assertThat(read).containsExactly(DataKind.CUSTOMERS);
        assertThat(r.status()).isEqualTo(RunStatus.FAILURE);
        assertThat(r.messages()).containsExactly("aborted");
    }

    @Test
    void aRunningMetricIsCancelledAndTheNextOneNeverStarts() throws InterruptedException {
        CountDownLatch sawCancel = new CountDownLatch(1);
        AtomicBoolean cancel = new AtomicBoolean();
        AtomicBoolean laterRan = new AtomicBoolean();
        MetricCalculator slow = Fakes.calculator("slow", TX, 200, ctx -> {
            cancel.set(true);
            while (!ctx.cancelled()) {
                Thread.onSpinWait();
            }
            sawCancel.countDown();
            return List.of();
        });
        Fakes.add(engine, slow, "m", "1");
        Fakes.add(engine, Fakes.calculator("later", TX, 300, ctx -> {
            laterRan.set(true);
            return List.of();
        }), "m", "1");
        // the default budget of 60 s per metric: the cancel, not the budget, ends "slow"
        RunResult r = engine.run(Fakes.job(Map.of()), MAY, out, new ProgressListener() {
            @Override
            public boolean cancelled() {
                return cancel.get();
            }
        });
        assertThat(r.status()).isEqualTo(RunStatus.FAILURE);
        assertThat(r.messages()).containsExactly("aborted");
        assertThat(r.failedSections()).containsExactly("slow");
        assertThat(laterRan).isFalse();
        sawCancel.await();
    }
}
