package io.klarsyn.connector.csv.internal;

import java.time.LocalDate;

/**
 * Parses dates straight from bytes: {@code yyyy-MM-dd} (also with {@code /} or {@code .}),
 * {@code yyyyMMdd}, {@code d.M.yyyy} / {@code dd.MM.yyyy}, {@code d/M/yyyy} (day first unless told
 * otherwise), {@code d-M-yyyy}; each optionally followed by a time after a space or {@code T}
 * ({@code 14:22}, {@code 14:22:00.123Z}, {@code 14:22+01:00}), which is dropped.
 */
final class Dates {

    private static final int BASE_YEAR = 1900;
    private static final int YEARS = 300;
    private static final LocalDate[] CACHE = new LocalDate[YEARS * 12 * 31];

    /** Style bits, for the details line. */
    static final int ISO = 1;
    static final int DOTS = 2;
    static final int SLASH = 4;
    static final int DASH_DMY = 8;
    static final int COMPACT = 16;
    static final int SHORT = 32;
    static final int TIME = 64;
    static final int LONG = 128;

    private Dates() {
    }

    /**
     * @param dayFirst for {@code a/b/yyyy}: whether {@code a} is the day
     * @return the date, or {@code null} when {@code b[s..e)} is not a valid date
     */
    static LocalDate parse(byte[] b, int s, int e, boolean dayFirst) {
        long k = key(b, s, e, dayFirst);
        if (k < 0) {
            return null;
        }
        return of((int) ((k >>> 16) & 0xFFFF), (int) ((k >>> 8) & 0xFF), (int) (k & 0xFF));
    }

    /** Returned by {@link #epochDay(byte[], int, int, boolean)} for text that is not a date. */
    static final int NO_DATE = Integer.MIN_VALUE;

    /**
     * Like {@link #parse}, as {@link LocalDate#toEpochDay()}, without a {@code LocalDate}.
     *
     * @return the epoch day, or {@link #NO_DATE} when {@code b[s..e)} is not a valid date
     */
    static int epochDay(byte[] b, int s, int e, boolean dayFirst) {
        long k = key(b, s, e, dayFirst);
        if (k < 0) {
            return NO_DATE;
        }
        return epochDay((int) ((k >>> 16) & 0xFFFF), (int) ((k >>> 8) & 0xFF), (int) (k & 0xFF));
    }

    /** Epoch day of the first of each month of {@link #BASE_YEAR} .. +{@link #YEARS}. */
    private static final int[] MONTH_STARTS = new int[YEARS * 12];

    static {
        for (int i = 0; i < MONTH_STARTS.length; i++) {
            MONTH_STARTS[i] = computeEpochDay(BASE_YEAR + i / 12, i % 12 + 1, 1);
        }
    }

    /** {@link LocalDate#toEpochDay()} of a valid date of a year 0 .. 65535. */
    static int epochDay(int y, int m, int d) {
        int i = (y - BASE_YEAR) * 12 + m - 1;
        if (i >= 0 && i < MONTH_STARTS.length) {
            return MONTH_STARTS[i] + d - 1;
        }
        return computeEpochDay(y, m, d);
    }

    /** The arithmetic of {@link LocalDate#toEpochDay()}. */
    private static int computeEpochDay(int y, int m, int d) {
        long total = 365L * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400 + (367 * m - 362) / 12 + d - 1;
        if (m > 2) {
            total--;
            if (!(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) {
                total--;
            }
        }
        return (int) (total - 719528);
    }

    /**
     * @return {@code year << 16 | month << 8 | day} plus style bits in bits 32+, or -1 when invalid
     */
    static long key(byte[] b, int s, int e, boolean dayFirst) {
        if (e - s == 10) {
            long k = fixed(b, s);
            if (k >= 0) {
                return k;
            }
        }
        int i = s;
        int g1 = 0;
        int n1 = 0;
        while (i < e && b[i] >= '0' && b[i] <= '9' && n1 < 9) {
            g1 = g1 * 10 + (b[i++] - '0');
            n1++;
        }
        int y;
        int m;
        int d;
        long style;
        if (n1 == 8 && (i == e || b[i] == ' ' || b[i] == 'T')) {
            y = g1 / 10000;
            m = g1 / 100 % 100;
            d = g1 % 100;
            style = COMPACT;
        } else {
            if (i >= e || n1 == 0 || n1 > 4 || n1 == 3) {
                return -1;
            }
            byte sep = b[i];
            if (sep != '-' && sep != '.' && sep != '/') {
                return -1;
            }
            i++;
            int g2 = 0;
            int n2 = 0;
            while (i < e && b[i] >= '0' && b[i] <= '9' && n2 < 3) {
                g2 = g2 * 10 + (b[i++] - '0');
                n2++;
            }
            if (n2 == 0 || n2 > 2 || i >= e || b[i] != sep) {
                return -1;
            }
            i++;
            int g3 = 0;
            int n3 = 0;
            while (i < e && b[i] >= '0' && b[i] <= '9' && n3 < 5) {
                g3 = g3 * 10 + (b[i++] - '0');
                n3++;
            }
            if (n1 == 4) {
                if (n3 == 0 || n3 > 2) {
                    return -1;
                }
                y = g1;
                m = g2;
                d = g3;
                style = ISO;
            } else {
                if (n3 != 4) {
                    return -1;
                }
                y = g3;
                if (sep == '/' && !dayFirst) {
                    m = g1;
                    d = g2;
                } else {
                    d = g1;
                    m = g2;
                }
                style = sep == '.' ? DOTS : sep == '/' ? SLASH : DASH_DMY;
                style |= n1 == 1 || n2 == 1 ? SHORT : LONG;
            }
        }
        if (i < e) {
            if (!time(b, i, e)) {
                return -1;
            }
            style |= TIME;
        }
        if (m < 1 || m > 12 || d < 1 || y < 1000 || d > length(y, m)) {
            return -1;
        }
        return style << 32 | (long) y << 16 | m << 8 | d;
    }

    /** {@code yyyy-MM-dd} or {@code dd.MM.yyyy} at {@code b[s..s+10)}, else -1. */
    private static long fixed(byte[] b, int s) {
        int y;
        int m;
        int d;
        long style;
        if (b[s + 4] == '-' && b[s + 7] == '-') {
            y = digits4(b, s);
            m = digits2(b, s + 5);
            d = digits2(b, s + 8);
            style = ISO;
        } else if (b[s + 2] == '.' && b[s + 5] == '.') {
            d = digits2(b, s);
            m = digits2(b, s + 3);
            y = digits4(b, s + 6);
            style = DOTS | LONG;
        } else {
            return -1;
        }
        if (y < 1000 || m < 1 || m > 12 || d < 1 || d > 28 && d > length(y, m)) {
            return -1;
        }
        return style << 32 | (long) y << 16 | m << 8 | d;
    }

    private static int digits2(byte[] b, int s) {
        int a = b[s] - '0';
        int c = b[s + 1] - '0';
        return (a | c) < 0 || a > 9 || c > 9 ? -1 : a * 10 + c;
    }

    private static int digits4(byte[] b, int s) {
        int hi = digits2(b, s);
        int lo = digits2(b, s + 2);
        return (hi | lo) < 0 ? -1 : hi * 100 + lo;
    }

    private static boolean time(byte[] b, int i, int e) {
        if (b[i] != ' ' && b[i] != 'T') {
            return false;
        }
        i++;
        while (i < e && b[i] == ' ') {
            i++;
        }
        int digits = 0;
        int h = 0;
        int hd = 0;
        boolean colon = false;
        for (; i < e; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                digits++;
                if (!colon && hd < 3) {
                    h = h * 10 + (c - '0');
                    hd++;
                }
            } else if (c == ':') {
                colon = true;
            } else if (c != '.' && c != ',' && c != 'Z' && c != '+' && c != '-' && c != ' ') {
                return false;
            }
        }
        return digits >= 2 && colon && hd <= 2 && h <= 24;
    }

    static int length(int y, int m) {
        switch (m) {
            case 2:
                return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    static LocalDate of(int y, int m, int d) {
        int yi = y - BASE_YEAR;
        if (yi < 0 || yi >= YEARS) {
            return LocalDate.of(y, m, d);
        }
        int idx = (yi * 12 + m - 1) * 31 + d - 1;
        LocalDate v = CACHE[idx];
        if (v == null) {
            v = LocalDate.of(y, m, d);
            CACHE[idx] = v;
        }
        return v;
    }

    /** @return a pattern-like description of the style bits seen, e.g. {@code dd.MM.yyyy HH:mm} */
    static String describe(int styles, boolean dayFirst) {
        StringBuilder sb = new StringBuilder();
        append(sb, styles, ISO, "yyyy-MM-dd");
        for (int bit : new int[] {DOTS, SLASH, DASH_DMY}) {
            if ((styles & bit) == 0) {
                continue;
            }
            String sep = bit == DOTS ? "." : bit == SLASH ? "/" : "-";
            String first = bit == SLASH && !dayFirst ? "M" : "d";
            String second = bit == SLASH && !dayFirst ? "d" : "M";
            if ((styles & LONG) != 0) {
                append(sb, bit, bit, first + first + sep + second + second + sep + "yyyy");
            }
            if ((styles & SHORT) != 0) {
                append(sb, bit, bit, first + sep + second + sep + "yyyy");
            }
        }
        append(sb, styles, COMPACT, "yyyyMMdd");
        if ((styles & TIME) != 0) {
            sb.append(sb.length() == 0 ? "" : " ").append("with time");
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, int styles, int bit, String text) {
        if ((styles & bit) != 0) {
            if (sb.length() > 0) {
                sb.append(" / ");
            }
            sb.append(text);
        }
    }
}
