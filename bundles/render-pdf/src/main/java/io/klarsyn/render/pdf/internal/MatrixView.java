package io.klarsyn.render.pdf.internal;

import com.lowagie.text.Chunk;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import io.klarsyn.api.result.Matrix;
import io.klarsyn.api.result.Unit;
import java.awt.Color;
import java.time.YearMonth;

/** A matrix as a heat map in the brand's colour, with its scale as a legend. */
final class MatrixView implements ResultView<Matrix> {

    @Override
    public void show(Matrix mx, Page p) throws DocumentException {
        int cols = mx.columnLabels().size();
        if (cols == 0 || mx.rowLabels().isEmpty()) {
            p.subheading(p.t(mx.titleKey()), 80);
            p.text(p.w("section.empty"), p.f(10));
            return;
        }
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (double[] row : mx.values()) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        PdfPTable pt = new PdfPTable(cols + 1);
        pt.setTotalWidth(p.doc.right() - p.doc.left());
        pt.setLockedWidth(true);
        pt.setSpacingBefore(4);
        pt.setHeaderRows(1);
        float[] widths = new float[cols + 1];
        java.util.Arrays.fill(widths, 1f);
        widths[0] = 2.2f;
        pt.setWidths(widths);
        float size = cols > 12 ? 6.5f : 7.5f;
        pt.addCell(headCell(p, ""));
        for (String c : mx.columnLabels()) {
            pt.addCell(headCell(p, Charts.abbreviate(p.t(c), 10)));
        }
        int rows = Math.min(mx.rowLabels().size(), 40);
        for (int r = 0; r < rows; r++) {
            String label = mx.rowLabels().get(r);
            // a cohort's month (2025-03) as the p.charts' month axis shows it (mar 25)
            label = Page.ISO_MONTH.matcher(label).matches() ? p.fmt.shortMonth(YearMonth.parse(label)) : p.t(label);
            PdfPCell rl = new PdfPCell(new Phrase(Charts.abbreviate(label, 22), p.f(size)));
            rl.setBorder(Rectangle.NO_BORDER);
            rl.setPadding(2.5f);
            pt.addCell(rl);
            for (int c = 0; c < cols; c++) {
                double v = mx.values()[r][c];
                PdfPCell cell;
                if (Double.isNaN(v)) {
                    cell = new PdfPCell(new Phrase("", p.f(size)));
                    cell.setBackgroundColor(Color.WHITE);
                } else {
                    double x = hi > lo ? (v - lo) / (hi - lo) : 1;
                    Color bg = p.shade(x);
                    String s = mx.unit() == Unit.FRACTION ? p.fmt.number(v * 100, 0) : p.fmt.cell(v, mx.unit());
                    cell = new PdfPCell(new Phrase(s, p.fonts.font(size, false, x > 0.55 ? Color.WHITE : Page.TEXT)));
                    cell.setBackgroundColor(bg);
                }
                cell.setBorderColor(Color.WHITE);
                cell.setBorderWidth(0.8f);
                cell.setPadding(2.5f);
                cell.setHorizontalAlignment(Element.ALIGN_CENTER);
                pt.addCell(cell);
            }
        }
        // the heading, the map and its legend on one page when they fit on one (the legend was left alone
        // at the top of the next page)
        float whole = pt.getTotalHeight() + 40;
        p.subheading(p.t(mx.titleKey()), Math.min(whole, p.doc.top() - p.doc.bottom() - 60));
        p.doc.add(pt);
        Paragraph legend = new Paragraph("", p.f(9));
        legend.setSpacingBefore(4);
        legend.add(new Chunk(p.w("legend.low") + " " + p.fmt.cell(lo, mx.unit()) + "  ", p.fonts.font(8, false, Page.MUTED)));
        for (int i = 0; i <= 8; i++) {
            Chunk sw = new Chunk("█", p.fonts.font(10, false, p.shade(i / 8.0)));
            legend.add(sw);
        }
        legend.add(new Chunk("  " + p.w("legend.high") + " " + p.fmt.cell(hi, mx.unit())
                + (mx.unit() == Unit.FRACTION ? "  (%)" : ""), p.fonts.font(8, false, Page.MUTED)));
        if (mx.rowLabels().size() > rows) {
            legend.add(new Chunk("   " + p.w("table.more", mx.rowLabels().size() - rows), p.fonts.font(8, false, Page.MUTED)));
        }
        legend.setSpacingAfter(10);
        p.doc.add(legend);
    }

    static PdfPCell headCell(Page p, String s) {
        PdfPCell c = new PdfPCell(new Phrase(s, p.fonts.font(7, true, Page.TEXT)));
        c.setBorder(Rectangle.BOTTOM);
        c.setBorderColor(p.brand);
        c.setPadding(2.5f);
        c.setHorizontalAlignment(Element.ALIGN_CENTER);
        return c;
    }
}
