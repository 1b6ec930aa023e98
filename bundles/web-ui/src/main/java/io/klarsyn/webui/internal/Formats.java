package io.klarsyn.webui.internal;

import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Numbers, periods, times and durations in the UI's language; one instance a request (not thread-safe). */
final class Formats {

    /**
     * The shipped metrics' headline figures by result id, and the rejected share, in the order the
     * pages show them. TODO(issue 16): the run record should carry each headline's title and unit,
     * so that the pages show whatever headlines the metrics declare.
     */
    static final java.util.List<String> HEADLINE = java.util.List.of("customers.active", "churn.monthly.rate",
            "cx.nps", "clv.predicted", "rejectedShare");

    private final Texts texts;
    private final Locale locale;
    private final DateTimeFormatter dateTime;
    private final DateTimeFormatter month;
    /** NumberFormats are not thread-safe; a Formats serves one request. */
    private final java.util.Map<String, NumberFormat> formats = new java.util.HashMap<>();
    private NumberFormat integer;

    Formats(Texts texts) {
        this.texts = texts;
        this.locale = texts.locale();
        this.dateTime = DateTimeFormatter.ofPattern(switch (texts.lang()) {
            case "nb" -> "d. MMM yyyy 'kl.' HH:mm";
            case "sv" -> "d MMM yyyy 'kl.' HH:mm";
            default -> "d MMM yyyy, HH:mm";
        }, locale);
        this.month = DateTimeFormatter.ofPattern("LLLL yyyy", locale);
    }

    String period(YearMonth period) {
        String s = month.format(period);
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    String time(ZonedDateTime time) {
        return time == null ? "" : dateTime.format(time);
    }

    String time(Instant instant, ZoneId zone) {
        return instant == null ? "" : dateTime.format(instant.atZone(zone));
    }

    /** @return e.g. "1 min 4 s", "850 ms" */
    String duration(Long millis) {
        if (millis == null) {
            return "";
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        Duration d = Duration.ofMillis(millis);
        long h = d.toHours();
        long m = d.toMinutesPart();
        long s = d.toSecondsPart();
        StringBuilder b = new StringBuilder();
        if (h > 0) {
            b.append(h).append(" h ");
        }
        if (h > 0 || m > 0) {
            b.append(m).append(" min ");
        }
        if (h == 0) {
            if (m == 0 && millis < 10_000) {
                b.append(String.format(locale, "%.1f s", millis / 1000.0));
            } else {
                b.append(s).append(" s");
            }
        }
        return b.toString().strip();
    }

    String integer(double value) {
        if (integer == null) {
            integer = NumberFormat.getIntegerInstance(locale);
        }
        return integer.format(Math.round(value));
    }

    String decimal(double value, int digits) {
        return formats.computeIfAbsent("d" + digits, k -> fixed(NumberFormat.getNumberInstance(locale), digits))
                .format(value);
    }

    /** @param share 0–1 */
    String percent(double share, int digits) {
        return formats.computeIfAbsent("p" + digits, k -> fixed(NumberFormat.getPercentInstance(locale), digits))
                .format(share);
    }

    private static NumberFormat fixed(NumberFormat f, int digits) {
        f.setRoundingMode(RoundingMode.HALF_UP);
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        return f;
    }

    /** A headline KPI ({@code customers.active}, {@code churn.monthly.rate}, {@code cx.nps}, {@code clv.predicted}, {@code rejectedShare}) for people. */
    String kpi(String name, Double value, String currency) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return "–";
        }
        return switch (name) {
            case "customers.active" -> integer(value);
            case "churn.monthly.rate" -> percent(value, 1);
            case "rejectedShare" -> percent(value, 2);
            case "cx.nps" -> decimal(value, 1);
            case "clv.predicted" -> integer(value) + (currency == null ? "" : " " + currency);
            default -> decimal(value, 2);
        };
    }

    Texts texts() {
        return texts;
    }
}
