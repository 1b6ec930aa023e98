package io.klarsyn.scheduler.internal;

import java.text.ParseException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

import org.quartz.CronExpression;

/** Fire times of a Quartz cron expression in a time zone, and the period a fire reports. */
final class FireTimes {

    private final CronExpression expression;
    private final ZoneId zone;

    FireTimes(String cron, ZoneId zone) {
        try {
            this.expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("cron '" + cron + "': " + e.getMessage(), e);
        }
        this.expression.setTimeZone(TimeZone.getTimeZone(zone));
        this.zone = zone;
    }

    /** @return the first fire time strictly after {@code after}, or null when there is none */
    Instant after(Instant after) {
        Date next = expression.getNextValidTimeAfter(Date.from(after));
        return next == null ? null : next.toInstant();
    }

    /** @return the next {@code count} fire times after {@code after}, in the zone */
    List<ZonedDateTime> next(Instant after, int count) {
        List<ZonedDateTime> out = new ArrayList<>();
        Instant at = after;
        while (out.size() < count && (at = after(at)) != null) {
            out.add(at.atZone(zone));
        }
        return out;
    }

    /** @return the month a fire at {@code fire} reports: the calendar month before it, in the zone */
    YearMonth period(Instant fire) {
        return YearMonth.from(fire.atZone(zone)).minusMonths(1);
    }

    /** @return the first instant of the calendar month after the one holding {@code fire}, in the zone */
    Instant nextMonth(Instant fire) {
        return YearMonth.from(fire.atZone(zone)).plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    }
}
