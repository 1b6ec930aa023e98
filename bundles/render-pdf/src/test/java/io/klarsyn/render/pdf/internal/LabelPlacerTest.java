package io.klarsyn.render.pdf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 17 item 10: no point label hidden under another label or point. */
class LabelPlacerTest {

    @Test
    void labelsOfNearbyPointsDoNotOverlapEachOtherOrThePoints() {
        // six drivers close together (as in the demo's importance-performance chart), 1 unit = 1 point
        double[] x = {100, 104, 110, 98, 300, 302};
        double[] y = {100, 103, 99, 96, 50, 52};
        double[] w = {90, 70, 80, 60, 100, 100};
        boolean[] left = {false, false, false, false, true, true};
        double[] base = LabelPlacer.place(x, y, w, left, 9, 1, 1);
        double[][] boxes = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            boxes[i] = new double[] {left[i] ? x[i] - w[i] : x[i], left[i] ? x[i] : x[i] + w[i], base[i], base[i] + 9};
        }
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                if (i != j) {
                    assertThat(LabelPlacer.overlap(boxes[i], boxes[j])).as("labels %d and %d", i, j).isFalse();
                    double[] point = {x[j] - LabelPlacer.MARKER, x[j] + LabelPlacer.MARKER, y[j] - LabelPlacer.MARKER,
                            y[j] + LabelPlacer.MARKER};
                    assertThat(LabelPlacer.overlap(boxes[i], point)).as("label %d over point %d", i, j).isFalse();
                }
            }
        }
        // a lone point keeps its label just above it
        assertThat(LabelPlacer.place(new double[] {0}, new double[] {0}, new double[] {50}, new boolean[] {false}, 9, 1,
                1)[0]).isEqualTo(1);
    }
}
