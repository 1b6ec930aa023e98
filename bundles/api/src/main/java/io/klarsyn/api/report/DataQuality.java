package io.klarsyn.api.report;

import java.util.Map;

/**
 * The data-quality picture of one run (DESIGN §5, seeds/000), as written to metrics.json →
 * {@code dataQuality}.
 *
 * @param files per input, keyed by file name ({@code customers.csv}, ...), in reading order
 * @param totals what the report used: accepted rows within the as-of cut
 */
public record DataQuality(Map<String, FileQuality> files, Totals totals) {

    public DataQuality {
        files = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
    }

    /**
     * @param customers customers in the ledger
     * @param transactions transactions counted
     * @param revenue their total amount, refunds included
     * @param responses survey responses counted
     */
    public record Totals(long customers, long transactions, double revenue, long responses) {
    }
}
