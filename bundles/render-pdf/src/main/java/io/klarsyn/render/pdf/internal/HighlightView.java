package io.klarsyn.render.pdf.internal;

import com.lowagie.text.DocumentException;
import com.lowagie.text.Paragraph;
import io.klarsyn.api.result.Highlight;

/** A summary sentence: on the summary page by its rank, and in bold in its own section. */
final class HighlightView implements ResultView<Highlight> {

    @Override
    public void show(Highlight h, Page p) throws DocumentException {
        Paragraph par = new Paragraph(title(h, p), p.b(10));
        par.setSpacingBefore(6);
        par.setSpacingAfter(6);
        p.doc.add(par);
    }

    @Override
    public String title(Highlight h, Page p) {
        return p.sentence(h.messageKey(), h.args());
    }
}
