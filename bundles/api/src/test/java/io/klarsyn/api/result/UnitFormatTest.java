package io.klarsyn.api.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * A change is written as precisely as the value beside it. Every expected string is derived by hand from the
 * rules in {@link UnitFormat}: amounts whole from 100 up (else two decimals), counts and points whole, scores two
 * decimals, durations and percent one; "kr" before the amount in Norwegian, after it in Swedish, the symbol
 * before it in English; Nordic thousands with a non-breaking space and the minus "−". Rounding is
 * {@link java.text.DecimalFormat}'s half-even, so no case sits on a tie except where it says so.
 */
class UnitFormatTest {

    private static final String NBSP = "\u00a0";
    private static final Locale NB = Locale.forLanguageTag("nb-NO");
    private static final Locale SV = Locale.forLanguageTag("sv-SE");
    private static final Locale EN = Locale.forLanguageTag("en-GB");

    /**
     * The demo's CLV tile: kr 1 875 (1875.40) after kr 1 826,26 a month before, so the change is 49.14; the
     * value is from 100 up and so whole, and so is the change: 49.14 → 49. A year before it was 2 007,40:
     * 1875.40 − 2007.40 = −132.00 → 132 with the minus sign.
     */
    @Test
    void aWholeAmountChangesByWholeUnitsInEachLanguageAndCurrency() {
        double value = 1875.40;
        double month = value - 1826.26;
        double year = value - 2007.40;

        UnitFormat nb = new UnitFormat(NB, "NOK");
        assertThat(nb.value(value, Unit.CURRENCY)).isEqualTo("kr" + NBSP + "1" + NBSP + "875");
        assertThat(nb.change(month, value, Unit.CURRENCY)).isEqualTo("+kr" + NBSP + "49");
        assertThat(nb.change(year, value, Unit.CURRENCY)).isEqualTo("−kr" + NBSP + "132");

        UnitFormat sv = new UnitFormat(SV, "SEK");
        assertThat(sv.value(value, Unit.CURRENCY)).isEqualTo("1" + NBSP + "875" + NBSP + "kr");
        assertThat(sv.change(month, value, Unit.CURRENCY)).isEqualTo("+49" + NBSP + "kr");
        assertThat(sv.change(year, value, Unit.CURRENCY)).isEqualTo("−132" + NBSP + "kr");

        UnitFormat en = new UnitFormat(EN, "EUR");
        assertThat(en.value(value, Unit.CURRENCY)).isEqualTo("€1,875");
        assertThat(en.change(month, value, Unit.CURRENCY)).isEqualTo("+€49");
        assertThat(en.change(year, value, Unit.CURRENCY)).isEqualTo("-€132");

        // a currency other than the language's own: the code or symbol, placed as the language places it
        assertThat(new UnitFormat(EN, "NOK").change(month, value, Unit.CURRENCY)).isEqualTo("+NOK" + NBSP + "49");
        assertThat(new UnitFormat(NB, "EUR").change(month, value, Unit.CURRENCY)).isEqualTo("+49" + NBSP + "€");
    }

    /** Before the fix the change kept its øre: "+kr 49,14" beside "kr 1 875". */
    @Test
    void theChangeDoesNotKeepDecimalsTheValueDoesNotShow() {
        assertThat(new UnitFormat(NB, "NOK").change(49.14, 1875.40, Unit.CURRENCY)).doesNotContain(",");
    }

    /**
     * An amount under 100 is written with two decimals, and so is its change: 45.50 after 45.00 changes by
     * 0.50 → "0,50". A change of 1 234.6 to a value of 98 765 is whole and grouped: 1 235.
     */
    @Test
    void aSmallAmountKeepsItsDecimalsAndALargeChangeIsGrouped() {
        UnitFormat nb = new UnitFormat(NB, "NOK");
        assertThat(nb.value(45.50, Unit.CURRENCY)).isEqualTo("kr" + NBSP + "45,50");
        assertThat(nb.change(45.50 - 45.00, 45.50, Unit.CURRENCY)).isEqualTo("+kr" + NBSP + "0,50");
        assertThat(nb.change(-1234.6, 98_765, Unit.CURRENCY)).isEqualTo("−kr" + NBSP + "1" + NBSP + "235");
        assertThat(new UnitFormat(EN, "EUR").change(-1234.6, 98_765, Unit.CURRENCY)).isEqualTo("-€1,235");
    }

    /**
     * The demo's NPS tile: 8 (points are whole) after 4.9, so +3.1 → "+3"; a year before 28.5, so −20.5 →
     * 20 (half-even: the tie goes to the even 20) with the minus.
     */
    @Test
    void pointsChangeByWholePoints() {
        UnitFormat nb = new UnitFormat(NB, "NOK");
        assertThat(nb.value(8.0, Unit.POINTS)).isEqualTo("8");
        assertThat(nb.change(8.0 - 4.9, 8.0, Unit.POINTS)).isEqualTo("+3");
        assertThat(nb.change(8.0 - 28.5, 8.0, Unit.POINTS)).isEqualTo("−20");
        assertThat(new UnitFormat(EN, "EUR").change(8.0 - 28.5, 8.0, Unit.POINTS)).isEqualTo("-20");
    }

    /**
     * Percent one decimal, changes in percentage points one decimal: 2.13 % after 2.41 % is −0.28 p.p. → 0.3.
     * Scores two decimals: 4.75 after 4.93 is −0.18. Weeks one decimal: 10.4 after 10.14 is +0.26 → 0.3.
     * Counts whole: 2 206 after 2 099 is +107.
     */
    @Test
    void percentScoresDurationsAndCountsKeepTheValuesPrecision() {
        UnitFormat nb = new UnitFormat(NB, "NOK");
        UnitFormat sv = new UnitFormat(SV, "SEK");
        UnitFormat en = new UnitFormat(EN, "EUR");
        assertThat(nb.change(0.0213 - 0.0241, 0.0213, Unit.FRACTION)).isEqualTo("−0,3" + NBSP + "p.p.");
        assertThat(sv.change(0.0213 - 0.0241, 0.0213, Unit.FRACTION)).isEqualTo("−0,3" + NBSP + "p.p.");
        assertThat(en.change(0.0213 - 0.0241, 0.0213, Unit.FRACTION)).isEqualTo("-0.3 pp");
        assertThat(nb.change(4.75 - 4.93, 4.75, Unit.SCORE)).isEqualTo("−0,18");
        assertThat(nb.value(10.4, Unit.WEEKS)).isEqualTo("10,4");
        assertThat(nb.change(10.4 - 10.14, 10.4, Unit.WEEKS)).isEqualTo("+0,3");
        assertThat(en.change(2206 - 2099, 2206, Unit.COUNT)).isEqualTo("+107");
    }

    /**
     * A change that rounds to nothing at the value's precision is no change: kr 1 875.40 after 1 875.10
     * changes by 0.30 → 0 whole kroner, "±kr 0", not "+kr 0"; NPS 8.0 after 7.8 is +0.2 → "±0".
     */
    @Test
    void aChangeThatRoundsToNothingHasNoSign() {
        UnitFormat nb = new UnitFormat(NB, "NOK");
        assertThat(nb.change(1875.40 - 1875.10, 1875.40, Unit.CURRENCY)).isEqualTo("±kr" + NBSP + "0");
        assertThat(nb.change(8.0 - 7.8, 8.0, Unit.POINTS)).isEqualTo("±0");
        assertThat(nb.change(0, 8.0, Unit.POINTS)).isEqualTo("±0");
        assertThat(nb.change(Double.NaN, 8.0, Unit.POINTS)).isEqualTo("–");
    }
}
