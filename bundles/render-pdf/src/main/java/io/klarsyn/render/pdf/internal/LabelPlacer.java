package io.klarsyn.render.pdf.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Places the point labels of a scatter so that none covers another label or another point: each
 * label sits beside its point (to its right, or to its left when {@code leftward}), on the first
 * free line of {@code lineHeight} above or below it, trying the nearest lines first.
 */
final class LabelPlacer {

    /** Half the size of a point's marker, in points: a label keeps off it. */
    static final double MARKER = 3;

    private LabelPlacer() {
    }

    /**
     * @param x the points' x in data units
     * @param y the points' y in data units
     * @param width each label's width in points
     * @param leftward whether the label extends to the left of its point
     * @param lineHeight a label's height in points
     * @param unitsPerPointX data units of x per point of the page
     * @param unitsPerPointY data units of y per point of the page
     * @return each label's baseline (the bottom of its box) in data units of y
     */
    static double[] place(double[] x, double[] y, double[] width, boolean[] leftward, double lineHeight,
            double unitsPerPointX, double unitsPerPointY) {
        int n = x.length;
        double[] out = new double[n];
        List<double[]> taken = new ArrayList<>(); // boxes in points: x0, x1, y0, y1
        for (int i = 0; i < n; i++) {
            double cx = x[i] / unitsPerPointX;
            double cy = y[i] / unitsPerPointY;
            taken.add(new double[] {cx - MARKER, cx + MARKER, cy - MARKER, cy + MARKER});
        }
        Integer[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble((Integer i) -> -y[i]))
                .toArray(Integer[]::new);
        for (int i : order) {
            double cx = x[i] / unitsPerPointX;
            double cy = y[i] / unitsPerPointY;
            double x0 = leftward[i] ? cx - width[i] : cx;
            double x1 = leftward[i] ? cx : cx + width[i];
            double chosen = cy + 1;
            for (int step = 0; step < 40; step++) {
                // 0: just above, 1: just below, 2: a line higher, 3: a line lower, ...
                int k = step / 2;
                double bottom = step % 2 == 0 ? cy + 1 + k * lineHeight : cy - 1 - lineHeight - k * lineHeight;
                double[] box = {x0, x1, bottom, bottom + lineHeight};
                if (free(box, taken, i, n)) {
                    chosen = bottom;
                    break;
                }
            }
            taken.add(new double[] {x0, x1, chosen, chosen + lineHeight});
            out[i] = chosen * unitsPerPointY;
        }
        return out;
    }

    /** @return whether the box overlaps no taken box but its own point's marker ({@code self}) */
    private static boolean free(double[] box, List<double[]> taken, int self, int points) {
        for (int j = 0; j < taken.size(); j++) {
            if (j == self && j < points) {
                continue;
            }
            double[] t = taken.get(j);
            if (box[0] < t[1] && t[0] < box[1] && box[2] < t[3] && t[2] < box[3]) {
                return false;
            }
        }
        return true;
    }

    /** @return whether two label boxes (x0, x1, y0, y1) overlap; for tests */
    static boolean overlap(double[] a, double[] b) {
        return a[0] < b[1] && b[0] < a[1] && a[2] < b[3] && b[2] < a[3];
    }
}
