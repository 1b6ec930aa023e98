package io.klarsyn.generator;

import java.time.YearMonth;

/**
 * What to generate.
 *
 * @param customers   number of customers (≥ 1), including the opening base acquired before the window
 * @param months      length of the data window in calendar months (≥ 1), ending with {@code end}
 * @param seed        PRNG seed; same options give byte-identical files
 * @param nordic      write as a Norwegian Excel export (semicolon, decimal comma, BOM, dd.MM.yyyy, CRLF,
 *                    space as thousands separator) instead of the canonical form
 * @param end         last full month of data (inclusive)
 * @param contractual write {@code churned_on} and stop purchases at churn; false gives pure BG/NBD data
 * @param faultRate   per clean row, probability of inserting one extra faulty row (0 = clean files)
 */
public record GeneratorOptions(int customers, int months, long seed, boolean nordic, YearMonth end,
                               boolean contractual, double faultRate) {

    public GeneratorOptions {
        if (customers < 1) throw new IllegalArgumentException("customers must be >= 1, was " + customers);
        if (months < 1 || months > 600) throw new IllegalArgumentException("months must be in 1..600, was " + months);
        if (end == null) throw new IllegalArgumentException("end month is required");
        if (!(faultRate >= 0 && faultRate <= 0.5)) throw new IllegalArgumentException("faultRate must be in [0, 0.5], was " + faultRate);
    }

    /** 3 000 customers, 24 months, seed 42, canonical format, ending last month, contractual, no faults. */
    public static GeneratorOptions defaults() {
        return new GeneratorOptions(3000, 24, 42L, false, YearMonth.now().minusMonths(1), true, 0.0);
    }

    public GeneratorOptions withCustomers(int n) { return new GeneratorOptions(n, months, seed, nordic, end, contractual, faultRate); }
    public GeneratorOptions withMonths(int m) { return new GeneratorOptions(customers, m, seed, nordic, end, contractual, faultRate); }
    public GeneratorOptions withSeed(long s) { return new GeneratorOptions(customers, months, s, nordic, end, contractual, faultRate); }
    public GeneratorOptions withNordic(boolean b) { return new GeneratorOptions(customers, months, seed, b, end, contractual, faultRate); }
    public GeneratorOptions withEnd(YearMonth e) { return new GeneratorOptions(customers, months, seed, nordic, e, contractual, faultRate); }
    public GeneratorOptions withContractual(boolean b) { return new GeneratorOptions(customers, months, seed, nordic, end, b, faultRate); }
    public GeneratorOptions withFaultRate(double f) { return new GeneratorOptions(customers, months, seed, nordic, end, contractual, f); }
}
