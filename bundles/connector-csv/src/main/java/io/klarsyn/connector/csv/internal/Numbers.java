package io.klarsyn.connector.csv.internal;

/**
 * Parses decimal numbers straight from bytes: sign, digits, one decimal mark and optional
 * thousands separators (space, no-break space U+00A0 and narrow no-break space U+202F in UTF-8 or
 * windows-1252, {@code .}, {@code ,}, {@code '}). Grouping is checked (groups of three digits), so
 * {@code 1.5} is never read as fifteen. Returns {@code NaN} when the text is not a number.
 */
final class Numbers {

    /** Decimal mark decided per value where the value is unambiguous; else point. */
    static final int AUTO_POINT = 0;
    /** Decimal mark decided per value where the value is unambiguous; else comma. */
    static final int AUTO_COMMA = 1;
    /** Always a decimal point. */
    static final int POINT = 2;
    /** Always a decimal comma. */
    static final int COMMA = 3;

    /** Thousands separators: spaces, {@code '} and whichever of {@code .}/{@code ,} is not the decimal mark. */
    static final int T_AUTO = 0;
    static final int T_NONE = 1;
    static final int T_SPACE = 2;
    static final int T_DOT = 3;
    static final int T_COMMA = 4;
    static final int T_APOSTROPHE = 5;

    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private Numbers() {
    }

    /** @return the decimal mark ({@code '.'}, {@code ','}) a value decides by itself, or 0 when it does not */
    static byte evidence(byte[] b, int s, int e) {
        int dots = 0;
        int commas = 0;
        byte last = 0;
        int lastPos = -1;
        for (int i = s; i < e; i++) {
            byte c = b[i];
            if (c == '.' || c == ',') {
                if (c == '.') {
                    dots++;
                } else {
                    commas++;
                }
                last = c;
                lastPos = i;
            } else if ((c < '0' || c > '9') && c != '-' && c != '+' && c != ' ' && c >= 0) {
                return 0;
            }
        }
        if (dots > 0 && commas > 0) {
            return last;
        }
        if (dots + commas == 0) {
            return 0;
        }
        if (dots > 1) {
            return ',';
        }
        if (commas > 1) {
            return '.';
        }
        return ambiguous(b, s, e, lastPos) ? 0 : last;
    }

    private static boolean ambiguous(byte[] b, int s, int e, int sepPos) {
        int after = 0;
        for (int i = sepPos + 1; i < e; i++) {
            if (b[i] >= '0' && b[i] <= '9') {
                after++;
            } else {
                return false;
            }
        }
        if (after != 3) {
            return false;
        }
        int before = 0;
        int first = -1;
        for (int i = s; i < sepPos; i++) {
            if (b[i] >= '0' && b[i] <= '9') {
                if (first < 0) {
                    first = b[i];
                }
                before++;
            }
        }
        return before >= 1 && before <= 3 && first != '0';
    }

    /**
     * @param mode one of {@link #AUTO_POINT}, {@link #AUTO_COMMA}, {@link #POINT}, {@link #COMMA}
     * @param thousands one of the {@code T_} constants
     * @return the value, or {@code NaN} when {@code b[s..e)} (trimmed, non-empty) is not a number
     */
    static double parse(byte[] b, int s, int e, int mode, int thousands) {
        if (thousands == T_AUTO) {
            double v = simple(b, s, e, mode);
            if (v == v) {
                return v;
            }
        }
        return general(b, s, e, mode, thousands);
    }

    /**
     * The common shapes in one pass: {@code -123}, {@code 123.45}, {@code 123,45}. Returns NaN
     * (and the general path decides) for anything else, including an ambiguous {@code 1,234}
     * whose reading depends on the file's decimal mark... unless the mode settles it.
     */
    private static double simple(byte[] b, int s, int e, int mode) {
        int i = s;
        boolean neg = false;
        if (i < e && b[i] == '-') {
            neg = true;
            i++;
        }
        long intPart = 0;
        int intDigits = 0;
        int firstDigit = i;
        while (i < e) {
            int c = b[i] - '0';
            if (c < 0 || c > 9) {
                break;
            }
            intPart = intPart * 10 + c;
            intDigits++;
            i++;
        }
        if (intDigits == 0 || intDigits > 15) {
            return Double.NaN;
        }
        if (i == e) {
            return neg ? -intPart : intPart;
        }
        byte sep = b[i++];
        if (sep != '.' && sep != ',') {
            return Double.NaN;
        }
        long frac = 0;
        int fracDigits = 0;
        while (i < e) {
            int c = b[i] - '0';
            if (c < 0 || c > 9) {
                return Double.NaN;
            }
            frac = frac * 10 + c;
            fracDigits++;
            i++;
        }
        if (fracDigits == 0 || intDigits + fracDigits > 15) {
            return Double.NaN;
        }
        boolean decimal;
        if (mode == POINT || mode == COMMA) {
            if (sep != (mode == POINT ? '.' : ',')) {
                return Double.NaN;
            }
            decimal = true;
        } else if (fracDigits == 3 && intDigits <= 3 && b[firstDigit] != '0') {
            decimal = sep == (mode == AUTO_COMMA ? ',' : '.');
        } else {
            decimal = true;
        }
        double v = decimal ? (intPart * POW10[fracDigits] + frac) / POW10[fracDigits] : intPart * 1000 + frac;
        return neg ? -v : v;
    }

    private static double general(byte[] b, int s, int e, int mode, int thousands) {
        byte dec;
        if (mode == POINT) {
            dec = '.';
        } else if (mode == COMMA) {
            dec = ',';
        } else if (thousands == T_DOT) {
            dec = ',';
        } else if (thousands == T_COMMA) {
            dec = '.';
        } else {
            byte ev = evidence(b, s, e);
            dec = ev != 0 ? ev : (mode == AUTO_COMMA ? (byte) ',' : (byte) '.');
        }
        byte group;
        boolean spaces;
        switch (thousands) {
            case T_NONE:
                group = 0;
                spaces = false;
                break;
            case T_SPACE:
                group = 0;
                spaces = true;
                break;
            case T_DOT:
                group = '.';
                spaces = false;
                break;
            case T_COMMA:
                group = ',';
                spaces = false;
                break;
            case T_APOSTROPHE:
                group = '\'';
                spaces = false;
                break;
            default:
                group = dec == '.' ? (byte) ',' : (byte) '.';
                spaces = true;
        }
        boolean auto = thousands == T_AUTO;
        int i = s;
        boolean neg = false;
        if (i < e && (b[i] == '-' || b[i] == '+')) {
            neg = b[i] == '-';
            i++;
        } else if (i + 2 < e && b[i] == (byte) 0xE2 && b[i + 1] == (byte) 0x88 && b[i + 2] == (byte) 0x92) {
            neg = true;
            i += 3;
        }
        long mant = 0;
        int digits = 0;
        int fraction = 0;
        boolean inFraction = false;
        boolean grouped = false;
        int groupLen = 0;
        boolean overflow = false;
        boolean anyDigit = false;
        for (; i < e; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                anyDigit = true;
                if (digits < 18) {
                    mant = mant * 10 + (c - '0');
                    if (mant != 0) {
                        digits++;
                    }
                } else {
                    overflow = true;
                }
                if (inFraction) {
                    fraction++;
                } else {
                    groupLen++;
                }
                continue;
            }
            if (inFraction) {
                if (c == 'e' || c == 'E') {
                    return slow(b, s, e, dec);
                }
                return Double.NaN;
            }
            if (c == dec) {
                if (grouped && groupLen != 3) {
                    return Double.NaN;
                }
                inFraction = true;
                continue;
            }
            int sepLen = 0;
            if (c == group || (auto && c == '\'')) {
                sepLen = 1;
            } else if (spaces || auto) {
                if (c == ' ' || c == (byte) 0xA0) {
                    sepLen = 1;
                } else if (c == (byte) 0xC2 && i + 1 < e && b[i + 1] == (byte) 0xA0) {
                    sepLen = 2;
                } else if (c == (byte) 0xE2 && i + 2 < e && b[i + 1] == (byte) 0x80 && b[i + 2] == (byte) 0xAF) {
                    sepLen = 3;
                }
            }
            if (sepLen == 0) {
                if ((c == 'e' || c == 'E') && groupLen > 0) {
                    return slow(b, s, e, dec);
                }
                return Double.NaN;
            }
            if (groupLen == 0 || (grouped ? groupLen != 3 : groupLen > 3)) {
                return Double.NaN;
            }
            grouped = true;
            groupLen = 0;
            i += sepLen - 1;
        }
        if (grouped && !inFraction && groupLen != 3) {
            return Double.NaN;
        }
        if (!anyDigit) {
            return Double.NaN;
        }
        if (overflow || digits > 15 || fraction > 22) {
            return slow(b, s, e, dec);
        }
        double v = fraction == 0 ? (double) mant : mant / POW10[fraction];
        return neg ? -v : v;
    }

    private static double slow(byte[] b, int s, int e, byte dec) {
        StringBuilder t = new StringBuilder(e - s);
        for (int i = s; i < e; i++) {
            char c = (char) (b[i] & 0xFF);
            if (c >= '0' && c <= '9' || c == 'e' || c == 'E' || c == '-' || c == '+') {
                t.append(c);
            } else if (c == dec) {
                t.append('.');
            } else if (c == '.' || c == ',' || c == ' ' || c == '\'' || c == 0xA0 || c == 0xC2 || c == 0xE2
                    || c == 0x80 || c == 0xAF) {
                continue;
            } else {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(t.toString());
        } catch (NumberFormatException ex) {
            return Double.NaN;
        }
    }
}
