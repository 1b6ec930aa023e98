package io.klarsyn.metrics.churn.internal;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.ledger.Attribute;
import io.klarsyn.api.metric.MetricContext;
import io.klarsyn.api.result.Facts;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Note;
import io.klarsyn.api.result.Table;
import io.klarsyn.api.result.Unit;

/**
 * The churn-driver regression (issue 4 §5): logistic regression of "lost within the window" on
 * the attributes named in {@code churn.drivers} plus {@code tenure_months}, over every customer
 * active at any time in the window (acquired by the period end and not lost before the window's
 * first day). Text attributes become one dummy per level against the most frequent level (terms
 * {@code attribute=level}); numeric attributes enter as they are. Customers with a blank driver
 * value are left out of the fit and counted.
 */
final class DriverModel {

    static final String INTERCEPT = "(Intercept)";
    static final String TENURE = "tenure_months";

    private DriverModel() {
    }

    static List<MetricResult> results(MetricContext ctx, Lifetimes lt, List<String> names, int windowMonths) {
        List<MetricResult> out = new ArrayList<>();
        List<Attribute> attrs = new ArrayList<>();
        for (String name : names) {
            if (name.equals(TENURE) || attrs.stream().anyMatch(a -> a.name().equals(name))) {
                continue;
            }
            Attribute a = ctx.ledger().attribute(name);
            if (a == null) {
                ctx.info("churn.drivers names '" + name + "', which is not a column of customers.csv");
                out.add(new Note("churn.drivers.unknown." + name, Note.Severity.WARNING, "churn.drivers.unknown",
                        List.of(name), Facts.of("attribute", name)));
                continue;
            }
            attrs.add(a);
        }
        YearMonth first = lt.month(lt.period).minusMonths(windowMonths - 1L);
        int windowStart = (int) first.atDay(1).toEpochDay();

        int k = attrs.size();
        boolean[] inSample = new boolean[lt.n];
        int[][] levelCount = new int[k][];
        for (int a = 0; a < k; a++) {
            levelCount[a] = new int[attrs.get(a).levels().size()];
        }
        int n = 0;
        int missing = 0;
        for (int i = 0; i < lt.n; i++) {
            if ((i & 0xFFFF) == 0) {
                ctx.checkCancelled();
            }
            if (lt.isLost(i) && lt.lost[i] < windowStart) {
                continue;
            }
            boolean complete = true;
            for (int a = 0; a < k && complete; a++) {
                Attribute at = attrs.get(a);
                complete = at.numeric() ? !Double.isNaN(at.number(lt.row[i])) : at.code(lt.row[i]) >= 0;
            }
            if (!complete) {
                missing++;
                continue;
            }
            inSample[i] = true;
            n++;
            for (int a = 0; a < k; a++) {
                Attribute at = attrs.get(a);
                if (!at.numeric()) {
                    levelCount[a][at.code(lt.row[i])]++;
                }
            }
        }
        List<String> terms = new ArrayList<>();
        terms.add(INTERCEPT);
        int[][] column = new int[k][];
        Map<String, Object> reference = new LinkedHashMap<>();
        int[] numericColumn = new int[k];
        for (int a = 0; a < k; a++) {
            Attribute at = attrs.get(a);
            if (at.numeric()) {
                numericColumn[a] = terms.size();
                terms.add(at.name());
                continue;
            }
            int ref = 0;
            for (int c = 1; c < levelCount[a].length; c++) {
                if (levelCount[a][c] > levelCount[a][ref]) {
                    ref = c;
                }
            }
            column[a] = new int[levelCount[a].length];
            Arrays.fill(column[a], -1);
            if (levelCount[a].length > 0) {
                reference.put(at.name(), at.levels().get(ref));
            }
            for (int c = 0; c < levelCount[a].length; c++) {
                if (c != ref && levelCount[a][c] > 0) {
                    column[a][c] = terms.size();
                    terms.add(at.name() + "=" + at.levels().get(c));
                }
            }
        }
        int tenureColumn = terms.size();
        terms.add(TENURE);
        int width = k + 2;
        int[] idx = new int[n * width];
        double[] val = new double[n * width];
        boolean[] y = new boolean[n];
        int r = 0;
        for (int i = 0; i < lt.n; i++) {
            if ((i & 0xFFFF) == 0) {
                ctx.checkCancelled();
            }
            if (!inSample[i]) {
                continue;
            }
            int o = r * width;
            idx[o] = 0;
            val[o] = 1;
            for (int a = 0; a < k; a++) {
                Attribute at = attrs.get(a);
                if (at.numeric()) {
                    idx[o + 1 + a] = numericColumn[a];
                    val[o + 1 + a] = at.number(lt.row[i]);
                } else {
                    int col = column[a][at.code(lt.row[i])];
                    idx[o + 1 + a] = col;
                    val[o + 1 + a] = col < 0 ? 0 : 1;
                }
            }
            idx[o + k + 1] = tenureColumn;
            val[o + k + 1] = lt.tenureMonths(i);
            y[r] = lt.isLost(i);
            r++;
        }
        if (missing > 0) {
            ctx.info(missing + " customers left out of the churn-driver model for a blank driver value");
            out.add(new Note("churn.drivers.excludedMissing", Note.Severity.INFO, "churn.note.driversExcludedMissing",
                    List.of(missing), Map.of()));
        }
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("n", n);
        base.put("windowMonths", windowMonths);
        base.put("fromMonth", first.toString());
        base.put("excludedMissing", missing);
        base.put("reference", reference);
        if (n == 0) {
            out.add(new Note("churn.drivers", Note.Severity.WARNING, "churn.drivers.failed.noData", List.of(), base));
            return out;
        }
        var design = new LogisticRegression.Design(n, terms.size(), width, idx, val);
        LogisticRegression.Outcome outcome = LogisticRegression.fit(design, y, ctx::cancelled);
        if (outcome instanceof LogisticRegression.Failure f) {
            String term = terms.get(f.column());
            base.put("reason", f.reason());
            base.put("term", term);
            base.put("iterations", f.iterations());
            ctx.info("churn-driver model not fitted: " + f.reason() + " (" + term + ")");
            out.add(new Note("churn.drivers", Note.Severity.WARNING, "churn.drivers.failed." + f.reason(),
                    List.of(term), base));
            return out;
        }
        LogisticRegression.Fit fit = (LogisticRegression.Fit) outcome;
        List<List<Object>> rows = new ArrayList<>();
        for (int j = 0; j < terms.size(); j++) {
            double b = fit.beta()[j];
            double se = fit.se()[j];
            rows.add(Arrays.asList(terms.get(j), b, se, Math.exp(b), Math.exp(b - Stats.Z95 * se),
                    Math.exp(b + Stats.Z95 * se), fit.p(j)));
        }
        Map<String, Object> facts = new LinkedHashMap<>(base);
        facts.put("events", fit.events());
        facts.put("logLikelihood", fit.logLikelihood());
        facts.put("nullLogLikelihood", fit.nullLogLikelihood());
        facts.put("mcFaddenR2", fit.mcFaddenR2());
        facts.put("auc", fit.auc());
        facts.put("converged", fit.converged());
        facts.put("iterations", fit.iterations());
        out.add(new Table("churn.drivers", "churn.drivers", List.of(
                new Table.Column("term", "churn.col.term", Unit.TEXT),
                new Table.Column("coef", "churn.col.coef", Unit.NUMBER),
                new Table.Column("se", "churn.col.se", Unit.NUMBER),
                new Table.Column("oddsRatio", "churn.col.oddsRatio", Unit.NUMBER),
                new Table.Column("orLower", "churn.col.orLower", Unit.NUMBER),
                new Table.Column("orUpper", "churn.col.orUpper", Unit.NUMBER),
                new Table.Column("p", "churn.col.p", Unit.NUMBER)), rows, facts));
        if (!fit.converged()) {
            Note note = new Note("churn.drivers.notConverged", Note.Severity.WARNING, "churn.drivers.notConverged",
                    List.of(fit.iterations()), Map.of());
            out.add(note);
            ctx.unstable(note);
        }
        return out;
    }
}
