package io.klarsyn.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatchUpTest {

    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    /** 06:41 on the 3rd of each month. */
    private static final String THIRD_AT_0641 = "0 41 6 3 * ?";

    @TempDir
    Path dir;
    JdbcDataSource db;
    final SettableClock clock = new SettableClock("2026-01-10T12:00:00Z");
    final List<String> submitted = new ArrayList<>();

    @BeforeEach
    void database() {
        db = new JdbcDataSource();
        db.setURL("jdbc:h2:file:" + dir.resolve("server").toAbsolutePath());
    }

    /** A server start: a new CatchUp over the same database file. */
    private List<YearMonth> start(String job, String cron) throws Exception {
        CatchUp c = new CatchUp(db, clock);
        c.createTable();
        return c.catchUp(job, cron, OSLO, (j, p) -> submitted.add(j + " " + p));
    }

    @Test
    void aNewJobStartsNowWithoutHistory() throws Exception {
        assertThat(start("nordlys", THIRD_AT_0641)).isEmpty();
        assertThat(new CatchUp(db, clock).through("nordlys")).contains(Instant.parse("2026-01-10T12:00:00Z"));
        assertThat(submitted).isEmpty();
    }

    @Test
    void missedPeriodsRunOnceEachOldestFirstAndRestartsDoNotRepeatThem() throws Exception {
        start("nordlys", THIRD_AT_0641);
        // Down from 2026-01-10 to 2026-05-10: missed fires on Feb 3, Mar 3, Apr 3 and May 3, each
        // reporting the month before it.
        clock.set("2026-05-10T12:00:00Z");
        assertThat(start("nordlys", THIRD_AT_0641)).containsExactly(YearMonth.of(2026, 1), YearMonth.of(2026, 2),
                YearMonth.of(2026, 3), YearMonth.of(2026, 4));
        assertThat(start("nordlys", THIRD_AT_0641)).isEmpty();
        assertThat(start("nordlys", THIRD_AT_0641)).isEmpty();
        assertThat(submitted).containsExactly("nordlys 2026-01", "nordlys 2026-02", "nordlys 2026-03", "nordlys 2026-04");

        // June 3, 06:41 in Oslo is CEST (UTC+2): 04:41Z. One second before it nothing is due; at it, May is.
        clock.set("2026-06-03T04:40:59Z");
        assertThat(start("nordlys", THIRD_AT_0641)).isEmpty();
        clock.set("2026-06-03T04:41:00Z");
        assertThat(start("nordlys", THIRD_AT_0641)).containsExactly(YearMonth.of(2026, 5));
    }

    @Test
    void aFireThatRanIsNotCaughtUpAgain() throws Exception {
        start("nordlys", THIRD_AT_0641);
        CatchUp c = new CatchUp(db, clock);
        // Feb 3, 06:41 CET (UTC+1) = 05:41Z: the scheduled fire ran and advanced the job.
        c.advance("nordlys", Instant.parse("2026-02-03T05:41:00Z"));
        clock.set("2026-03-04T00:00:00Z");
        assertThat(start("nordlys", THIRD_AT_0641)).containsExactly(YearMonth.of(2026, 2));
        c.advance("nordlys", Instant.parse("2026-02-03T05:41:00Z"));
        assertThat(c.through("nordlys")).contains(Instant.parse("2026-03-04T00:00:00Z"));
    }

    @Test
    void thePeriodIsThePreviousMonthInTheJobsZone() throws Exception {
        clock.set("2026-01-15T00:00:00Z");
        start("midnight", "0 30 0 1 * ?");
        // 00:30 on Feb 1 in Oslo is 2026-01-31T23:30Z: still January in UTC, but the job's month is
        // February, so the period is January (in UTC it would have been December).
        clock.set("2026-02-01T00:00:00Z");
        assertThat(start("midnight", "0 30 0 1 * ?")).containsExactly(YearMonth.of(2026, 1));
    }

    @Test
    void manyFiresInOneMonthMakeOneRunOfItsPeriod() throws Exception {
        start("hourly", "0 0 * * * ?");
        // Hourly from Jan 10 to Mar 10: fires in January report December, in February January, in March February.
        clock.set("2026-03-10T12:00:00Z");
        assertThat(start("hourly", "0 0 * * * ?")).containsExactly(YearMonth.of(2025, 12), YearMonth.of(2026, 1),
                YearMonth.of(2026, 2));
    }

    @Test
    void aFailedSubmissionIsTriedAgainAtTheNextStart() throws Exception {
        start("nordlys", THIRD_AT_0641);
        clock.set("2026-04-10T12:00:00Z");
        CatchUp c = new CatchUp(db, clock);
        List<YearMonth> done = c.catchUp("nordlys", THIRD_AT_0641, OSLO, (j, p) -> {
            if (p.equals(YearMonth.of(2026, 2))) {
                throw new IllegalStateException("queue closed");
            }
            submitted.add(j + " " + p);
        });
        assertThat(done).containsExactly(YearMonth.of(2026, 1));
        assertThat(start("nordlys", THIRD_AT_0641)).containsExactly(YearMonth.of(2026, 2), YearMonth.of(2026, 3));
        assertThat(submitted).containsExactly("nordlys 2026-01", "nordlys 2026-02", "nordlys 2026-03");
    }

    @Test
    void aForgottenJobStartsAfresh() throws Exception {
        start("nordlys", THIRD_AT_0641);
        new CatchUp(db, clock).forget("nordlys");
        clock.set("2026-05-10T12:00:00Z");
        assertThat(start("nordlys", THIRD_AT_0641)).isEmpty();
    }
}
