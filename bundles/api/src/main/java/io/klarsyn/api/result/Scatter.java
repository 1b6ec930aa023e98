package io.klarsyn.api.result;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Labelled points, optionally split into quadrants: the importance–performance matrix
 * (x = importance, y = performance), high-value customers at risk.
 *
 * @param id stable id
 * @param titleKey message key of the title
 * @param xLabelKey message key of the x axis
 * @param xUnit unit of x
 * @param yLabelKey message key of the y axis
 * @param yUnit unit of y
 * @param points the points
 * @param xSplit where the vertical quadrant line is, or {@code null} for none
 * @param ySplit where the horizontal quadrant line is, or {@code null}
 * @param quadrantKeys message keys naming the quadrants: top-left, top-right, bottom-left,
 *        bottom-right; empty for none
 * @param facts further values
 */
public record Scatter(String id, String titleKey, String xLabelKey, Unit xUnit, String yLabelKey, Unit yUnit,
        List<Point> points, Double xSplit, Double ySplit, List<String> quadrantKeys,
        Map<String, Object> facts) implements MetricResult {

    public Scatter {
        Objects.requireNonNull(id, "id");
        titleKey = titleKey == null ? id : titleKey;
        points = List.copyOf(points);
        quadrantKeys = quadrantKeys == null ? List.of() : List.copyOf(quadrantKeys);
        if (!quadrantKeys.isEmpty() && quadrantKeys.size() != 4) {
            throw new IllegalArgumentException(id + ": give four quadrant keys or none");
        }
        facts = Facts.copy(facts);
    }

    /**
     * @param label the point's label (data or message key)
     * @param x x value
     * @param y y value
     * @param group a group name for colouring (e.g. the quadrant), or {@code null}
     */
    public record Point(String label, double x, double y, String group) {
    }
}
