package io.klarsyn.engine.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.ledger.Attribute;

/**
 * An attribute column; {@link Builder} appends one value per customer. Columns of few distinct
 * values (plan, region, segment) are dictionary-encoded: one {@code int} code per customer and the
 * distinct texts once. A numeric column of many distinct values (acquisition cost, age, revenue
 * last year) is kept as one {@code double} per customer instead: a dictionary of a million
 * distinct amounts would cost a {@code String} and a map entry per customer and a hash lookup per
 * row. For such a column, {@link #levels()} and {@link #code(int)} are derived on first use (the
 * distinct numbers in order of first appearance, written without trailing zeros), since the
 * original spelling of each number ({@code 476.10}, {@code 476,1}) is not kept.
 */
final class DictionaryAttribute implements Attribute {

    /**
     * A column switches from dictionary to numbers once it has this many distinct values, all
     * numbers so far. Segment-like columns stay far below it.
     */
    static final int NUMERIC_SWITCH = 4096;

    private final String name;
    private final boolean numeric;
    /** Dictionary representation (null in numeric mode until derived). */
    private volatile Dictionary dictionary;
    private final double[] levelNumbers;
    /** Numeric representation: the value per customer, NaN when blank; null in dictionary mode. */
    private final double[] numbers;

    private record Dictionary(List<String> levels, int[] codes) {
    }

    private DictionaryAttribute(String name, List<String> levels, int[] codes, double[] levelNumbers,
            boolean numeric) {
        this.name = name;
        this.dictionary = new Dictionary(Collections.unmodifiableList(levels), codes);
        this.levelNumbers = levelNumbers;
        this.numeric = numeric;
        this.numbers = null;
    }

    private DictionaryAttribute(String name, double[] numbers) {
        this.name = name;
        this.numbers = numbers;
        this.numeric = true;
        this.levelNumbers = null;
    }

    /** @return the number in {@code s}, or NaN: plain or with a decimal comma, spaces as thousands separators */
    static double parse(String s) {
        double fast = parseSimple(s);
        if (!Double.isNaN(fast)) {
            return fast;
        }
        String t = s.trim().replace("\u00a0", "").replace(" ", "");
        if (t.indexOf(',') >= 0 && t.indexOf('.') < 0) {
            t = t.replace(',', '.');
        }
        try {
            double d = Double.parseDouble(t);
            return Double.isFinite(d) ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * The common case of {@link #parse}: an optional minus, up to 15 digits with at most one {@code .}
     * or {@code ,} among them ({@link #parseSimple(byte[], int, int)} on the text's Latin-1 bytes; any
     * other character is not of that form).
     *
     * @return the number, or NaN when {@code s} is not of that simple form (then {@link #parse} decides)
     */
    static double parseSimple(String s) {
        if (s.length() > 17) {
            return Double.NaN;
        }
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1); // beyond Latin-1: '?', not simple
        return parseSimple(b, 0, b.length);
    }

    /**
     * An optional minus, up to 15 digits with at most one {@code .} or {@code ,} among them, in the ASCII
     * text {@code b[off .. off+len)}, without decoding it. The result is the correctly rounded double,
     * as {@link Double#parseDouble} gives it: both the digits (below 2^53) and the power of ten (at most
     * 10^15) are exact doubles, and one IEEE division rounds correctly.
     *
     * @return the number, or NaN when the text is not of that simple form
     */
    static double parseSimple(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        boolean negative = false;
        if (len > 0 && b[off] == '-') {
            negative = true;
            i++;
        }
        long m = 0;
        int digits = 0;
        int scale = -1;
        for (; i < end; i++) {
            int ch = b[i];
            if (ch >= '0' && ch <= '9') {
                m = m * 10 + (ch - '0');
                if (++digits > 15) {
                    return Double.NaN;
                }
                if (scale >= 0) {
                    scale++;
                }
            } else if ((ch == '.' || ch == ',') && scale < 0) {
                scale = 0;
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0 || scale == 0) {
            return Double.NaN;
        }
        double d = scale > 0 ? m / POWERS[scale] : m;
        return negative ? -d : d;
    }

    /** @return whether the ASCII text {@code b[off .. off+len)} is {@link String#isBlank() blank} */
    static boolean blankAscii(byte[] b, int off, int len) {
        for (int i = off, e = off + len; i < e; i++) {
            int ch = b[i];
            if (ch != ' ' && !(ch >= 9 && ch <= 13) && !(ch >= 28 && ch <= 31)) {
                return false;
            }
        }
        return true;
    }

    private static final double[] POWERS = new double[16];

    static {
        double p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }

    /** @return {@code d} as a level text: plain notation, no trailing zeros ({@code 476.1}, {@code 500}) */
    static String text(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean numeric() {
        return numeric;
    }

    @Override
    public List<String> levels() {
        return dictionary().levels;
    }

    @Override
    public int code(int i) {
        return dictionary().codes[i];
    }

    @Override
    public double number(int i) {
        if (numbers != null) {
            return numbers[i];
        }
        int c = dictionary.codes[i];
        return c < 0 || !numeric ? Double.NaN : levelNumbers[c];
    }

    private Dictionary dictionary() {
        Dictionary d = dictionary;
        if (d == null) {
            synchronized (this) {
                d = dictionary;
                if (d == null) {
                    d = derive(numbers);
                    dictionary = d;
                }
            }
        }
        return d;
    }

    /** The distinct numbers in order of first appearance, and each row's index among them. */
    private static Dictionary derive(double[] numbers) {
        Map<Double, Integer> seen = new HashMap<>();
        List<String> levels = new ArrayList<>();
        int[] codes = new int[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            double v = numbers[i];
            if (Double.isNaN(v)) {
                codes[i] = -1;
                continue;
            }
            Integer c = seen.get(v == 0 ? 0.0 : v);
            if (c == null) {
                c = levels.size();
                seen.put(v == 0 ? 0.0 : v, c);
                levels.add(text(v));
            }
            codes[i] = c;
        }
        return new Dictionary(Collections.unmodifiableList(levels), codes);
    }

    /** Appends values for customer rows 0, 1, 2, ... */
    static final class Builder {
        private final String name;
        private Map<String, Integer> dictionary = new HashMap<>();
        private List<String> levels = new ArrayList<>();
        private double[] levelNumbers = new double[64];
        /** Whether every level so far is a number. */
        private boolean allNumbers = true;
        private int[] codes = new int[1024];
        /** Numeric mode (after {@link #NUMERIC_SWITCH} distinct numbers): the values, NaN = blank. */
        private double[] numbers;
        private int size;
        /** Changes whenever the codes are renumbered (the column turns to numbers or back): see {@link #setCode}. */
        private int generation;
        /**
         * Dictionary mode: ASCII levels by the {@link Hash64#ofAscii} of their bytes, so that
         * {@link #setAscii} finds a known level without a {@code String}. Open addressing, load
         * at most 0.5: {@code slotCodes} holds level + 1 (0 = empty), {@code slotHashes} the hash.
         * Filled lazily, from the levels that {@link #setAscii} looked up; empty again when the
         * dictionary is rebuilt.
         */
        private int[] slotCodes = new int[16];
        private long[] slotHashes = new long[16];
        private int slotsUsed;

        Builder(String name) {
            this.name = name;
            Arrays.fill(codes, -1);
        }

        /** Sets the value of row {@code row}; rows skipped are blank. */
        void set(int row, String value) {
            boolean blank = value == null || value.isBlank();
            if (numbers != null) {
                double d = blank ? Double.NaN : parse(value);
                if (blank || !Double.isNaN(d)) {
                    ensureNumbers(row + 1);
                    numbers[row] = d;
                    return;
                }
                backToDictionary(); // a text among the numbers: the column is not numeric after all
            }
            ensure(row + 1);
            int code = -1;
            if (!blank) {
                Integer c = dictionary.get(value);
                if (c == null) {
                    c = levels.size();
                    dictionary.put(value, c);
                    levels.add(value);
                    if (c == levelNumbers.length) {
                        levelNumbers = Arrays.copyOf(levelNumbers, c * 2);
                    }
                    levelNumbers[c] = parse(value);
                    allNumbers &= !Double.isNaN(levelNumbers[c]);
                }
                code = c;
            }
            codes[row] = code;
            if (allNumbers && levels.size() >= NUMERIC_SWITCH) {
                toNumbers();
            }
        }

        /**
         * @return the code of the known level whose text is the ASCII bytes {@code b[off .. off+len)}
         *         (their {@link Hash64#ofAscii} is {@code hash}), or -1: not a known level, blank, or
         *         the column holds numbers. Changes nothing.
         */
        int codeOfAscii(byte[] b, int off, int len, long hash) {
            if (numbers != null) {
                return -1;
            }
            int mask = slotCodes.length - 1;
            for (int i = (int) hash & mask, c; (c = slotCodes[i]) != 0; i = (i + 1) & mask) {
                if (slotHashes[i] == hash && sameAscii(levels.get(c - 1), b, off, len)) {
                    return c - 1;
                }
            }
            return -1;
        }

        /** @return the code of the known level {@code text}, or -1 (not known, or the column holds numbers) */
        int codeOf(String text) {
            if (numbers != null) {
                return -1;
            }
            Integer c = dictionary.get(text);
            return c == null ? -1 : c;
        }

        /** @return the generation of the codes: a code found by {@link #codeOf} is valid while it stays */
        int generation() {
            return generation;
        }

        /**
         * Sets row {@code row} to the known level {@code code}, as {@link #set} with its text would,
         * found by {@link #codeOf} or {@link #codeOfAscii} in this {@link #generation}.
         */
        void setCode(int row, int code) {
            ensure(row + 1);
            codes[row] = code;
        }

        /**
         * Sets the value of row {@code row} from its text given as ASCII bytes with its
         * {@link Hash64#ofAscii} hash: exactly as {@link #set(int, String)} with the decoded text,
         * but a known level is found from the bytes, and in numeric mode the number is parsed from
         * them; only a new level becomes a {@code String}.
         */
        void setAscii(int row, byte[] b, int off, int len, long hash) {
            if (numbers != null) {
                // numeric mode: the value is almost always a plain number (parsed here, without text)
                double d = parseSimple(b, off, len);
                if (Double.isNaN(d) || row >= numbers.length) {
                    setOtherAscii(row, b, off, len);
                    return;
                }
                numbers[row] = d;
                size = Math.max(size, row + 1);
                return;
            }
            int code = codeOfAscii(b, off, len, hash);
            if (code >= 0) {
                setCode(row, code);
                return;
            }
            setNewAscii(row, b, off, len, hash);
        }

        /**
         * {@link #setAscii} in numeric mode for a value that is not a plain number (or a row beyond
         * the numbers so far): blank, a number in another notation, or a text.
         */
        private void setOtherAscii(int row, byte[] b, int off, int len) {
            if (blankAscii(b, off, len)) {
                set(row, null);
                return;
            }
            double d = parse(new String(b, off, len, StandardCharsets.ISO_8859_1));
            if (!Double.isNaN(d)) {
                ensureNumbers(row + 1);
                numbers[row] = d;
                return;
            }
            set(row, new String(b, off, len, StandardCharsets.ISO_8859_1));
        }

        /** {@link #setAscii} in dictionary mode for a value whose level was not looked up before: blank or new. */
        private void setNewAscii(int row, byte[] b, int off, int len, long hash) {
            if (blankAscii(b, off, len)) {
                set(row, null);
                return;
            }
            set(row, new String(b, off, len, StandardCharsets.ISO_8859_1));
            if (numbers == null) {
                remember(hash, codes[row]);
            }
        }

        private static boolean sameAscii(String level, byte[] b, int off, int len) {
            if (level.length() != len) {
                return false;
            }
            for (int i = 0; i < len; i++) {
                if (level.charAt(i) != b[off + i]) {
                    return false;
                }
            }
            return true;
        }

        private void remember(long hash, int code) {
            if ((slotsUsed + 1) * 2 > slotCodes.length) {
                int[] oldCodes = slotCodes;
                long[] oldHashes = slotHashes;
                slotCodes = new int[oldCodes.length * 2];
                slotHashes = new long[oldCodes.length * 2];
                for (int i = 0; i < oldCodes.length; i++) {
                    if (oldCodes[i] != 0) {
                        put(oldHashes[i], oldCodes[i]);
                    }
                }
            }
            put(hash, code + 1);
            slotsUsed++;
        }

        private void put(long hash, int slot) {
            int mask = slotCodes.length - 1;
            int i = (int) hash & mask;
            while (slotCodes[i] != 0) {
                i = (i + 1) & mask;
            }
            slotCodes[i] = slot;
            slotHashes[i] = hash;
        }

        private void forgetSlots() {
            slotCodes = new int[16];
            slotHashes = new long[16];
            slotsUsed = 0;
        }

        private void toNumbers() {
            generation++;
            numbers = new double[codes.length];
            for (int i = 0; i < codes.length; i++) {
                numbers[i] = codes[i] < 0 ? Double.NaN : levelNumbers[codes[i]];
            }
            dictionary = null;
            levels = null;
            levelNumbers = null;
            codes = null;
            forgetSlots();
        }

        /** Leaves numeric mode for good; the numbers so far get their plain-notation texts. */
        private void backToDictionary() {
            generation++;
            Dictionary d = derive(Arrays.copyOf(numbers, size));
            levels = new ArrayList<>(d.levels);
            dictionary = new HashMap<>();
            levelNumbers = new double[Math.max(64, levels.size() * 2)];
            for (int c = 0; c < levels.size(); c++) {
                dictionary.put(levels.get(c), c);
                levelNumbers[c] = parse(levels.get(c));
            }
            codes = Arrays.copyOf(d.codes, Math.max(1024, size));
            Arrays.fill(codes, size, codes.length, -1);
            numbers = null;
            allNumbers = false;
            forgetSlots();
        }

        private void ensure(int n) {
            if (n > codes.length) {
                int old = codes.length;
                codes = Arrays.copyOf(codes, Math.max(n, old + (old >> 1)));
                Arrays.fill(codes, old, codes.length, -1);
            }
            size = Math.max(size, n);
        }

        private void ensureNumbers(int n) {
            if (n > numbers.length) {
                int old = numbers.length;
                numbers = Arrays.copyOf(numbers, Math.max(n, old + (old >> 1)));
                Arrays.fill(numbers, old, numbers.length, Double.NaN);
            }
            size = Math.max(size, n);
        }

        DictionaryAttribute build(int rows) {
            if (numbers != null) {
                ensureNumbers(rows);
                return new DictionaryAttribute(name, Arrays.copyOf(numbers, rows));
            }
            ensure(rows);
            boolean numeric = allNumbers && !levels.isEmpty();
            return new DictionaryAttribute(name, new ArrayList<>(levels), Arrays.copyOf(codes, rows),
                    Arrays.copyOf(levelNumbers, levels.size()), numeric);
        }
    }
}
