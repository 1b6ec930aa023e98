package io.klarsyn.render.pdf.internal;

import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import io.klarsyn.api.result.Table;
import io.klarsyn.api.result.Unit;
import java.awt.Color;
import java.util.List;

/** A table: headers sized so words never break, long tables cut at {@link Page#MAX_TABLE_ROWS} rows with a count of the rest. */
final class TableView implements ResultView<Table> {

    @Override
    public void show(Table tb, Page p) throws DocumentException {
        p.subheading(p.t(tb.titleKey()), 80);
        int cols = tb.columns().size();
        if (cols == 0 || tb.rows().isEmpty()) {
            p.text(p.w("section.empty"), p.f(10));
            return;
        }
        PdfPTable pt = new PdfPTable(cols);
        pt.setWidthPercentage(100);
        pt.setHeaderRows(1);
        pt.setSpacingBefore(4);
        pt.setSpacingAfter(10);
        // Column widths in points: every column at least as wide as its header's longest word (so headers
        // wrap between words, never inside one), the rest of the page shared by header length. When the
        // longest words alone do not fit, the header font shrinks (down to 6 pt) until they do.
        float available = p.doc.right() - p.doc.left();
        float headerSize = 8f;
        float[] minimum = new float[cols];
        float[] share = new float[cols];
        for (int attempt = 0; attempt < 5; attempt++) {
            float sum = 0;
            for (int i = 0; i < cols; i++) {
                Table.Column c = tb.columns().get(i);
                String label = p.t(c.labelKey());
                String unitSuffix = c.unit() == Unit.CURRENCY || c.unit() == Unit.TEXT || c.unit() == Unit.NUMBER
                        || c.unit() == Unit.FRACTION || c.unit() == Unit.COUNT ? "" : p.fmt.unitSuffix(c.unit(), p::w);
                float longest = 0;
                for (String word : Charts.withUnit(label, unitSuffix).split("[\\s/–-]+")) {
                    longest = Math.max(longest, p.fonts.font(headerSize, true, Color.WHITE).getBaseFont()
                            .getWidthPoint(word, headerSize));
                }
                if (c.unit() == Unit.TEXT) {
                    // text cells (driver and segment names) must not break inside a word either
                    for (int r = 0; r < Math.min(tb.rows().size(), Page.MAX_TABLE_ROWS); r++) {
                        if (tb.rows().get(r).get(i) instanceof String cellValue) {
                            for (String word : cellText(p, tb, c, cellValue).split("\\s+")) {
                                longest = Math.max(longest, p.fonts.font(8.5f, false, Color.BLACK).getBaseFont()
                                        .getWidthPoint(word, 8.5f));
                            }
                        }
                    }
                }
                minimum[i] = longest + 9;
                float byLabel = Math.min(2.4f, Math.max(1f, label.length() / 11f));
                share[i] = c.unit() == Unit.TEXT ? Math.max(2.2f, byLabel) : byLabel;
                sum += minimum[i];
            }
            if (sum <= available || headerSize <= 6f) {
                break;
            }
            headerSize = Math.max(6f, headerSize * available / sum);
        }
        float minSum = 0;
        float shareSum = 0;
        for (int i = 0; i < cols; i++) {
            minSum += minimum[i];
            shareSum += share[i];
        }
        float[] widths = new float[cols];
        for (int i = 0; i < cols; i++) {
            widths[i] = minimum[i] + Math.max(0, available - minSum) * share[i] / shareSum;
        }
        pt.setWidths(widths);
        for (Table.Column c : tb.columns()) {
            String label = p.t(c.labelKey());
            if (!label.isEmpty() && Character.isLowerCase(label.charAt(0))) {
                // a header that is a data name (an attribute such as "plan") still reads as a header
                label = Character.toUpperCase(label.charAt(0)) + label.substring(1);
            }
            String suffix = c.unit() == Unit.CURRENCY || c.unit() == Unit.TEXT || c.unit() == Unit.NUMBER
                    || c.unit() == Unit.FRACTION || c.unit() == Unit.COUNT ? "" : p.fmt.unitSuffix(c.unit(), p::w);
            PdfPCell h = new PdfPCell(new Phrase(Charts.withUnit(label, suffix), p.fonts.font(headerSize, true, Color.WHITE)));
            h.setBackgroundColor(p.brand);
            h.setBorderColor(p.brand);
            h.setPadding(4);
            h.setHorizontalAlignment(c.unit() == Unit.TEXT ? Element.ALIGN_LEFT : Element.ALIGN_RIGHT);
            pt.addCell(h);
        }
        int shown = tb.rows().size() > Page.MAX_TABLE_ROWS ? Page.MAX_TABLE_ROWS - 1 : tb.rows().size();
        for (int r = 0; r < shown; r++) {
            List<Object> row = tb.rows().get(r);
            for (int i = 0; i < cols; i++) {
                Table.Column c = tb.columns().get(i);
                Object v = row.get(i);
                String s = v instanceof String str ? cellText(p, tb, c, str)
                        : v instanceof Boolean b ? p.w(b ? "cell.yes" : "cell.no")
                        : Page.isPValue(c) && v instanceof Number n && n.doubleValue() < 0.001 ? "< " + p.fmt.number(0.001, 3)
                        : p.fmt.cell(v, c.unit());
                PdfPCell cell = new PdfPCell(new Phrase(s, p.f(8.5f)));
                cell.setPadding(3.5f);
                cell.setBorderColor(new Color(0xE0, 0xE0, 0xE0));
                cell.setBorder(Rectangle.BOTTOM);
                if (r % 2 == 1) {
                    cell.setBackgroundColor(new Color(0xF6, 0xF6, 0xF6));
                }
                cell.setHorizontalAlignment(v instanceof Number ? Element.ALIGN_RIGHT : Element.ALIGN_LEFT);
                pt.addCell(cell);
            }
        }
        if (shown < tb.rows().size()) {
            PdfPCell more = new PdfPCell(new Phrase(p.w("table.more", p.fmt.number(tb.rows().size() - shown, 0)),
                    p.fonts.font(8.5f, false, Page.MUTED)));
            more.setColspan(cols);
            more.setBorder(Rectangle.NO_BORDER);
            more.setPadding(4);
            pt.addCell(more);
        }
        p.doc.add(pt);
    }

    /** A text cell may be a message key, or a value keyed "column.value" or "metric.column.value" (trust → cx.driver.trust). */
    static String cellText(Page p, Table tb, Table.Column c, String value) {
        String direct = p.find(value);
        if (direct != null) {
            return direct;
        }
        String prefixed = p.find(c.id() + "." + value);
        if (prefixed != null) {
            return prefixed;
        }
        int dot = tb.id().indexOf('.');
        String metric = p.find((dot < 0 ? tb.id() : tb.id().substring(0, dot)) + "." + c.id() + "." + value);
        if (metric != null) {
            return metric;
        }
        String dated = p.isoDates(value); // a last purchase 2026-10-13 reads 13. okt. 2026
        return dated != null ? dated : value;
    }
}
