package io.klarsyn.render.pdf.internal;

import com.lowagie.text.DocumentException;
import io.klarsyn.api.result.Categories;

/** Horizontal bars per category, as tall as the categories need. */
final class CategoriesView implements ResultView<Categories> {

    @Override
    public void show(Categories r, Page p) throws DocumentException {
        float height = height(r);
        p.subheading(p.t(r.titleKey()), height);
        if (r.categories().isEmpty()) {
            p.text(p.w("section.empty"), p.f(10));
        } else {
            p.chart(p.charts.categories(r), height);
        }
    }

    static float height(Categories c) {
        int n = Math.min(c.categories().size(), Charts.MAX_CATEGORIES);
        int bars = n * (c.stacked() ? 1 : Math.max(1, c.series().size()));
        return Math.max(Page.CHART_H * 0.8f, Math.min(430, 60 + bars * 14));
    }
}
