package io.klarsyn.webui.internal;

import java.time.DayOfWeek;
import java.time.Month;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's schedule in words of the UI's language, read from the Quartz expression the jobs bundle
 * made of it ({@code H} already resolved): {@code 0 41 6 3 * ?} in Europe/Oslo is "the 3rd of every
 * month at 06:41, Europe/Oslo", "den 3. hver måned kl. 06:41, Europe/Oslo", "den 3:e varje månad
 * kl. 06:41, Europe/Oslo". What it cannot say in words it shows as the expression.
 */
final class ScheduleWords {

    private ScheduleWords() {
    }

    static String describe(String quartzCron, ZoneId zone, Texts t) {
        String words = words(quartzCron, t);
        return (words == null ? t.get("schedule.cron", quartzCron) : words) + ", " + zone.getId();
    }

    private static String words(String cron, Texts t) {
        if (cron == null) {
            return null;
        }
        String[] f = cron.trim().split("\\s+");
        if (f.length < 6 || !f[0].equals("0")) {
            return null;
        }
        List<Integer> minutes = numbers(f[1]);
        List<Integer> hours = numbers(f[2]);
        List<Integer> days = numbers(f[3]);
        List<Integer> months = numbers(f[4]);
        List<Integer> weekdays = numbers(f[5]);
        if (minutes == null || minutes.isEmpty() || minutes.size() > 4) {
            return null;
        }
        String at;
        if (f[2].equals("*")) {
            if (minutes.size() != 1 || !f[3].equals("*") && !f[3].equals("?") || !f[5].equals("*") && !f[5].equals("?")
                    || !f[4].equals("*")) {
                return null;
            }
            return t.get("schedule.hourly", minutes.get(0));
        }
        if (hours == null || hours.isEmpty() || hours.size() * minutes.size() > 6) {
            return null;
        }
        List<String> times = new ArrayList<>();
        for (int h : hours) {
            for (int m : minutes) {
                times.add(String.format("%02d:%02d", h, m));
            }
        }
        at = join(times, t);
        boolean everyMonth = f[4].equals("*");
        if (!everyMonth && (months == null || months.isEmpty())) {
            return null;
        }
        String monthNames = everyMonth ? null
                : join(months.stream().map(m -> Month.of(m).getDisplayName(TextStyle.FULL_STANDALONE, t.locale())).toList(), t);
        if ((f[3].equals("*") || f[3].equals("?")) && (f[5].equals("*") || f[5].equals("?"))) {
            return everyMonth ? t.get("schedule.daily", at) : t.get("schedule.dailyIn", at, monthNames);
        }
        if (!f[3].equals("?") && !f[3].equals("*")) {
            if (days == null || days.isEmpty()) {
                return null;
            }
            String ordinals = join(days.stream().map(d -> ordinal(d, t.lang())).toList(), t);
            return everyMonth ? t.get("schedule.monthly", ordinals, at) : t.get("schedule.yearly", ordinals, monthNames, at);
        }
        if (weekdays == null || weekdays.isEmpty()) {
            return null;
        }
        String dayNames = join(weekdays.stream()
                .map(q -> DayOfWeek.of(q == 1 ? 7 : q - 1).getDisplayName(TextStyle.FULL, t.locale())).toList(), t);
        return everyMonth ? t.get("schedule.weekly", dayNames, at) : t.get("schedule.weeklyIn", dayNames, at, monthNames);
    }

    /** @return the numbers of a comma list, empty for {@code *} or {@code ?}, null for anything else */
    private static List<Integer> numbers(String field) {
        if (field.equals("*") || field.equals("?")) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (String s : field.split(",")) {
            if (!s.matches("\\d{1,2}")) {
                return null;
            }
            out.add(Integer.parseInt(s));
        }
        return out;
    }

    /** 1st, 2nd, 3rd, 11th / 1., 2. / 1:a, 2:a, 3:e, 21:a */
    static String ordinal(int n, String lang) {
        return switch (lang) {
            case "nb" -> n + ".";
            case "sv" -> n + ((n % 10 == 1 || n % 10 == 2) && n % 100 != 11 && n % 100 != 12 ? ":a" : ":e");
            default -> n + (n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
                case 1 -> "st";
                case 2 -> "nd";
                case 3 -> "rd";
                default -> "th";
            });
        };
    }

    /** a, b and c / a, b og c / a, b och c */
    static String join(List<String> items, Texts t) {
        if (items.size() <= 1) {
            return items.isEmpty() ? "" : items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " " + t.get("and") + " " + items.get(items.size() - 1);
    }
}
