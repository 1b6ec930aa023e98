package io.klarsyn.api.result;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

/**
 * How a value in a {@link Unit} is written for people, in one language and currency: the one rule the
 * PDF, the web pages and the mails share ("12,4 %", "kr 9 000", "9 000 kr", "NOK 9,000", "+1,2 p.p.").
 * Nordic languages group thousands with a non-breaking space and write the minus sign as "−".
 *
 * <p>Not thread-safe: make one per report, page or mail.
 *
 * <pre>{@code
 * UnitFormat nb = new UnitFormat(Locale.forLanguageTag("nb-NO"), "NOK");
 * String churn = nb.value(0.0213, Unit.FRACTION);      // "2,1 %"
 * String change = nb.change(-0.0028, 0.0213, Unit.FRACTION);   // "−0,3 p.p."
 * String clv = nb.value(9000.0, Unit.CURRENCY);        // "kr 9 000"
 * String more = nb.change(49.14, 9000.0, Unit.CURRENCY);  // "+kr 49", as precise as the value
 * }</pre>
 */
public final class UnitFormat {

    private static final char NBSP = '\u00a0';

    private final Locale locale;
    private final String currency;
    private final DecimalFormatSymbols symbols;
    private final DecimalFormat[] decimals = new DecimalFormat[4];

    /**
     * @param locale the language and country to write in
     * @param currency the ISO 4217 code amounts are in; {@code null} means NOK
     */
    public UnitFormat(Locale locale, String currency) {
        this.locale = Objects.requireNonNull(locale, "locale");
        this.currency = currency == null ? "NOK" : currency;
        DecimalFormatSymbols s = DecimalFormatSymbols.getInstance(locale);
        if (nordic()) {
            s.setGroupingSeparator(NBSP);
            s.setMinusSign('−');
        }
        this.symbols = s;
    }

    /** @return the language and country this writes in */
    public Locale locale() {
        return locale;
    }

    /** @return true for Norwegian, Swedish and Danish */
    public boolean nordic() {
        String l = locale.getLanguage();
        return l.equals("nb") || l.equals("no") || l.equals("nn") || l.equals("sv") || l.equals("da");
    }

    /** @return {@code v} with thousands grouped and {@code digits} decimals (0–3); "–" for NaN or infinity */
    public String number(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "–";
        }
        int d = Math.max(0, Math.min(3, digits));
        DecimalFormat f = decimals[d];
        if (f == null) {
            f = new DecimalFormat(d == 0 ? "#,##0" : "#,##0." + "0".repeat(d), symbols);
            decimals[d] = f;
        }
        return f.format(v);
    }

    /** @param fraction 0–1 @return e.g. "12,4 %" or "12.4%" */
    public String percent(double fraction, int digits) {
        String n = number(fraction * 100, digits);
        return nordic() ? n + NBSP + "%" : n + "%";
    }

    /** @return the amount with the currency, whole units from 100 up, else two decimals */
    public String money(double v) {
        return money(v, Math.abs(v) >= 100 ? 0 : 2);
    }

    private String money(double v, int digits) {
        String n = number(v, digits);
        String l = locale.getLanguage();
        String sym = currencySymbol();
        if (sym.equals("kr") && (l.equals("nb") || l.equals("no") || l.equals("nn"))) {
            return "kr" + NBSP + n;
        }
        return nordic() ? n + NBSP + sym : sym + (sym.length() > 1 ? NBSP : "") + n;
    }

    /** @return the currency as amounts show it: "kr" for Nordic crowns in a Nordic language, else the locale's symbol or the code */
    public String currencySymbol() {
        String l = locale.getLanguage();
        if ((currency.equals("NOK") || currency.equals("SEK") || currency.equals("DKK")) && nordic() && !l.isEmpty()) {
            return "kr";
        }
        try {
            return Currency.getInstance(currency).getSymbol(locale);
        } catch (IllegalArgumentException e) {
            return currency;
        }
    }

    /**
     * @return the value in its unit: fractions as percent with one decimal, amounts with the currency, counts
     *         whole, points whole, scores with two decimals, durations with one; "–" when {@code null} or NaN
     */
    public String value(Double v, Unit unit) {
        if (v == null || v.isNaN()) {
            return "–";
        }
        return switch (unit == null ? Unit.NUMBER : unit) {
            case FRACTION -> percent(v, digits(v, unit));
            case CURRENCY -> money(v, digits(v, unit));
            default -> number(v, digits(v, unit));
        };
    }

    /**
     * The decimals {@link #value} writes {@code v} with: percent one, amounts none from 100 up and else two,
     * counts and points none, scores two, durations one, other numbers none from 1000 up, one from 10, else three.
     */
    private static int digits(double v, Unit unit) {
        return switch (unit == null ? Unit.NUMBER : unit) {
            case FRACTION -> 1;
            case CURRENCY -> Math.abs(v) >= 100 ? 0 : 2;
            case COUNT, POINTS -> 0;
            case SCORE -> 2;
            case DAYS, WEEKS, MONTHS, YEARS -> 1;
            default -> Math.abs(v) >= 1000 ? 0 : Math.abs(v) >= 10 ? 1 : 3;
        };
    }

    /**
     * A change written beside the value it led to, with that value's precision ({@link #value}): a CLV of
     * "kr 1 875" changes by "+kr 49", not "+kr 49,14"; an NPS of "8" by "+3", a churn of "1,9 %" by
     * "−0,1 p.p.". Fractions change in percentage points, others absolutely. A change that rounds to
     * nothing at that precision is written "±0" (with its unit), not "+0".
     *
     * @param delta the value minus the value it is compared with
     * @param value the value the change led to, as {@link #value} writes it beside the change
     * @param unit the value's unit
     * @return e.g. "+kr 49", "−0,3 p.p.", "±0"; "–" when {@code delta} or {@code value} is NaN or infinite
     */
    public String change(double delta, double value, Unit unit) {
        if (Double.isNaN(delta) || Double.isInfinite(delta) || Double.isNaN(value) || Double.isInfinite(value)) {
            return "–";
        }
        return signed(delta, digits(value, unit), unit);
    }

    /**
     * A change with the precision of the change itself, for when the value beside it is not known: amounts
     * whole from 100 up and else two decimals, points one decimal, others two.
     *
     * @return a change in the unit's natural terms with its sign: fractions in percentage points, others absolute
     * @deprecated a change beside its value should have the value's precision: use {@link #change(double, double, Unit)}
     */
    @Deprecated
    public String change(double delta, Unit unit) {
        double a = Math.abs(delta);
        return switch (unit == null ? Unit.NUMBER : unit) {
            case FRACTION -> signed(delta, 1, unit);
            case CURRENCY -> signed(delta, a >= 100 ? 0 : 2, unit);
            case COUNT -> signed(delta, 0, unit);
            case POINTS -> signed(delta, 1, unit);
            default -> signed(delta, 2, unit);
        };
    }

    private String signed(double delta, int digits, Unit unit) {
        double a = Math.abs(delta);
        Unit u = unit == null ? Unit.NUMBER : unit;
        String n = u == Unit.FRACTION ? number(a * 100, digits) : number(a, digits);
        // a change that rounds to nothing is no change: "±0", not "+0" beside an arrow that says up
        boolean nothing = n.chars().noneMatch(c -> c >= '1' && c <= '9');
        String sign = nothing || delta == 0 ? "±" : delta > 0 ? "+" : nordic() ? "−" : "-";
        return switch (u) {
            case FRACTION -> sign + n + (nordic() ? NBSP + "p.p." : " pp");
            case CURRENCY -> sign + money(a, digits);
            default -> sign + n;
        };
    }
}
