package io.klarsyn.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.run.PluginInfo;
import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.api.run.ReportEngine;
import io.klarsyn.api.run.RunResult;
import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.JobListener;
import io.klarsyn.api.settings.SettingDescriptor;

class FolderJobRegistryTest {

    /** An engine that knows the connectors in {@link #connectors}. */
    static final class FakeEngine implements ReportEngine {
        final List<String> connectors = new ArrayList<>(List.of("csv"));
        /** What {@link #changes()} answers: -1 (cannot count) unless a test counts. */
        volatile long changes = -1;

        @Override
        public long changes() {
            return changes;
        }

        @Override
        public RunResult run(JobSpec job, YearMonth period, Path outDir, ProgressListener progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void check(JobSpec job) {
            if (!connectors.contains(job.connector())) {
                throw new IllegalArgumentException("unknown connector '" + job.connector() + "'");
            }
        }

        @Override
        public List<PluginInfo> plugins() {
            return connectors.stream().map(c -> new PluginInfo("connector", c, c, "b", "1", List.of())).toList();
        }

        @Override
        public List<SettingDescriptor> settings() {
            return List.of();
        }
    }

    record Event(String name, boolean present, boolean valid, String problem) {
    }

    @TempDir
    Path jobs;
    final FakeEngine engine = new FakeEngine();
    final List<Event> events = new CopyOnWriteArrayList<>();
    final JobListener listener = (name, now) -> events.add(
            new Event(name, now != null, now != null && now.valid(), now == null ? null : now.problem()));
    FolderJobRegistry registry;

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.stop();
        }
    }

    private void write(String name, String json, long secondsSinceEpoch) throws Exception {
        Path f = jobs.resolve(name + ".json");
        Files.writeString(f, json);
        Files.setLastModifiedTime(f, FileTime.from(Instant.ofEpochSecond(secondsSinceEpoch)));
    }

    @Test
    void filesAddedChangedAndRemovedAreSeenAtTheNextPoll() throws Exception {
        write("a", "{\"schedule\": \"@monthly\"}", 1000);
        write("broken", "{\"locale\": ", 1000);
        registry = new FolderJobRegistry(jobs, engine, false);
        registry.addListener(listener);
        registry.awaitIdle();
        registry.poll();

        assertThat(registry.jobs()).extracting(JobEntry::name).containsExactly("a", "broken");
        assertThat(registry.job("a").orElseThrow().valid()).isTrue();
        JobEntry broken = registry.job("broken").orElseThrow();
        assertThat(broken.valid()).isFalse();
        assertThat(broken.definition()).isNull();
        assertThat(broken.problem()).startsWith("broken.json, line 1, column ");
        events.clear();

        registry.poll();
        assertThat(events).as("nothing changed, nobody told").isEmpty();

        write("a", "{\"schedule\": \"@weekly\"}", 2000);
        write("b", "{}", 2000);
        Files.delete(jobs.resolve("broken.json"));
        registry.poll();
        assertThat(events).containsExactlyInAnyOrder(new Event("a", true, true, null), new Event("b", true, true, null),
                new Event("broken", false, false, null));
        assertThat(registry.job("a").orElseThrow().definition().schedule()).isEqualTo("@weekly");
        assertThat(registry.job("broken")).isEmpty();
    }

    @Test
    void aListenerThatComesLaterHearsOfEveryJobFirst() throws Exception {
        write("a", "{}", 1000);
        write("b", "{\"timeZone\": \"Mars/Olympus\"}", 1000);
        registry = new FolderJobRegistry(jobs, engine, false);
        registry.addListener(listener);
        registry.awaitIdle();
        registry.poll();
        assertThat(events).extracting(Event::name).containsExactly("a", "b");
        assertThat(events.get(1).problem()).contains("timeZone 'Mars/Olympus' is not a known time zone");
    }

    @Test
    void aJobIsNotStuckInvalidWhenItsConnectorArrivesLate() throws Exception {
        write("ledger", "{\"connector\": \"jdbc\"}", 1000);
        registry = new FolderJobRegistry(jobs, engine, false);
        registry.addListener(listener);
        registry.awaitIdle();
        registry.poll();
        JobEntry before = registry.job("ledger").orElseThrow();
        assertThat(before.valid()).isFalse();
        assertThat(before.problem()).isEqualTo("ledger.json: unknown connector 'jdbc'");
        assertThat(before.definition()).as("kept, to show its schedule and client").isNotNull();
        events.clear();

        engine.connectors.add("jdbc");
        registry.poll();
        assertThat(events).containsExactly(new Event("ledger", true, true, null));
        assertThat(registry.job("ledger").orElseThrow().valid()).isTrue();

        engine.connectors.remove("jdbc");
        assertThat(registry.job("ledger").orElseThrow().valid()).as("re-checked on access").isFalse();
    }

    /**
     * {@link FolderJobRegistry#jobChanges()}: grows with each job added, edited or removed, and with a job's validity
     * that the engine's plugins change (seen when asked, with an engine that counts its plugin changes); stays
     * while nothing changed, also across polls that check an engine-refused job again.
     */
    @Test
    void theCountOfChangesGrowsWithEachJobChangedAndEachValidityThePluginsChange() throws Exception {
        engine.changes = 0;
        write("a", "{}", 1000);
        write("ledger", "{\"connector\": \"jdbc\"}", 1000);
        registry = new FolderJobRegistry(jobs, engine, false);
        long start = registry.jobChanges();
        registry.poll();
        registry.poll();
        assertThat(registry.jobChanges()).as("nothing changed").isEqualTo(start);

        write("a", "{\"schedule\": \"@weekly\"}", 2000);
        registry.poll();
        long edited = registry.jobChanges();
        assertThat(edited).isGreaterThan(start);

        engine.connectors.add("jdbc");
        engine.changes++;
        long arrived = registry.jobChanges();
        assertThat(arrived).as("re-checked when asked").isGreaterThan(edited);
        assertThat(registry.job("ledger").orElseThrow().valid()).isTrue();

        engine.connectors.add("other");
        engine.changes++;
        assertThat(registry.jobChanges()).as("no job's entry changed").isEqualTo(arrived);

        Files.delete(jobs.resolve("a.json"));
        registry.poll();
        assertThat(registry.jobChanges()).isGreaterThan(arrived);
    }

    @Test
    void anUnchangedStampButNewContentIsStillSeenWhenTheSizeDiffers() throws Exception {
        write("a", "{}", 1000);
        registry = new FolderJobRegistry(jobs, engine, false);
        registry.addListener(listener);
        registry.awaitIdle();
        registry.poll();
        events.clear();
        write("a", "{\"currency\": \"XYZ\"}", 1000);
        registry.poll();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).problem()).contains("currency 'XYZ'");
    }
}
