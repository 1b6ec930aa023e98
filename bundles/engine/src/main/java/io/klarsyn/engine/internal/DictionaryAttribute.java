package io.klarsyn.engine.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.ledger.Attribute;

/** A dictionary-encoded attribute column; {@link Builder} appends one code per customer. */
final class DictionaryAttribute implements Attribute {

    private final String name;
    private final List<String> levels;
    private final int[] codes;
    private final double[] levelNumbers;
    private final boolean numeric;

    private DictionaryAttribute(String name, List<String> levels, int[] codes) {
        this.name = name;
        this.levels = Collections.unmodifiableList(levels);
        this.codes = codes;
        this.levelNumbers = new double[levels.size()];
        boolean allNumbers = !levels.isEmpty();
        for (int i = 0; i < levels.size(); i++) {
            levelNumbers[i] = parse(levels.get(i));
            allNumbers &= !Double.isNaN(levelNumbers[i]);
        }
        this.numeric = allNumbers;
    }

    static double parse(String s) {
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
        return levels;
    }

    @Override
    public int code(int i) {
        return codes[i];
    }

    @Override
    public double number(int i) {
        int c = codes[i];
        return c < 0 || !numeric ? Double.NaN : levelNumbers[c];
    }

    /** Appends codes for customer rows 0, 1, 2, ... */
    static final class Builder {
        private final String name;
        private final Map<String, Integer> dictionary = new HashMap<>();
        private final List<String> levels = new ArrayList<>();
        private int[] codes = new int[1024];
        private int size;

        Builder(String name) {
            this.name = name;
            Arrays.fill(codes, -1);
        }

        /** Sets the value of row {@code row}; rows skipped are blank. */
        void set(int row, String value) {
            ensure(row + 1);
            int code = -1;
            if (value != null && !value.isBlank()) {
                Integer c = dictionary.get(value);
                if (c == null) {
                    c = levels.size();
                    dictionary.put(value, c);
                    levels.add(value);
                }
                code = c;
            }
            codes[row] = code;
        }

        private void ensure(int n) {
            if (n > codes.length) {
                int old = codes.length;
                codes = Arrays.copyOf(codes, Math.max(n, old + (old >> 1)));
                Arrays.fill(codes, old, codes.length, -1);
            }
            size = Math.max(size, n);
        }

        DictionaryAttribute build(int rows) {
            ensure(rows);
            return new DictionaryAttribute(name, new ArrayList<>(levels), Arrays.copyOf(codes, rows));
        }
    }
}
