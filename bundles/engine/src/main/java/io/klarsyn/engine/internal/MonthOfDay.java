package io.klarsyn.engine.internal;

/**
 * Epoch day → month number ({@code year * 12 + month - 1}) without a {@code LocalDate}: a table
 * over the days near the first one asked for (a file's dates span a few years), the calendar
 * arithmetic outside it.
 */
final class MonthOfDay {

    private static final int SPAN = 1 << 13;

    private int base = Integer.MIN_VALUE;
    private int[] table;

    int of(int epochDay) {
        int i = epochDay - base;
        if (i >= 0 && i < SPAN) {
            return table[i];
        }
        if (base == Integer.MIN_VALUE && epochDay > Integer.MIN_VALUE + SPAN) {
            base = epochDay - SPAN / 2;
            table = new int[SPAN];
            for (int d = 0; d < SPAN; d++) {
                table[d] = compute(base + d);
            }
            return table[epochDay - base];
        }
        return compute(epochDay);
    }

    /** The proleptic Gregorian calendar of {@code LocalDate} (H. Hinnant's civil_from_days). */
    static int compute(long epochDay) {
        long z = epochDay + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        return (int) (y * 12 + m - 1);
    }
}
