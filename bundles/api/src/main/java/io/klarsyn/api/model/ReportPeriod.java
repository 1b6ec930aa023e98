package io.klarsyn.api.model;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The calendar month a report is for, in the job's time zone.
 *
 * <p>As-of semantics: a report uses only data dated on or before {@link #lastDay()}, and compares
 * with {@link #previous()} and {@link #sameMonthLastYear()}. Re-running an old period gives the same
 * numbers.
 *
 * @param month the reported month, never {@code null}
 * @param zone the job's time zone, used to turn timestamps into days; never {@code null}
 */
public record ReportPeriod(YearMonth month, ZoneId zone) {

    public ReportPeriod {
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(zone, "zone");
    }

    /** @return the period for {@code YYYY-MM} in {@code Europe/Oslo} */
    public static ReportPeriod parse(String yyyyMm) {
        return new ReportPeriod(YearMonth.parse(yyyyMm), ZoneId.of("Europe/Oslo"));
    }

    /** @return the first day of the month */
    public LocalDate firstDay() {
        return month.atDay(1);
    }

    /** @return the last day of the month: the as-of date */
    public LocalDate lastDay() {
        return month.atEndOfMonth();
    }

    /** @return the month before */
    public ReportPeriod previous() {
        return new ReportPeriod(month.minusMonths(1), zone);
    }

    /** @return the same month one year earlier */
    public ReportPeriod sameMonthLastYear() {
        return new ReportPeriod(month.minusYears(1), zone);
    }

    /** @return the period {@code months} months earlier (negative = later) */
    public ReportPeriod minusMonths(int months) {
        return new ReportPeriod(month.minusMonths(months), zone);
    }

    @Override
    public String toString() {
        return month.toString();
    }
}
