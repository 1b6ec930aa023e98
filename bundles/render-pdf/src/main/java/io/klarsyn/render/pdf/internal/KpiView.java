package io.klarsyn.render.pdf.internal;

import com.lowagie.text.DocumentException;
import io.klarsyn.api.result.Kpi;

/** A figure as a tile beside the section's other figures, with its changes against last month and last year. */
final class KpiView implements ResultView<Kpi> {

    @Override
    public void show(Kpi r, Page p) throws DocumentException {
        p.row.add(r);
    }

    @Override
    public boolean tile() {
        return true;
    }
}
