package io.klarsyn.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.TriggerKey;

import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.JobRegistry;
import io.klarsyn.api.server.RunQueue;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.ServerHome;
import io.klarsyn.api.server.Trigger;
import io.klarsyn.database.internal.JdbcServerSchema;

class QuartzJobSchedulerTest {

    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

    /** What the queue was asked: job, period, trigger. */
    record Submission(String job, YearMonth period, Trigger trigger) {
    }

    static final class FakeQueue implements RunQueue {
        final BlockingQueue<Submission> scheduled = new LinkedBlockingQueue<>();

        @Override
        public RunRecord submit(String job, YearMonth period, Trigger trigger) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<RunRecord> submitScheduled(String job, YearMonth period, Trigger trigger) {
            scheduled.add(new Submission(job, period, trigger));
            return Optional.empty();
        }

        @Override
        public boolean abort(long id) {
            return false;
        }

        @Override
        public String log(long id, long offset) {
            return "";
        }
    }

    static final class FakeRegistry implements JobRegistry {
        final Map<String, JobEntry> jobs = new ConcurrentHashMap<>();

        @Override
        public List<JobEntry> jobs() {
            return List.copyOf(jobs.values());
        }

        @Override
        public Optional<JobEntry> job(String name) {
            return Optional.ofNullable(jobs.get(name));
        }
    }

    @TempDir
    Path home;
    final SettableClock clock = new SettableClock("2026-01-10T12:00:00Z");
    final FakeQueue queue = new FakeQueue();
    final FakeRegistry registry = new FakeRegistry();
    JdbcConnectionPool db;
    QuartzJobScheduler scheduler;

    final ServerHome server = new ServerHome() {
        @Override
        public Path home() {
            return home;
        }

        @Override
        public String databaseUrl() {
            return "jdbc:h2:file:" + home.resolve("db/klarsyn").toAbsolutePath();
        }

        @Override
        public int concurrency() {
            return 1;
        }

        @Override
        public long runTimeoutSeconds() {
            return 60;
        }

        @Override
        public Clock clock() {
            return clock;
        }
    };

    @BeforeEach
    void database() {
        // A pool, as the database bundle registers: a plain H2 DataSource opens the file anew for each connection.
        db = JdbcConnectionPool.create(server.databaseUrl(), "", "");
    }

    @AfterEach
    void stop() throws Exception {
        if (scheduler != null) {
            scheduler.stop();
        }
        db.dispose();
    }

    private static JobEntry job(String name, String schedule, String cron) {
        return new JobEntry(name, Path.of(name + ".json"), new JobDefinition(
                new JobSpec(name, "csv", Locale.forLanguageTag("nb-NO"), "NOK", OSLO, null, Map.of()), schedule, cron, List.of()),
                null);
    }

    private static JobEntry invalid(String name) {
        return new JobEntry(name, Path.of(name + ".json"), null, name + ".json, line 1, column 2: bad");
    }

    private QuartzJobScheduler start() throws Exception {
        scheduler = new QuartzJobScheduler(server, registry, queue, db, new JdbcServerSchema(db), null);
        return scheduler;
    }

    private void restart() throws Exception {
        scheduler.stop();
        scheduler = null;
        start();
    }

    @Test
    void eachValidJobGetsACronTriggerInItsZone() throws Exception {
        registry.jobs.put("nordlys", job("nordlys", "41 6 3 * *", "0 41 6 3 * ?"));
        registry.jobs.put("broken", invalid("broken"));
        start();

        CronTrigger t = (CronTrigger) scheduler.quartz().getTrigger(TriggerKey.triggerKey("nordlys", QuartzJobScheduler.GROUP));
        assertThat(t.getCronExpression()).isEqualTo("0 41 6 3 * ?");
        assertThat(t.getTimeZone().getID()).isEqualTo("Europe/Oslo");
        assertThat(t.getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING);
        assertThat(scheduler.quartz().checkExists(JobKey.jobKey("broken", QuartzJobScheduler.GROUP))).isFalse();
        // From 2026-01-10: Feb 3 and Mar 3 at 06:41 CET (UTC+1), Apr 3 at 06:41 CEST (UTC+2).
        assertThat(scheduler.nextRuns("nordlys", 3)).extracting(ZonedDateTime::toInstant).containsExactly(
                Instant.parse("2026-02-03T05:41:00Z"), Instant.parse("2026-03-03T05:41:00Z"), Instant.parse("2026-04-03T04:41:00Z"));
        assertThat(scheduler.nextRuns("nordlys", 1).get(0).getZone()).isEqualTo(OSLO);
        assertThat(scheduler.nextRuns("broken", 3)).isEmpty();
        assertThat(scheduler.nextRuns("nobody", 3)).isEmpty();
        try (Connection c = db.getConnection(); ResultSet r = c.getMetaData().getTables(null, null, "QRTZ_CRON_TRIGGERS", null)) {
            assertThat(r.next()).isTrue();
        }
    }

    @Test
    void changedInvalidAndRemovedJobsUpdateTheirTriggers() throws Exception {
        registry.jobs.put("nordlys", job("nordlys", "41 6 3 * *", "0 41 6 3 * ?"));
        start();
        TriggerKey key = TriggerKey.triggerKey("nordlys", QuartzJobScheduler.GROUP);

        JobEntry weekly = job("nordlys", "0 7 * * 1", "0 0 7 ? * 2");
        registry.jobs.put("nordlys", weekly);
        scheduler.jobChanged("nordlys", weekly);
        assertThat(((CronTrigger) scheduler.quartz().getTrigger(key)).getCronExpression()).isEqualTo("0 0 7 ? * 2");

        scheduler.jobChanged("nordlys", invalid("nordlys"));
        assertThat(scheduler.quartz().getTrigger(key)).isNull();

        scheduler.jobChanged("nordlys", weekly);
        assertThat(scheduler.quartz().getTrigger(key)).isNotNull();

        registry.jobs.remove("nordlys");
        scheduler.jobChanged("nordlys", null);
        assertThat(scheduler.quartz().checkExists(JobKey.jobKey("nordlys", QuartzJobScheduler.GROUP))).isFalse();
        assertThat(queue.scheduled).isEmpty();
    }

    @Test
    void restartCatchesUpMissedPeriodsOnceAndDropsJobsThatAreGone() throws Exception {
        registry.jobs.put("nordlys", job("nordlys", "41 6 3 * *", "0 41 6 3 * ?"));
        registry.jobs.put("old", job("old", "41 6 3 * *", "0 41 6 3 * ?"));
        start();
        assertThat(queue.scheduled).isEmpty();

        // Down from 2026-01-10 to 2026-04-10: fires missed on Feb 3, Mar 3, Apr 3.
        registry.jobs.remove("old");
        clock.set("2026-04-10T12:00:00Z");
        restart();
        assertThat(queue.scheduled).containsExactly(new Submission("nordlys", YearMonth.of(2026, 1), Trigger.CATCH_UP),
                new Submission("nordlys", YearMonth.of(2026, 2), Trigger.CATCH_UP),
                new Submission("nordlys", YearMonth.of(2026, 3), Trigger.CATCH_UP));
        assertThat(scheduler.quartz().checkExists(JobKey.jobKey("old", QuartzJobScheduler.GROUP))).isFalse();

        queue.scheduled.clear();
        restart();
        restart();
        assertThat(queue.scheduled).isEmpty();
    }

    @Test
    void aQuartzFireQueuesThePreviousMonthOfItsScheduledTime() throws Exception {
        registry.jobs.put("nordlys", job("nordlys", "41 6 3 * *", "0 41 6 3 * ?"));
        start();
        // Feb 3, 06:41 CET = 05:41Z reports January.
        scheduler.fired("nordlys", Instant.parse("2026-02-03T05:41:00Z"));
        assertThat(queue.scheduled.poll()).isEqualTo(new Submission("nordlys", YearMonth.of(2026, 1), Trigger.SCHEDULE));
        clock.set("2026-02-20T00:00:00Z");
        restart();
        assertThat(queue.scheduled).as("the fire moved scheduled_through on: nothing to catch up").isEmpty();
    }

    @Test
    void quartzRunsOurJobThroughItsJobFactory() throws Exception {
        registry.jobs.put("nordlys", job("nordlys", "41 6 3 * *", "0 41 6 3 * ?"));
        start();
        Instant before = Instant.now();
        scheduler.quartz().triggerJob(JobKey.jobKey("nordlys", QuartzJobScheduler.GROUP));
        Submission s = queue.scheduled.poll(30, TimeUnit.SECONDS);
        Instant after = Instant.now();
        assertThat(s).isNotNull();
        assertThat(s.job()).isEqualTo("nordlys");
        assertThat(s.trigger()).isEqualTo(Trigger.SCHEDULE);
        // A manual Quartz trigger's scheduled time is the moment it fired, so the period is the
        // month before that moment in Oslo.
        assertThat(s.period()).isIn(YearMonth.from(before.atZone(OSLO)).minusMonths(1), YearMonth.from(after.atZone(OSLO)).minusMonths(1));
    }
}
