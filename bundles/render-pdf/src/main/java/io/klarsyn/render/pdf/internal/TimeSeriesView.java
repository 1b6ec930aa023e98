package io.klarsyn.render.pdf.internal;

import com.lowagie.text.DocumentException;
import io.klarsyn.api.result.TimeSeries;

/** Months on the x axis, one line per series (with its band when the series has one). */
final class TimeSeriesView implements ResultView<TimeSeries> {

    @Override
    public void show(TimeSeries r, Page p) throws DocumentException {
        p.subheading(p.t(r.titleKey()), Page.CHART_H);
        if (r.months().isEmpty() || r.series().isEmpty()) {
            p.text(p.w("section.empty"), p.f(10));
        } else {
            p.chart(p.charts.timeSeries(r), Page.CHART_H);
        }
    }
}
