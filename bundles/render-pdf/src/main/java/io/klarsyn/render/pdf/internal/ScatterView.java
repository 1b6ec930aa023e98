package io.klarsyn.render.pdf.internal;

import com.lowagie.text.DocumentException;
import io.klarsyn.api.result.Scatter;

/** Labelled points with the quadrant split, e.g. the importance–performance matrix. */
final class ScatterView implements ResultView<Scatter> {

    @Override
    public void show(Scatter r, Page p) throws DocumentException {
        p.subheading(p.t(r.titleKey()), 300);
        if (r.points().isEmpty()) {
            p.text(p.w("section.empty"), p.f(10));
        } else {
            p.chart(p.charts.scatter(r), 300);
        }
    }
}
