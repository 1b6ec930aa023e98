package io.klarsyn.api.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Data quality of one input. Invariant: {@code read == accepted + rejected}.
 *
 * @param file the input's name
 * @param details how it was read (encoding, delimiter, formats)
 * @param read records read (blank lines and the header are not records)
 * @param accepted records kept (including {@code afterPeriod} ones)
 * @param rejected records rejected, each with a finding
 * @param afterPeriod accepted records dated after the period end: kept for later periods, left out
 *        of this report; not an error
 * @param rejectedByReason rejected count per reason code (e.g. {@code unparseable-date})
 * @param warningsByReason kept-but-suspicious count per reason code (e.g. {@code refund})
 * @param findings the individual findings, the first {@link #MAX_FINDINGS} in line order
 * @param completeness share (0…1) of accepted records with a non-blank value, per column
 * @param latest the latest date in the accepted records (as-of cut ignored), or {@code null}
 * @param freshnessDays days from {@code latest} to the period end (negative = data beyond it), or {@code null}
 */
public record FileQuality(String file, String details, long read, long accepted, long rejected, long afterPeriod,
        Map<String, Long> rejectedByReason, Map<String, Long> warningsByReason, List<Finding> findings,
        Map<String, Double> completeness, LocalDate latest, Integer freshnessDays) {

    /** At most this many findings are listed per file; the counts are always complete. */
    public static final int MAX_FINDINGS = 1000;

    public FileQuality {
        rejectedByReason = Map.copyOf(rejectedByReason);
        warningsByReason = Map.copyOf(warningsByReason);
        findings = List.copyOf(findings);
        completeness = Map.copyOf(completeness);
    }
}
