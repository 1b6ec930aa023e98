package io.klarsyn.render.pdf.internal;

import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.pdf.PdfPTable;
import io.klarsyn.api.result.MetricResult;
import java.util.Map;

/**
 * A result of a type this renderer has no view for: its title and its facts as a two-column table, so
 * nothing a metric computed is silently left out of the report.
 */
final class GenericView implements ResultView<MetricResult> {

    @Override
    public void show(MetricResult r, Page p) throws DocumentException {
        p.subheading(p.t(r.titleKey()), 60);
        if (r.facts().isEmpty()) {
            p.text(p.w("result.unknownType", r.getClass().getSimpleName()), p.fonts.font(9, false, Page.MUTED));
            return;
        }
        PdfPTable pt = new PdfPTable(new float[] {2f, 3f});
        pt.setWidthPercentage(100);
        pt.setSpacingBefore(4);
        pt.setSpacingAfter(8);
        for (Map.Entry<String, Object> e : r.facts().entrySet()) {
            String label = p.find("fact." + e.getKey());
            pt.addCell(p.plain(label == null ? e.getKey() : label, Element.ALIGN_LEFT, Page.MUTED));
            pt.addCell(p.plain(p.factValue(e.getKey(), e.getValue()), Element.ALIGN_LEFT, Page.TEXT));
        }
        p.doc.add(pt);
    }
}
