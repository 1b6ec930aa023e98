package io.klarsyn.engine.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.api.report.Finding;

/** Counts and findings for one input while it streams in. */
final class FileQualityBuilder {

    final String file;
    String details = "";
    List<String> columns = List.of();
    long read;
    long accepted;
    long rejected;
    long afterPeriod;
    private final Map<String, Long> rejectedByReason = new TreeMap<>();
    private final Map<String, Long> warningsByReason = new TreeMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, long[]> recordBlanks = new LinkedHashMap<>();
    private final Map<String, long[]> connectorBlanks = new LinkedHashMap<>();
    /** Header columns whose blanks the engine counts itself (see {@link #counts}). */
    private final java.util.Set<String> counted = new java.util.HashSet<>();
    private int latest = CustomerLedger.NO_DAY;

    FileQualityBuilder(String file) {
        this.file = file;
    }

    void begin(String source, List<String> columns, String details) {
        this.columns = columns == null ? List.of() : List.copyOf(columns);
        String d = details == null ? "" : details;
        if (source != null && !source.isBlank() && !source.equals(file)) {
            d = d.isEmpty() ? "read from " + source : "read from " + source + "; " + d;
        }
        this.details = d;
        for (String c : this.columns) {
            recordBlanks.putIfAbsent(c, new long[1]);
        }
    }

    void accept() {
        read++;
        accepted++;
    }

    void acceptAfterPeriod() {
        read++;
        accepted++;
        afterPeriod++;
    }

    /** {@code n} records accepted at once (a source's summary). */
    void accept(long n) {
        read += n;
        accepted += n;
    }

    /** {@code n} records accepted after the period at once. */
    void acceptAfterPeriod(long n) {
        read += n;
        accepted += n;
        afterPeriod += n;
    }

    /**
     * {@code n} records of one reason rejected at once, counted by the source (a database) without
     * their lines: one finding (line 0) per reason, the first time it comes.
     */
    void rejectCounted(String column, String reason, long n, String detail) {
        if (n <= 0) {
            return;
        }
        read += n;
        rejected += n;
        boolean first = !rejectedByReason.containsKey(reason);
        rejectedByReason.merge(reason, n, Long::sum);
        if (first && findings.size() < FileQuality.MAX_FINDINGS) {
            findings.add(new Finding(0, column, reason, detail, true));
        }
    }

    /** {@code n} warnings of one reason counted by the source without their lines: one finding (line 0) per reason. */
    void warnCounted(String column, String reason, long n, java.util.function.Supplier<String> detail) {
        if (n <= 0) {
            return;
        }
        boolean first = !warningsByReason.containsKey(reason);
        warningsByReason.merge(reason, n, Long::sum);
        if (first && findings.size() < FileQuality.MAX_FINDINGS) {
            findings.add(new Finding(0, column, reason, detail.get(), false));
        }
    }

    /** A connector's reject: its free-text reason is the detail, and its {@link #reasonCode} the reason. */
    void connectorReject(long line, String column, String reason) {
        reject(line, column, reasonCode(reason), reason);
    }

    void reject(long line, String column, String reason, String detail) {
        read++;
        rejected++;
        rejectedByReason.merge(reason, 1L, Long::sum);
        if (findings.size() < FileQuality.MAX_FINDINGS) {
            findings.add(new Finding(line, column, reason, detail, true));
        }
    }

    /** Like {@link #warn(long, String, String, String)}, building the text only while findings are listed. */
    void warn(long line, String column, String reason, java.util.function.Supplier<String> detail) {
        warn(line, column, reason, findings.size() < FileQuality.MAX_FINDINGS ? detail.get() : null);
    }

    /** Like {@link #reject(long, String, String, String)}, building the text only while findings are listed. */
    void reject(long line, String column, String reason, java.util.function.Supplier<String> detail) {
        reject(line, column, reason, findings.size() < FileQuality.MAX_FINDINGS ? detail.get() : null);
    }

    void warn(long line, String column, String reason, String detail) {
        warningsByReason.merge(reason, 1L, Long::sum);
        if (findings.size() < FileQuality.MAX_FINDINGS) {
            findings.add(new Finding(line, column, reason, detail, false));
        }
    }

    /** Counts a warning of {@code reason} without a finding: a row like one already listed. */
    void count(String reason) {
        warningsByReason.merge(reason, 1L, Long::sum);
    }

    /** A blank the engine saw in an accepted record; columns not in the header are ignored. */
    void blank(String column) {
        long[] n = recordBlanks.get(column);
        if (n != null) {
            n[0]++;
        }
    }

    /**
     * @return the counter of blanks of {@code column}, to increment directly; a throwaway one when
     *         the input has no such column (it is then not part of completeness)
     */
    long[] blankCounter(String column) {
        if (!columns.contains(column)) {
            return new long[1];
        }
        counted.add(column);
        return recordBlanks.computeIfAbsent(column, k -> new long[1]);
    }

    /**
     * Declares that the engine counts the blanks of these header columns in every accepted record
     * (through {@link #blank} or a {@link #blankCounter}): their completeness is then the engine's,
     * over the records kept, whatever blanks the connector reported in records rejected later.
     */
    void counts(java.util.Collection<String> engineColumns) {
        for (String c : engineColumns) {
            if (columns.contains(c)) {
                counted.add(c);
            }
        }
    }

    /** A blank the connector reported. */
    void connectorBlank(String column) {
        connectorBlanks.computeIfAbsent(column, k -> new long[1])[0]++;
    }

    void latest(int day) {
        if (day > latest) {
            latest = day;
        }
    }

    /**
     * Turns a connector's free-text reason ({@code unparseable date '31.02.2024'}) into a stable
     * code ({@code unparseable-date}): the words before the first quote, colon, bracket or digit.
     */
    static String reasonCode(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unparseable";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < reason.length(); i++) {
            char ch = reason.charAt(i);
            if (ch == '\'' || ch == '"' || ch == ':' || ch == '(' || ch == '[' || Character.isDigit(ch)) {
                break;
            }
            b.append(Character.isLetter(ch) ? Character.toLowerCase(ch) : '-');
        }
        String code = b.toString().replaceAll("-+", "-").replaceAll("^-|-$", "");
        if (code.isEmpty()) {
            return "unparseable";
        }
        return code.length() > 40 ? code.substring(0, 40).replaceAll("-$", "") : code.toLowerCase(Locale.ROOT);
    }

    FileQuality build(LocalDate asOf) {
        Map<String, Double> completeness = new LinkedHashMap<>();
        // the engine's counts for the columns it reads (blanks of accepted records only); the
        // connector's for the others, which only it sees
        List<String> cols = new ArrayList<>(columns);
        for (String c : connectorBlanks.keySet()) {
            if (!cols.contains(c)) {
                cols.add(c);
            }
        }
        for (String c : cols) {
            long[] n = counted.contains(c) || connectorBlanks.isEmpty() ? recordBlanks.get(c) : connectorBlanks.get(c);
            long blank = n == null ? 0 : n[0];
            double share = accepted == 0 ? Double.NaN : 1.0 - (double) Math.min(blank, accepted) / accepted;
            if (!Double.isNaN(share)) {
                completeness.put(c, share);
            }
        }
        LocalDate latestDate = latest == CustomerLedger.NO_DAY ? null : LocalDate.ofEpochDay(latest);
        Integer freshness = latestDate == null ? null : (int) (asOf.toEpochDay() - latest);
        return new FileQuality(file, details, read, accepted, rejected, afterPeriod, rejectedByReason,
                warningsByReason, findings, completeness, latestDate, freshness);
    }
}
