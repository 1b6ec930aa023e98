package io.klarsyn.render.pdf.internal;

import com.lowagie.text.Chunk;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Paragraph;
import io.klarsyn.api.result.Note;

/** A sentence for the reader, marked ⚠ when it is a warning and ℹ when it informs. */
final class NoteView implements ResultView<Note> {

    @Override
    public void show(Note n, Page p) throws DocumentException {
        boolean warn = n.severity() == Note.Severity.WARNING;
        Paragraph par = new Paragraph("", p.f(9));
        par.add(new Chunk(warn ? "⚠  " : "ℹ  ", p.fonts.font(11, true, warn ? Page.BAD : p.brand)));
        par.add(new Chunk(title(n, p), p.f(10.5f)));
        par.setLeading(14);
        par.setSpacingAfter(6);
        p.doc.add(par);
    }

    @Override
    public String title(Note n, Page p) {
        return p.sentence(n.messageKey(), n.args());
    }
}
