package io.klarsyn.api.result;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lines over a numeric x axis: survival curves (x = months since acquisition, step lines with
 * confidence bands), cumulative tracking (x = weeks), Pareto curves.
 *
 * @param id stable id
 * @param titleKey message key of the title
 * @param xLabelKey message key of the x axis label
 * @param xUnit unit of x
 * @param yLabelKey message key of the y axis label
 * @param yUnit unit of y
 * @param step draw as a step function (survival)
 * @param series the lines
 * @param facts further values
 */
public record Curve(String id, String titleKey, String xLabelKey, Unit xUnit, String yLabelKey, Unit yUnit,
        boolean step, List<Line> series, Map<String, Object> facts) implements MetricResult {

    public Curve {
        Objects.requireNonNull(id, "id");
        titleKey = titleKey == null ? id : titleKey;
        series = List.copyOf(series);
        for (Line l : series) {
            if (l.x().length != l.y().length) {
                throw new IllegalArgumentException(id + ": line " + l.nameKey() + " x/y lengths differ");
            }
        }
        facts = Facts.copy(facts);
    }

    /**
     * One line.
     *
     * @param nameKey message key (or literal) of the legend entry
     * @param x x values, ascending
     * @param y y values ({@code NaN} = none)
     * @param lower lower band, or {@code null}
     * @param upper upper band, or {@code null}
     */
    public record Line(String nameKey, double[] x, double[] y, double[] lower, double[] upper) {
        public Line {
            Objects.requireNonNull(nameKey, "nameKey");
            Objects.requireNonNull(x, "x");
            Objects.requireNonNull(y, "y");
        }
    }
}
