package io.klarsyn.connector.csv.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** The byte-level parsers; expected values are the written numbers and dates read by hand. */
class NumbersAndDatesTest {

    private static double num(String s, int mode) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Numbers.parse(b, 0, b.length, mode, Numbers.T_AUTO);
    }

    private static LocalDate date(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Dates.parse(b, 0, b.length, true);
    }

    @Test
    void numbers() {
        assertThat(num("1 234,50", Numbers.AUTO_COMMA)).isEqualTo(1234.5);
        assertThat(num("1.234,50", Numbers.AUTO_POINT)).isEqualTo(1234.5);
        assertThat(num("1,234.50", Numbers.AUTO_COMMA)).isEqualTo(1234.5);
        assertThat(num("1.234", Numbers.AUTO_COMMA)).isEqualTo(1234.0);
        assertThat(num("1.234", Numbers.AUTO_POINT)).isEqualTo(1.234);
        assertThat(num("0,123", Numbers.AUTO_POINT)).isEqualTo(0.123);
        assertThat(num("1.5", Numbers.AUTO_COMMA)).isEqualTo(1.5);
        assertThat(num("-0,5", Numbers.AUTO_COMMA)).isEqualTo(-0.5);
        assertThat(num("\u22127", Numbers.AUTO_COMMA)).isEqualTo(-7.0);
        assertThat(num("12 345 678,9", Numbers.COMMA)).isEqualTo(12345678.9);
        assertThat(num("1e3", Numbers.AUTO_POINT)).isEqualTo(1000.0);
        assertThat(num("1,5E+2", Numbers.COMMA)).isEqualTo(150.0);
        assertThat(num("0.1", Numbers.POINT)).isEqualTo(0.1);
        assertThat(num("123456789012345678901", Numbers.POINT)).isEqualTo(1.2345678901234568E20);
        assertThat(num("1.5", Numbers.COMMA)).isNaN();
        assertThat(num("12 34", Numbers.COMMA)).isNaN();
        assertThat(num("1 2345", Numbers.COMMA)).isNaN();
        assertThat(num("abc", Numbers.COMMA)).isNaN();
        assertThat(num("-", Numbers.COMMA)).isNaN();
        assertThat(num(",", Numbers.COMMA)).isNaN();
        assertThat(num("kr 5", Numbers.COMMA)).isNaN();
    }

    @Test
    void dates() {
        assertThat(date("2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(date("29.02.2024")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(date("1.2.2024")).isEqualTo(LocalDate.of(2024, 2, 1));
        assertThat(date("01/02/2024")).isEqualTo(LocalDate.of(2024, 2, 1));
        assertThat(date("20240201")).isEqualTo(LocalDate.of(2024, 2, 1));
        assertThat(date("2024-02-01T23:59:59Z")).isEqualTo(LocalDate.of(2024, 2, 1));
        assertThat(date("29.02.2023")).isNull();
        assertThat(date("31.04.2024")).isNull();
        assertThat(date("2024-13-01")).isNull();
        assertThat(date("01.02.24")).isNull();
        assertThat(date("2024-02-01 noon")).isNull();
        assertThat(date("")).isNull();
    }

    /** The batch lane's epoch days: the same as {@code LocalDate.toEpochDay()} for every date the parser accepts. */
    @Test
    void epochDaysAreLocalDatesDays() {
        for (LocalDate d = LocalDate.of(1000, 1, 1); d.getYear() < 10_000; d = d.plusDays(1)) {
            assertThat(Dates.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth())).isEqualTo(d.toEpochDay());
        }
        String[] texts = {"2024-02-29", "29.02.2024", "1.2.2024", "01/02/2024", "20240201", "2024-02-01T23:59:59Z",
            "1000-01-01", "31.12.9999", "29.02.2023", "2024-13-01", ""};
        for (String t : texts) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            LocalDate d = Dates.parse(b, 0, b.length, true);
            assertThat(Dates.epochDay(b, 0, b.length, true)).as(t)
                    .isEqualTo(d == null ? Dates.NO_DATE : (int) d.toEpochDay());
        }
    }
}
