package io.klarsyn.jobs.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.quartz.CronExpression;

/**
 * Jenkins-style schedules translated into Quartz cron expressions.
 *
 * <p>A schedule is five fields, {@code minute hour day-of-month month day-of-week}, or one of the
 * aliases {@code @yearly @annually @monthly @weekly @daily @midnight @hourly}. Each field holds a
 * comma-separated list of {@code *}, {@code N}, {@code A-B}, {@code * / S}, {@code A-B/S}, {@code A/S},
 * {@code H}, {@code H(A-B)}, {@code H/S} or {@code H(A-B)/S}. Day of week is 0–7 (0 and 7 are
 * Sunday); months and days of week may also be named ({@code JAN}, {@code MON}).
 *
 * <p>{@code H} is a value derived from the job's name: the first eight bytes of SHA-1 over the
 * name, the field's position and the item's position in the field, modulo the size of the range.
 * It is stable across restarts, machines and JVM versions (unlike {@code String.hashCode}), and it
 * differs per field so that jobs spread over the hours and days. The values are not the ones
 * Jenkins would pick for the same name. Ranges for {@code H}: minute 0–59, hour 0–23 without 02,
 * day of month 1–28 (every month has it), month 1–12, day of week 0–6. Hours never land on 02:xx
 * where avoidable: on the spring daylight-saving day 02:xx does not exist in most European zones
 * and the fire would be skipped.
 *
 * <p>Cron fires when either the day of month or the day of week matches if both are restricted;
 * Quartz cannot express that, so such schedules are rejected.
 */
public final class Schedules {

    /** The schedule of a job file without one: monthly, 05:00–07:59 on day 1–3, so the month's data is in. */
    public static final String DEFAULT = "H H(5-7) H(1-3) * *";

    private static final Map<String, String> ALIASES = Map.of(
            "@yearly", "H H H H *",
            "@annually", "H H H H *",
            "@monthly", "H H H * *",
            "@weekly", "H H * * H",
            "@daily", "H H * * *",
            "@midnight", "H H(0-2) * * *",
            "@hourly", "H * * * *");

    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private enum Field {
        MINUTE("minute", "1st", 0, 59, 0, 59, null, 0),
        HOUR("hour", "2nd", 0, 23, 0, 23, null, 0),
        DAY_OF_MONTH("day of month", "3rd", 1, 31, 1, 28, null, 0),
        MONTH("month", "4th", 1, 12, 1, 12, MONTHS, 1),
        DAY_OF_WEEK("day of week", "5th", 0, 7, 0, 6, DAYS, 0);

        final String title;
        final String ordinal;
        final int min;
        final int max;
        final int hashMin;
        final int hashMax;
        final String[] names;
        final int firstName;

        Field(String title, String ordinal, int min, int max, int hashMin, int hashMax, String[] names, int firstName) {
            this.title = title;
            this.ordinal = ordinal;
            this.min = min;
            this.max = max;
            this.hashMin = hashMin;
            this.hashMax = hashMax;
            this.names = names;
            this.firstName = firstName;
        }
    }

    private Schedules() {
    }

    /**
     * Translates a schedule into a Quartz cron expression with {@code H} resolved for a job.
     *
     * @param schedule five Jenkins cron fields or an alias; {@code null} or blank for {@link #DEFAULT}
     * @param job the job's name, the seed of {@code H}
     * @return a Quartz cron expression: seconds, minutes, hours, day of month, month, day of week
     * @throws IllegalArgumentException naming the schedule, the field and why, e.g.
     *         {@code schedule 'x': field 'hour' (2nd): 25 is outside 0-23}
     */
    public static String toQuartz(String schedule, String job) {
        String written = schedule == null || schedule.isBlank() ? DEFAULT : schedule.trim();
        String expanded = written.startsWith("@") ? ALIASES.get(written.toLowerCase(Locale.ROOT)) : written;
        if (expanded == null) {
            throw new IllegalArgumentException("schedule '" + written + "': unknown alias; use one of "
                    + "@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly");
        }
        String[] parts = expanded.split("\\s+");
        if (parts.length != 5) {
            throw new IllegalArgumentException("schedule '" + written + "': " + parts.length
                    + " fields; a schedule has 5: minute hour day-of-month month day-of-week (e.g. 'H 6 1 * *'), or an alias like @monthly");
        }
        Field[] fields = Field.values();
        List<TreeSet<Integer>> sets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            try {
                sets.add(parseField(fields[i], parts[i], job));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("schedule '" + written + "': field '" + fields[i].title + "' ("
                        + fields[i].ordinal + "): " + e.getMessage(), e);
            }
        }
        boolean domRestricted = !parts[2].equals("*");
        boolean dowRestricted = !parts[4].equals("*");
        if (domRestricted && dowRestricted) {
            throw new IllegalArgumentException("schedule '" + written + "': day of month (3rd) and day of week (5th) are both set;"
                    + " cron would fire when either matches, which the scheduler cannot express: make one of them '*'");
        }
        String dom = dowRestricted ? "?" : list(sets.get(2), Field.DAY_OF_MONTH, 0);
        String dow = dowRestricted ? list(sets.get(4), Field.DAY_OF_WEEK, 1) : "?";
        String cron = "0 " + list(sets.get(0), Field.MINUTE, 0) + " " + list(sets.get(1), Field.HOUR, 0) + " " + dom + " "
                + list(sets.get(3), Field.MONTH, 0) + " " + dow;
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("schedule '" + written + "': " + e.getMessage(), e);
        }
        expression.setTimeZone(TimeZone.getTimeZone("UTC"));
        if (expression.getNextValidTimeAfter(Date.from(Instant.parse("2000-01-01T00:00:00Z"))) == null) {
            throw new IllegalArgumentException("schedule '" + written + "' never fires: none of its months has that day");
        }
        return cron;
    }

    /**
     * @param cron a Quartz cron expression, as {@link #toQuartz} makes
     * @param zone the time zone it is read in
     * @param after fire times strictly after this instant
     * @param count how many
     * @return the next fire times in {@code zone}, fewer when the expression ends
     */
    public static List<ZonedDateTime> nextRuns(String cron, ZoneId zone, Instant after, int count) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("cron '" + cron + "': " + e.getMessage(), e);
        }
        expression.setTimeZone(TimeZone.getTimeZone(zone));
        List<ZonedDateTime> out = new ArrayList<>();
        Date at = Date.from(after);
        while (out.size() < count) {
            at = expression.getNextValidTimeAfter(at);
            if (at == null) {
                break;
            }
            out.add(at.toInstant().atZone(zone));
        }
        return out;
    }

    private static TreeSet<Integer> parseField(Field field, String text, String job) {
        TreeSet<Integer> values = new TreeSet<>();
        String[] items = text.split(",", -1);
        for (int i = 0; i < items.length; i++) {
            parseItem(field, items[i], job, i, values);
        }
        if (field == Field.DAY_OF_WEEK && values.remove(7)) {
            values.add(0);
        }
        return values;
    }

    private static void parseItem(Field field, String item, String job, int index, TreeSet<Integer> out) {
        if (item.isEmpty()) {
            throw new IllegalArgumentException("an empty item (two commas in a row, or one at an end)");
        }
        String base = item;
        Integer step = null;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            base = item.substring(0, slash);
            String s = item.substring(slash + 1);
            if (!s.matches("\\d{1,4}") || Integer.parseInt(s) == 0) {
                throw new IllegalArgumentException("step '" + s + "' in '" + item + "' is not a whole number of at least 1");
            }
            step = Integer.parseInt(s);
        }
        if (base.equals("H") || base.startsWith("H(")) {
            int lo = field.hashMin;
            int hi = field.hashMax;
            if (base.startsWith("H(")) {
                if (!base.endsWith(")")) {
                    throw new IllegalArgumentException("'" + item + "' is not H(a-b)");
                }
                int[] range = range(field, base.substring(2, base.length() - 1), item);
                lo = range[0];
                hi = range[1];
            }
            long hash = hash(job, field, index);
            if (step == null) {
                List<Integer> candidates = new ArrayList<>();
                for (int v = lo; v <= hi; v++) {
                    if (field != Field.HOUR || v != 2) {
                        candidates.add(v);
                    }
                }
                if (candidates.isEmpty()) {
                    throw new IllegalArgumentException("'" + item + "' leaves only 02, which the spring daylight-saving change skips; choose another hour");
                }
                out.add(candidates.get((int) Math.floorMod(hash, (long) candidates.size())));
            } else {
                List<Integer> offsets = new ArrayList<>();
                for (int o = 0; o < step && lo + o <= hi; o++) {
                    if (field != Field.HOUR || !steps(lo + o, hi, step).contains(2)) {
                        offsets.add(o);
                    }
                }
                if (offsets.isEmpty()) {
                    for (int o = 0; o < step && lo + o <= hi; o++) {
                        offsets.add(o);
                    }
                }
                out.addAll(steps(lo + offsets.get((int) Math.floorMod(hash, (long) offsets.size())), hi, step));
            }
            return;
        }
        int lo;
        int hi;
        if (base.equals("*")) {
            lo = field.min;
            hi = field == Field.DAY_OF_WEEK ? 6 : field.max;
        } else if (base.contains("-")) {
            int[] range = range(field, base, item);
            lo = range[0];
            hi = range[1];
        } else {
            lo = value(field, base);
            hi = step == null ? lo : field.max;
        }
        out.addAll(steps(lo, hi, step == null ? 1 : step));
    }

    private static List<Integer> steps(int from, int to, int step) {
        List<Integer> values = new ArrayList<>();
        for (int v = from; v <= to; v += step) {
            values.add(v);
        }
        return values;
    }

    private static int[] range(Field field, String text, String item) {
        String[] ends = text.split("-", -1);
        if (ends.length != 2) {
            throw new IllegalArgumentException("'" + item + "' is not a range a-b");
        }
        int lo = value(field, ends[0]);
        int hi = value(field, ends[1]);
        if (lo > hi) {
            throw new IllegalArgumentException("range " + ends[0] + "-" + ends[1] + " in '" + item + "' runs backwards");
        }
        return new int[] {lo, hi};
    }

    private static int value(Field field, String text) {
        if (field.names != null) {
            for (int i = 0; i < field.names.length; i++) {
                if (field.names[i].equalsIgnoreCase(text)) {
                    return i + field.firstName;
                }
            }
        }
        if (!text.matches("\\d{1,4}")) {
            throw new IllegalArgumentException("'" + text + "' is not a number" + (field.names == null ? ""
                    : " or one of " + String.join(", ", field.names)));
        }
        int v = Integer.parseInt(text);
        if (v < field.min || v > field.max) {
            throw new IllegalArgumentException(v + " is outside " + field.min + "-" + field.max);
        }
        return v;
    }

    private static String list(TreeSet<Integer> values, Field field, int shift) {
        int full = (field == Field.DAY_OF_WEEK ? 6 : field.max) - field.min + 1;
        if (values.size() == full) {
            return "*";
        }
        return values.stream().map(v -> Integer.toString(v + shift)).collect(Collectors.joining(","));
    }

    private static long hash(String job, Field field, int item) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(
                    (job + "\u0000" + field.ordinal() + "\u0000" + item).getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
