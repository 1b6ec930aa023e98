package io.klarsyn.metrics.cx.internal;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.ledger.Attribute;
import io.klarsyn.api.ledger.SurveyTable;

/**
 * One pass over the survey table: per-month score counts (the last {@code months} months),
 * per-month driver sums, touchpoint and segment groups over the trailing window, and the
 * listwise-complete rows' cross-products for the driver analysis. A blank score only leaves
 * that score's counts.
 */
final class Aggregates {

    /**
     * The level of responses without a touchpoint or segment value: a message key, so the report shows
     * the translated "(missing)" rather than a bare dash.
     */
    static final String MISSING = "cx.level.missing";

    /** Counts of one breakdown cell. */
    static final class Group {
        long pro;
        long pas;
        long det;
        long csatN;
        long csatTop2;
        long cesN;
        double cesSum;
    }

    final int months;
    final long[] pro;
    final long[] pas;
    final long[] det;
    final long[] csatN;
    final long[] csatTop2;
    final double[] csatSum;
    final long[] cesN;
    final long[] ces57;
    final double[] cesSum;
    final double[] cesSumSq;
    final double[][] drvSum;
    final long[][] drvN;
    /** Driver sums over the trailing window (all non-blank ratings). */
    final double[] drvWindowSum;
    final long[] drvWindowN;
    final Map<String, Group> touchpoints = new LinkedHashMap<>();
    final List<Map<String, Group>> segmentGroups = new ArrayList<>();
    /** Outcome (nps) first, then the drivers; rows complete on all of them within the window. */
    final Drivers.Accumulator listwise;
    /** Responses in the window with an NPS score but at least one blank driver. */
    long incomplete;
    /** Responses in the window with a blank NPS score. */
    long npsBlank;

    private Aggregates(int months, int drivers, int segments) {
        this.months = months;
        pro = new long[months];
        pas = new long[months];
        det = new long[months];
        csatN = new long[months];
        csatTop2 = new long[months];
        csatSum = new double[months];
        cesN = new long[months];
        ces57 = new long[months];
        cesSum = new double[months];
        cesSumSq = new double[months];
        drvSum = new double[drivers][months];
        drvN = new long[drivers][months];
        drvWindowSum = new double[drivers];
        drvWindowN = new long[drivers];
        for (int s = 0; s < segments; s++) {
            segmentGroups.add(new LinkedHashMap<>());
        }
        listwise = new Drivers.Accumulator(drivers + 1);
    }

    Stats.Nps nps(int m) {
        return new Stats.Nps(pro[m], pas[m], det[m]);
    }

    /**
     * @param last the report month (index months − 1)
     * @param window trailing months for the groups and the driver analysis
     */
    static Aggregates scan(SurveyTable t, YearMonth last, int months, int window, List<Attribute> segments,
            Runnable cancel) {
        int k = t.drivers().size();
        Aggregates a = new Aggregates(months, k, segments.size());
        YearMonth first = last.minusMonths(months - 1);
        int[] start = new int[months + 1];
        for (int m = 0; m <= months; m++) {
            start[m] = (int) first.plusMonths(m).atDay(1).toEpochDay();
        }
        int firstWindow = months - window;
        double[] row = new double[k + 1];
        int n = t.size();
        for (int i = 0; i < n; i++) {
            if ((i & 0xFFFF) == 0) {
                cancel.run();
            }
            int day = t.day(i);
            if (day < start[0] || day >= start[months]) {
                continue;
            }
            int m = monthIndex(start, day);
            int nps = t.nps(i);
            int cls = 2;
            if (nps != SurveyTable.MISSING) {
                if (nps < 0 || nps > 10) {
                    throw new IllegalArgumentException("response " + (i + 1) + ": likelihood to recommend must be 0–10, was " + nps);
                }
                cls = Stats.npsClass(nps);
                if (cls > 0) {
                    a.pro[m]++;
                } else if (cls == 0) {
                    a.pas[m]++;
                } else {
                    a.det[m]++;
                }
            }
            int csat = t.csat(i);
            if (csat != SurveyTable.MISSING) {
                if (csat < 1 || csat > 5) {
                    throw new IllegalArgumentException("response " + (i + 1) + ": CSAT must be 1–5, was " + csat);
                }
                a.csatN[m]++;
                a.csatSum[m] += csat;
                if (csat >= 4) {
                    a.csatTop2[m]++;
                }
            }
            int ces = t.ces(i);
            if (ces != SurveyTable.MISSING) {
                if (ces < 1 || ces > 7) {
                    throw new IllegalArgumentException("response " + (i + 1) + ": CES must be 1–7, was " + ces);
                }
                a.cesN[m]++;
                a.cesSum[m] += ces;
                a.cesSumSq[m] += (double) ces * ces;
                if (ces >= 5) {
                    a.ces57[m]++;
                }
            }
            boolean inWindow = m >= firstWindow;
            boolean complete = true;
            for (int d = 0; d < k; d++) {
                double v = t.driver(d, i);
                row[d + 1] = v;
                if (Double.isNaN(v)) {
                    complete = false;
                } else {
                    a.drvSum[d][m] += v;
                    a.drvN[d][m]++;
                    if (inWindow) {
                        a.drvWindowSum[d] += v;
                        a.drvWindowN[d]++;
                    }
                }
            }
            if (!inWindow) {
                continue;
            }
            if (cls == 2) {
                a.npsBlank++;
            } else if (complete) {
                row[0] = nps;
                a.listwise.add(row);
            } else {
                a.incomplete++;
            }
            String tp = t.touchpoint(i);
            add(a.touchpoints, tp == null || tp.isBlank() ? MISSING : tp, cls, csat, ces);
            int c = t.customer(i);
            for (int s = 0; s < segments.size(); s++) {
                String level = c < 0 ? null : segments.get(s).value(c);
                add(a.segmentGroups.get(s), level == null || level.isBlank() ? MISSING : level, cls, csat, ces);
            }
        }
        return a;
    }

    private static void add(Map<String, Group> groups, String key, int cls, int csat, int ces) {
        Group g = groups.computeIfAbsent(key, x -> new Group());
        if (cls == 1) {
            g.pro++;
        } else if (cls == 0) {
            g.pas++;
        } else if (cls == -1) {
            g.det++;
        }
        if (csat != SurveyTable.MISSING) {
            g.csatN++;
            if (csat >= 4) {
                g.csatTop2++;
            }
        }
        if (ces != SurveyTable.MISSING) {
            g.cesN++;
            g.cesSum += ces;
        }
    }

    private static int monthIndex(int[] start, int day) {
        int lo = 0;
        int hi = start.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (start[mid] <= day) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
