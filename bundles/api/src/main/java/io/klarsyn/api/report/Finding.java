package io.klarsyn.api.report;

/**
 * One data-quality finding about one record.
 *
 * @param line the record's first line (header = 1), or 0 when about the whole file
 * @param column the canonical column at fault, or {@code null} for the whole row
 * @param reason a stable reason code, e.g. {@code unparseable-date}, {@code unknown-customer},
 *        {@code duplicate-row}, {@code out-of-range}, {@code refund}
 * @param detail the specifics for a human, e.g. {@code '31.02.2024' is not a date}
 * @param rejected whether the record was rejected (otherwise kept with a warning)
 */
public record Finding(long line, String column, String reason, String detail, boolean rejected) {
}
