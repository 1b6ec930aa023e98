package io.klarsyn.api.model;

/**
 * The three inputs of the canonical model. Metrics declare which they need; a data folder may hold
 * any subset, and metrics whose inputs are absent are skipped with a note, not failed.
 */
public enum DataKind {
    /** {@code customers.csv}. */
    CUSTOMERS("customers.csv"),
    /** {@code transactions.csv}. */
    TRANSACTIONS("transactions.csv"),
    /** {@code responses.csv}. */
    RESPONSES("responses.csv");

    private final String fileName;

    DataKind(String fileName) {
        this.fileName = fileName;
    }

    /** @return the canonical file name, e.g. {@code customers.csv}; also the key in metrics.json */
    public String fileName() {
        return fileName;
    }
}
