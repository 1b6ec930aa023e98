package io.klarsyn.render.pdf.internal;

import io.klarsyn.api.result.Unit;
import io.klarsyn.api.result.UnitFormat;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/** Locale formatting for the PDF: values in their units ({@link UnitFormat}, shared with the server's pages and mails), dates and months. */
final class Fmt {
    private final Locale locale;
    private final UnitFormat units;

    Fmt(Locale locale, String currency) {
        this.locale = locale;
        this.units = new UnitFormat(locale, currency);
    }

    Locale locale() {
        return locale;
    }

    String number(double v, int decimals) {
        return units.number(v, decimals);
    }

    String percent(double fraction, int decimals) {
        return units.percent(fraction, decimals);
    }

    String money(double v) {
        return units.money(v);
    }

    /** @return the currency as amounts show it: kr for Nordic crowns in a Nordic language, else the locale's symbol or the code */
    String currencySymbol() {
        return units.currencySymbol();
    }

    /** A value in its unit ({@link UnitFormat#value}). */
    String value(Double v, Unit unit) {
        return units.value(v, unit);
    }

    /** A change beside the value it led to, as precise as that value ({@link UnitFormat#change(double, double, Unit)}). */
    String change(double delta, double value, Unit unit) {
        return units.change(delta, value, unit);
    }

    String object(Object o) {
        if (o == null) {
            return "";
        }
        if (o instanceof Double d) {
            return Math.abs(d) >= 1000 ? number(d, 0) : number(d, Math.abs(d) >= 10 ? 1 : 3);
        }
        if (o instanceof Float f) {
            return object(f.doubleValue());
        }
        if (o instanceof Long || o instanceof Integer || o instanceof Short) {
            return number(((Number) o).doubleValue(), 0);
        }
        if (o instanceof LocalDate d) {
            return date(d);
        }
        if (o instanceof YearMonth m) {
            return month(m);
        }
        return o.toString();
    }

    String cell(Object o, Unit unit) {
        if (o instanceof Number n && unit != Unit.TEXT && unit != Unit.NUMBER) {
            return value(n.doubleValue(), unit);
        }
        return object(o);
    }

    String date(LocalDate d) {
        return d == null ? "–" : d.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale));
    }

    String month(YearMonth m) {
        return m.format(DateTimeFormatter.ofPattern("LLLL yyyy", locale));
    }

    String shortMonth(YearMonth m) {
        String s = m.format(DateTimeFormatter.ofPattern("LLL yy", locale));
        return s.replace(".", "");
    }

    /** Axis-label suffix naming the unit, e.g. "(%)", "(kr)", "(weeks)". */
    String unitSuffix(Unit unit, java.util.function.Function<String, String> words) {
        if (unit == null) {
            return "";
        }
        return switch (unit) {
            case FRACTION -> " (%)";
            case CURRENCY -> " (" + currencySymbol() + ")";
            case DAYS, WEEKS, MONTHS, YEARS, POINTS, COUNT, SCORE -> " (" + words.apply("unit." + unit.name()) + ")";
            default -> "";
        };
    }
}
