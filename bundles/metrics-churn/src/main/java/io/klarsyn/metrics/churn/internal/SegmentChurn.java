package io.klarsyn.metrics.churn.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import io.klarsyn.api.ledger.Attribute;
import io.klarsyn.api.metric.MetricContext;
import io.klarsyn.api.result.Categories;
import io.klarsyn.api.result.Facts;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Note;
import io.klarsyn.api.result.Table;
import io.klarsyn.api.result.Unit;

/**
 * Churn per level of one customer attribute: the period month's rate (lost / active at its start)
 * and the 12-month rate by the seed's formula. Levels with a base under {@code churn.minBase} are
 * flagged, not hidden. The chart shows the {@value #CHART_LEVELS} largest levels and pools the rest.
 */
final class SegmentChurn {

    static final int CHART_LEVELS = 10;
    static final String BLANK = "(blank)";

    private SegmentChurn() {
    }

    static List<MetricResult> results(MetricContext ctx, Lifetimes lt, String name, int minBase) {
        String id = "churn.by." + name;
        Attribute a = ctx.ledger().attribute(name);
        if (a == null) {
            ctx.info("churn.segments names '" + name + "', which is not a column of customers.csv");
            return List.of(new Note(id, Note.Severity.WARNING, "churn.segment.unknown", List.of(name),
                    Facts.of("attribute", name, "available", ctx.ledger().attributeNames())));
        }
        Levels lv = Levels.of(a, lt.row);
        int levels = lv.labels.size();
        int blank = levels;
        int p = lt.period;
        int w0 = p - 11;
        long[] start = new long[levels + 1];
        long[] lost = new long[levels + 1];
        long[] lost12 = new long[levels + 1];
        long[][] startDiff = new long[levels + 1][13];
        for (int i = 0; i < lt.n; i++) {
            if ((i & 0xFFFF) == 0) {
                ctx.checkCancelled();
            }
            int c = lv.code[i];
            if (c < 0) {
                c = blank;
            }
            int am = lt.acquiredMonth[i];
            int lm = lt.lostMonth[i];
            if (am < p && lm >= p) {
                start[c]++;
            }
            if (lm == p) {
                lost[c]++;
            }
            if (lm != Integer.MAX_VALUE && lm >= w0 && lm <= p) {
                lost12[c]++;
            }
            int from = Math.max(am + 1, w0);
            int to = Math.min(lm, p);
            if (from <= to) {
                startDiff[c][from - w0]++;
                startDiff[c][to - w0 + 1]--;
            }
        }
        double[] avg12 = new double[levels + 1];
        for (int c = 0; c <= levels; c++) {
            long run = 0;
            long sum = 0;
            for (int k = 0; k < 12; k++) {
                run += startDiff[c][k];
                if (w0 + k >= 0) {
                    sum += run;
                }
            }
            avg12[c] = sum / 12.0;
        }
        Integer[] order = new Integer[levels + 1];
        for (int c = 0; c <= levels; c++) {
            order[c] = c;
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(c -> c == blank ? 1 : 0)
                .thenComparingLong(c -> -start[c]).thenComparingInt(c -> c));
        List<List<Object>> rows = new ArrayList<>();
        List<String> small = new ArrayList<>();
        for (int c : order) {
            if (c == blank && start[c] == 0 && lost12[c] == 0 && avg12[c] == 0) {
                continue;
            }
            String level = c == blank ? BLANK : lv.labels.get(c);
            boolean below = start[c] < minBase;
            if (below) {
                small.add(level);
            }
            rows.add(Arrays.asList(level, start[c], lost[c], start[c] == 0 ? null : (double) lost[c] / start[c], below,
                    lost12[c], avg12[c], w0 < 0 || avg12[c] == 0 ? null : lost12[c] / avg12[c]));
        }
        List<Table.Column> cols = List.of(new Table.Column("level", "churn.col.level", Unit.TEXT),
                new Table.Column("activeAtStart", "churn.col.activeAtStart", Unit.COUNT),
                new Table.Column("lost", "churn.col.lost", Unit.COUNT),
                new Table.Column("rate", "churn.col.rate", Unit.FRACTION),
                new Table.Column("belowMinBase", "churn.col.belowMinBase", Unit.TEXT),
                new Table.Column("lost12m", "churn.col.lost12m", Unit.COUNT),
                new Table.Column("averageCustomers12m", "churn.col.averageCustomers12m", Unit.NUMBER),
                new Table.Column("rate12m", "churn.col.rate12m", Unit.FRACTION));
        List<MetricResult> out = new ArrayList<>();
        out.add(new Table(id, id, cols, rows, Facts.of("attribute", name, "month",
                lt.month(p).toString(), "minBase", minBase, "belowMinBase", small, "levels", rows.size(), "binned",
                lv.binned)));
        out.add(chart(id, name, lv, order, blank, start, lost, lost12, avg12, w0 >= 0, small));
        return out;
    }

    private static Categories chart(String id, String name, Levels a, Integer[] order, int blank, long[] start,
            long[] lost, long[] lost12, double[] avg12, boolean full12, List<String> small) {
        List<String> cats = new ArrayList<>();
        List<Double> monthly = new ArrayList<>();
        List<Double> yearly = new ArrayList<>();
        long oStart = 0, oLost = 0, oLost12 = 0;
        double oAvg = 0;
        int shown = 0;
        int pooled = 0;
        for (int c : order) {
            boolean empty = start[c] == 0 && avg12[c] == 0 && lost12[c] == 0;
            if (empty) {
                continue;
            }
            if (c != blank && shown < CHART_LEVELS) {
                cats.add(a.labels.get(c));
                monthly.add(start[c] == 0 ? Double.NaN : (double) lost[c] / start[c]);
                yearly.add(!full12 || avg12[c] == 0 ? Double.NaN : lost12[c] / avg12[c]);
                shown++;
            } else {
                oStart += start[c];
                oLost += lost[c];
                oLost12 += lost12[c];
                oAvg += avg12[c];
                pooled++;
            }
        }
        if (pooled > 0) {
            cats.add("churn.others");
            monthly.add(oStart == 0 ? Double.NaN : (double) oLost / oStart);
            yearly.add(!full12 || oAvg == 0 ? Double.NaN : oLost12 / oAvg);
        }
        return new Categories(id + ".chart", id + ".chart", Unit.FRACTION, cats,
                List.of(new Categories.Series("churn.monthly.rate", monthly.stream().mapToDouble(d -> d).toArray()),
                        new Categories.Series("churn.12m.rate", yearly.stream().mapToDouble(d -> d).toArray())),
                false, Facts.of("attribute", name, "pooledLevels", pooled, "belowMinBase", small));
    }
}
