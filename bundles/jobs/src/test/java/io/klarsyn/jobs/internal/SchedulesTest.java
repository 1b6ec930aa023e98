package io.klarsyn.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class SchedulesTest {

    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

    private static List<Integer> ints(String quartzField) {
        return Arrays.stream(quartzField.split(",")).map(Integer::valueOf).collect(Collectors.toList());
    }

    @Test
    void hIsStablePerNameAndSpreadsOverNames() {
        assertThat(Schedules.toQuartz("H H H * *", "nordlys-energi")).isEqualTo(Schedules.toQuartz("H H H * *", "nordlys-energi"));
        Set<String> minutes = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            minutes.add(Schedules.toQuartz("H 6 1 * *", "client-" + i).split(" ")[1]);
        }
        // 200 names into 60 minutes: a hash that spreads at all hits far more than a handful.
        assertThat(minutes.size()).isGreaterThan(40);
    }

    @Test
    void pinnedValuesDoNotMoveBetweenReleases() {
        // Recorded from this implementation (SHA-1 of name, field, item): a change here moves
        // every installed job's schedule, so it must be deliberate.
        assertThat(Schedules.toQuartz(null, "nordlys-energi")).isEqualTo("0 42 5 3 * ?");
        assertThat(Schedules.toQuartz("@monthly", "nordlys-energi")).isEqualTo("0 42 7 10 * ?");
    }

    @Test
    void hStaysInEachFieldsRangeNeverAt02AndOnDays1To28() {
        for (int i = 0; i < 2000; i++) {
            String[] f = Schedules.toQuartz("H H H H *", "job-" + i).split(" ");
            assertThat(Integer.parseInt(f[1])).isBetween(0, 59);
            assertThat(Integer.parseInt(f[2])).isBetween(0, 23).isNotEqualTo(2);
            assertThat(Integer.parseInt(f[3])).isBetween(1, 28);
            assertThat(Integer.parseInt(f[4])).isBetween(1, 12);
            String[] w = Schedules.toQuartz("H H * * H", "job-" + i).split(" ");
            assertThat(w[3]).isEqualTo("?");
            assertThat(Integer.parseInt(w[5])).isBetween(1, 7);
            assertThat(Schedules.toQuartz("H H(0-3) * * *", "job-" + i).split(" ")[2]).isIn("0", "1", "3");
            assertThat(Schedules.toQuartz("@midnight", "job-" + i).split(" ")[2]).isIn("0", "1");
            String[] d = Schedules.toQuartz(Schedules.DEFAULT, "job-" + i).split(" ");
            assertThat(d[2]).isIn("5", "6", "7");
            assertThat(d[3]).isIn("1", "2", "3");
            assertThat(d[4]).isEqualTo("*");
            assertThat(d[5]).isEqualTo("?");
        }
    }

    @Test
    void hWithAStepStartsAtAnOffsetThenRepeats() {
        for (int i = 0; i < 100; i++) {
            List<Integer> m = ints(Schedules.toQuartz("H/15 * * * *", "job-" + i).split(" ")[1]);
            assertThat(m).hasSize(4);
            assertThat(m.get(0)).isBetween(0, 14);
            assertThat(m).containsExactly(m.get(0), m.get(0) + 15, m.get(0) + 30, m.get(0) + 45);
            // H/2 in hours: offset 0 gives 0,2,4,... (hits 02); only offset 1 avoids it.
            assertThat(Schedules.toQuartz("H H/2 * * *", "job-" + i).split(" ")[2]).isEqualTo("1,3,5,7,9,11,13,15,17,19,21,23");
            assertThat(ints(Schedules.toQuartz("H H/3 * * *", "job-" + i).split(" ")[2])).hasSize(8).doesNotContain(2);
            List<Integer> r = ints(Schedules.toQuartz("H(0-29)/10 H * * *", "job-" + i).split(" ")[1]);
            assertThat(r).hasSize(3);
            assertThat(r).containsExactly(r.get(0), r.get(0) + 10, r.get(0) + 20);
        }
    }

    @Test
    void plainCronTranslatesWithSecondsAndQuestionMark() {
        assertThat(Schedules.toQuartz("41 6 * * *", "a")).isEqualTo("0 41 6 * * ?");
        assertThat(Schedules.toQuartz("30 6 1 * *", "a")).isEqualTo("0 30 6 1 * ?");
        assertThat(Schedules.toQuartz("*/15 * * * *", "a")).isEqualTo("0 0,15,30,45 * * * ?");
        // cron days of week 1-5 (Mon-Fri) are Quartz's 2-6 (Quartz: 1 = Sunday).
        assertThat(Schedules.toQuartz("0 6 * * 1-5", "a")).isEqualTo("0 0 6 ? * 2,3,4,5,6");
        assertThat(Schedules.toQuartz("0 0 * * 0", "a")).isEqualTo("0 0 0 ? * 1");
        assertThat(Schedules.toQuartz("0 0 * * 7", "a")).isEqualTo("0 0 0 ? * 1");
        assertThat(Schedules.toQuartz("0 12 * JAN,jul MON", "a")).isEqualTo("0 0 12 ? 1,7 2");
        assertThat(Schedules.toQuartz("0 7 1-28/7 * *", "a")).isEqualTo("0 0 7 1,8,15,22 * ?");
    }

    @Test
    void errorsNameTheFieldAndWhy() {
        assertThatThrownBy(() -> Schedules.toQuartz("H 25 * * *", "a"))
                .hasMessage("schedule 'H 25 * * *': field 'hour' (2nd): 25 is outside 0-23");
        assertThatThrownBy(() -> Schedules.toQuartz("61 * * * *", "a"))
                .hasMessage("schedule '61 * * * *': field 'minute' (1st): 61 is outside 0-59");
        assertThatThrownBy(() -> Schedules.toQuartz("0 0 1 13 *", "a"))
                .hasMessage("schedule '0 0 1 13 *': field 'month' (4th): 13 is outside 1-12");
        assertThatThrownBy(() -> Schedules.toQuartz("H H 1-x * *", "a"))
                .hasMessage("schedule 'H H 1-x * *': field 'day of month' (3rd): 'x' is not a number");
        assertThatThrownBy(() -> Schedules.toQuartz("H H * * H/0", "a"))
                .hasMessageContaining("field 'day of week' (5th): step '0'");
        assertThatThrownBy(() -> Schedules.toQuartz("1 2 3", "a")).hasMessageContaining("3 fields; a schedule has 5");
        assertThatThrownBy(() -> Schedules.toQuartz("@often", "a")).hasMessageContaining("unknown alias");
        assertThatThrownBy(() -> Schedules.toQuartz("H H 31 2 *", "a")).hasMessageContaining("never fires");
        assertThatThrownBy(() -> Schedules.toQuartz("H H 1 * 1", "a")).hasMessageContaining("both set");
        assertThatThrownBy(() -> Schedules.toQuartz("H H(2-2) * * *", "a")).hasMessageContaining("leaves only 02");
    }

    @Test
    void aJobAt0641OsloFiresAtTheRightUtcTimesAcrossDaylightSaving() {
        String cron = Schedules.toQuartz("41 6 * * *", "a");
        // Europe/Oslo is UTC+1 (CET) in winter, UTC+2 (CEST) in summer; the clocks go forward on
        // the last Sunday of March (2026-03-29, 01:00Z) and back on the last Sunday of October
        // (2026-10-25, 01:00Z). 06:41 local is therefore 05:41Z in CET and 04:41Z in CEST.
        assertThat(Schedules.nextRuns(cron, OSLO, Instant.parse("2026-03-27T12:00:00Z"), 3))
                .extracting(ZonedDateTime::toInstant)
                .containsExactly(Instant.parse("2026-03-28T05:41:00Z"), Instant.parse("2026-03-29T04:41:00Z"),
                        Instant.parse("2026-03-30T04:41:00Z"));
        assertThat(Schedules.nextRuns(cron, OSLO, Instant.parse("2026-10-23T12:00:00Z"), 3))
                .extracting(ZonedDateTime::toInstant)
                .containsExactly(Instant.parse("2026-10-24T04:41:00Z"), Instant.parse("2026-10-25T05:41:00Z"),
                        Instant.parse("2026-10-26T05:41:00Z"));
        assertThat(Schedules.nextRuns(cron, OSLO, Instant.parse("2026-03-27T12:00:00Z"), 1).get(0).getZone()).isEqualTo(OSLO);
    }

    @Test
    void theDefaultScheduleRunsEarlyEachMonth() {
        // "0 42 5 3 * ?" (pinned above): 05:42 local on the 3rd; in winter CET = UTC+1.
        assertThat(Schedules.nextRuns(Schedules.toQuartz(null, "nordlys-energi"), OSLO, Instant.parse("2026-11-03T12:00:00Z"), 3))
                .extracting(ZonedDateTime::toInstant)
                .containsExactly(Instant.parse("2026-12-03T04:42:00Z"), Instant.parse("2027-01-03T04:42:00Z"),
                        Instant.parse("2027-02-03T04:42:00Z"));
    }

    @Test
    void aSpringForwardHourIsSkippedWhichIsWhyHAvoidsIt() {
        // 02:30 does not exist in Oslo on 2026-03-29 (02:00 CET jumps to 03:00 CEST): Quartz skips the day.
        assertThat(Schedules.nextRuns(Schedules.toQuartz("30 2 * * *", "a"), OSLO, Instant.parse("2026-03-28T12:00:00Z"), 1))
                .extracting(ZonedDateTime::toInstant).containsExactly(Instant.parse("2026-03-30T00:30:00Z"));
    }
}
