package io.klarsyn.render.pdf.internal;

import io.klarsyn.api.result.Unit;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;

/** Locale formatting of numbers, percentages, money and dates ("kr 9 000", "12,4 %", "9 000 kr", "NOK 9,000"). */
final class Fmt {
    private static final char NBSP = '\u00a0';
    private final Locale locale;
    private final String currency;
    private final DecimalFormatSymbols symbols;

    Fmt(Locale locale, String currency) {
        this.locale = locale;
        this.currency = currency == null ? "NOK" : currency;
        DecimalFormatSymbols s = DecimalFormatSymbols.getInstance(locale);
        if (isNordic()) {
            // Nordic style guides group thousands with a (non-breaking) space, not the CLDR narrow one.
            s.setGroupingSeparator(NBSP);
            s.setMinusSign('−');
        }
        this.symbols = s;
    }

    Locale locale() {
        return locale;
    }

    private boolean isNordic() {
        String l = locale.getLanguage();
        return l.equals("nb") || l.equals("no") || l.equals("nn") || l.equals("sv") || l.equals("da");
    }

    String number(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "–";
        }
        DecimalFormat f = new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals), symbols);
        return f.format(v);
    }

    String percent(double fraction, int decimals) {
        String n = number(fraction * 100, decimals);
        return isNordic() ? n + NBSP + "%" : n + "%";
    }

    String money(double v) {
        int decimals = Math.abs(v) >= 100 ? 0 : 2;
        String n = number(v, decimals);
        String l = locale.getLanguage();
        String sym = currencySymbol();
        if (sym.equals("kr") && (l.equals("nb") || l.equals("no") || l.equals("nn"))) {
            return "kr" + NBSP + n;
        }
        return isNordic() ? n + NBSP + sym : sym + (sym.length() > 1 ? NBSP : "") + n;
    }

    /** @return the currency as amounts show it: kr for Nordic crowns in a Nordic language, else the locale's symbol or the code */
    String currencySymbol() {
        String code = currency;
        String l = locale.getLanguage();
        if ((code.equals("NOK") || code.equals("SEK") || code.equals("DKK"))
                && (l.equals("sv") || l.equals("da") || l.equals("nb") || l.equals("no") || l.equals("nn"))) {
            return "kr";
        }
        try {
            return Currency.getInstance(code).getSymbol(locale);
        } catch (IllegalArgumentException e) {
            return code;
        }
    }

    /** A value in its unit; fractions as percent, points as signed numbers. */
    String value(Double v, Unit unit) {
        if (v == null || v.isNaN()) {
            return "–";
        }
        return switch (unit) {
            case FRACTION -> percent(v, 1);
            case CURRENCY -> money(v);
            case COUNT -> number(v, 0);
            case POINTS -> number(v, 0);
            case SCORE -> number(v, 2);
            case DAYS, WEEKS, MONTHS, YEARS -> number(v, 1);
            default -> Math.abs(v) >= 1000 ? number(v, 0) : number(v, Math.abs(v) >= 10 ? 1 : 3);
        };
    }

    /** A change in the unit's natural terms: fractions in percentage points, others absolute with a sign. */
    String change(double delta, Unit unit) {
        String sign = delta > 0 ? "+" : delta < 0 ? (isNordic() ? "−" : "-") : "±";
        double a = Math.abs(delta);
        return switch (unit) {
            case FRACTION -> sign + number(a * 100, 1) + (isNordic() ? NBSP + "p.p." : " pp");
            case CURRENCY -> sign + money(a);
            case COUNT -> sign + number(a, 0);
            case POINTS -> sign + number(a, 1);
            case SCORE -> sign + number(a, 2);
            default -> sign + number(a, 2);
        };
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
