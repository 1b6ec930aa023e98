package io.klarsyn.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class DictionaryAttributeTest {

    @Test
    void fewLevelsStayADictionaryWithTheirOriginalSpelling() {
        DictionaryAttribute.Builder b = new DictionaryAttribute.Builder("cost");
        String[] values = {"476.10", "100", null, "476.10", " ", "1 234,50"};
        for (int i = 0; i < values.length; i++) {
            b.set(i, values[i]);
        }
        DictionaryAttribute a = b.build(values.length + 1);
        assertThat(a.numeric()).isTrue();
        assertThat(a.levels()).containsExactly("476.10", "100", "1 234,50");
        assertThat(a.code(0)).isEqualTo(0);
        assertThat(a.code(3)).isEqualTo(0);
        assertThat(a.code(2)).isEqualTo(-1);
        assertThat(a.code(4)).isEqualTo(-1);
        assertThat(a.code(6)).isEqualTo(-1); // a row never set is blank
        assertThat(a.number(5)).isEqualTo(1234.5);
        assertThat(a.number(2)).isNaN();
        assertThat(a.value(0)).isEqualTo("476.10");
    }

    @Test
    void manyDistinctNumbersAreKeptAsNumbersWithDerivedLevels() {
        int n = 3 * DictionaryAttribute.NUMERIC_SWITCH;
        DictionaryAttribute.Builder b = new DictionaryAttribute.Builder("acquisition_cost");
        SplittableRandom rnd = new SplittableRandom(7);
        String[] texts = new String[n];
        for (int i = 0; i < n; i++) {
            // every 10th row blank, every 7th a repeat of row 0's value
            texts[i] = i % 10 == 9 ? null : i % 7 == 6 ? texts[0] : (rnd.nextInt(1_000_000) / 100.0 + "");
            b.set(i, texts[i]);
        }
        DictionaryAttribute a = b.build(n);
        assertThat(a.numeric()).isTrue();
        Map<Double, Integer> firstSeen = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            if (texts[i] == null) {
                assertThat(a.number(i)).isNaN();
                assertThat(a.code(i)).isEqualTo(-1);
                assertThat(a.value(i)).isNull();
                continue;
            }
            double expected = Double.parseDouble(texts[i]);
            assertThat(a.number(i)).isEqualTo(expected);
            firstSeen.putIfAbsent(expected, firstSeen.size());
            assertThat(a.code(i)).isEqualTo(firstSeen.get(expected));
            // the level text is the plain-notation number: same value, no trailing zeros
            assertThat(Double.parseDouble(a.value(i))).isEqualTo(expected);
            assertThat(a.value(i)).doesNotEndWith(".0").doesNotContain("E");
        }
        assertThat(a.levels()).hasSize(firstSeen.size());
    }

    @Test
    void aTextAfterTheSwitchTurnsTheColumnBackIntoADictionary() {
        int n = DictionaryAttribute.NUMERIC_SWITCH + 10;
        DictionaryAttribute.Builder b = new DictionaryAttribute.Builder("age");
        for (int i = 0; i < n; i++) {
            b.set(i, (1000 + i) + ".50");
        }
        b.set(n, "unknown");
        b.set(n + 1, "1000.5"); // row 0's number in its plain-notation spelling: the same level
        DictionaryAttribute a = b.build(n + 2);
        assertThat(a.numeric()).isFalse();
        assertThat(a.value(0)).isEqualTo("1000.5");
        assertThat(a.value(n - 1)).isEqualTo((1000 + n - 1) + ".5");
        assertThat(a.value(n)).isEqualTo("unknown");
        assertThat(a.code(n + 1)).isEqualTo(a.code(0));
        assertThat(a.levels()).hasSize(n + 1);
        assertThat(a.number(0)).isNaN(); // a text column has no numbers
    }

    @Test
    void theFastParserAgreesWithDoubleParseDoubleToTheBit() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int k = 0; k < 200_000; k++) {
            int digits = 1 + rnd.nextInt(15);
            StringBuilder s = new StringBuilder();
            if (rnd.nextInt(4) == 0) {
                s.append('-');
            }
            int point = rnd.nextInt(digits + 1);
            for (int d = 0; d < digits; d++) {
                if (d == point && d > 0) {
                    s.append(rnd.nextBoolean() ? '.' : ',');
                }
                s.append((char) ('0' + rnd.nextInt(10)));
            }
            String text = s.toString();
            double expected = Double.parseDouble(text.replace(',', '.'));
            assertThat(Double.doubleToLongBits(DictionaryAttribute.parseSimple(text)))
                    .as(text).isEqualTo(Double.doubleToLongBits(expected));
            assertThat(DictionaryAttribute.parse(text)).as(text).isEqualTo(expected);
        }
        for (String notSimple : new String[] {"", "-", ".", "1.", "1.2.3", "1 234", "1e5", "NaN", "12a",
                "1234567890123456"}) {
            assertThat(DictionaryAttribute.parseSimple(notSimple)).as(notSimple).isNaN();
        }
        assertThat(DictionaryAttribute.parse("1e5")).isEqualTo(1e5);
        assertThat(DictionaryAttribute.parse("1 234,5")).isEqualTo(1234.5);
        assertThat(DictionaryAttribute.parse("1.")).isEqualTo(1.0);
        assertThat(DictionaryAttribute.parse("NaN")).isNaN();
        assertThat(DictionaryAttribute.parse("1234567890123456")).isEqualTo(1234567890123456.0);
    }
}
