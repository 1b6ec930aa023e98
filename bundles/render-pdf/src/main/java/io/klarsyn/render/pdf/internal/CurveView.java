package io.klarsyn.render.pdf.internal;

import com.lowagie.text.DocumentException;
import io.klarsyn.api.result.Curve;

/** A curve such as a survival function, stepped when the metric says so, with its confidence band. */
final class CurveView implements ResultView<Curve> {

    @Override
    public void show(Curve r, Page p) throws DocumentException {
        p.subheading(p.t(r.titleKey()), Page.CHART_H);
        if (r.series().isEmpty()) {
            p.text(p.w("section.empty"), p.f(10));
        } else {
            p.chart(p.charts.curve(r), Page.CHART_H);
        }
    }
}
