package io.klarsyn.render.pdf.internal;

import com.lowagie.text.DocumentException;
import io.klarsyn.api.result.Distribution;

/** A histogram of the distribution's bins. */
final class DistributionView implements ResultView<Distribution> {

    @Override
    public void show(Distribution r, Page p) throws DocumentException {
        p.subheading(p.t(r.titleKey()), Page.CHART_H);
        p.chart(p.charts.distribution(r), Page.CHART_H);
    }
}
