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
 * String change = nb.change(-0.0028, Unit.FRACTION);   // "−0,3 p.p."
 * String clv = nb.value(9000.0, Unit.CURRENCY);        // "kr 9 000"
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
        String n = number(v, Math.abs(v) >= 100 ? 0 : 2);
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
            case FRACTION -> percent(v, 1);
            case CURRENCY -> money(v);
            case COUNT, POINTS -> number(v, 0);
            case SCORE -> number(v, 2);
            case DAYS, WEEKS, MONTHS, YEARS -> number(v, 1);
            default -> Math.abs(v) >= 1000 ? number(v, 0) : number(v, Math.abs(v) >= 10 ? 1 : 3);
        };
    }

    /** @return a change in the unit's natural terms with its sign: fractions in percentage points, others absolute */
    public String change(double delta, Unit unit) {
        String sign = delta > 0 ? "+" : delta < 0 ? (nordic() ? "−" : "-") : "±";
        double a = Math.abs(delta);
        return switch (unit == null ? Unit.NUMBER : unit) {
            case FRACTION -> sign + number(a * 100, 1) + (nordic() ? NBSP + "p.p." : " pp");
            case CURRENCY -> sign + money(a);
            case COUNT -> sign + number(a, 0);
            case POINTS -> sign + number(a, 1);
            case SCORE -> sign + number(a, 2);
            default -> sign + number(a, 2);
        };
    }
}
