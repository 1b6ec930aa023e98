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

import io.klarsyn.api.result.Unit;
import io.klarsyn.api.result.UnitFormat;

/** Numbers, periods, times and durations in the UI's language; one instance a request (not thread-safe). */
final class Formats {

    private final Texts texts;
    private final Locale locale;
    private final DateTimeFormatter dateTime;
    private final DateTimeFormatter month;
    /** NumberFormats are not thread-safe; a Formats serves one request. */
    private final java.util.Map<String, NumberFormat> formats = new java.util.HashMap<>();
    private NumberFormat integer;
    private final java.util.Map<String, UnitFormat> units = new java.util.HashMap<>();

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

    /** @return a value in its unit and the job's currency, as the PDF writes it ({@link UnitFormat}); "–" when unknown */
    String value(Double value, Unit unit, String currency) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return "–";
        }
        return units.computeIfAbsent(currency == null ? "" : currency,
                c -> new UnitFormat(locale, c.isEmpty() ? null : c)).value(value, unit);
    }

    /** @return the share of rejected input rows, with two decimals */
    String rejectedShare(Double share) {
        return share == null || share.isNaN() || share.isInfinite() ? "–" : percent(share, 2);
    }

    Texts texts() {
        return texts;
    }
}
