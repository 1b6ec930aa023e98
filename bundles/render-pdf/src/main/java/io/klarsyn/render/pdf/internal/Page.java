package io.klarsyn.render.pdf.internal;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.ColumnText;
import com.lowagie.text.pdf.PdfAction;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfOutline;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;
import io.klarsyn.api.report.DataQuality;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.api.report.Finding;
import io.klarsyn.api.report.Messages;
import io.klarsyn.api.report.ReportModel;
import io.klarsyn.api.report.ReportSection;
import io.klarsyn.api.report.SectionStatus;
import io.klarsyn.api.result.Direction;
import io.klarsyn.api.result.Highlight;
import io.klarsyn.api.result.Kpi;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Note;
import io.klarsyn.api.result.Quantity;
import io.klarsyn.api.result.Table;
import io.klarsyn.api.result.TimeSeries;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.text.MessageFormat;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jfree.chart.JFreeChart;

/**
 * One rendering of one report: all per-document state lives here, so the renderer component is stateless and
 * thread-safe. Lays out the document's structure (cover, summary, sections, appendices); each result type is laid
 * out by its {@link ResultView}.
 */
final class Page {
    static final Pattern ISO_MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern ISO_DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern ISO_MONTHS = Pattern.compile("\\d{4}-\\d{2}\\.\\.\\d{4}-\\d{2}");
    /** Tiles on the summary page at most: three rows of four, one cell for the legend. */
    static final int MAX_TILES = 11;
    static final int MAX_TABLE_ROWS = 25;
    static final Color GOOD = new Color(0x1B, 0x7F, 0x3B);
    static final Color BAD = new Color(0xC0, 0x39, 0x2B);
    static final Color NEUTRAL = new Color(0x66, 0x66, 0x66);
    static final Color TEXT = new Color(0x22, 0x22, 0x22);
    static final Color MUTED = new Color(0x6B, 0x6B, 0x6B);
    static final Color DEFAULT_BRAND = new Color(0x1F, 0x4E, 0x79);
    static final float CHART_W = 495f;
    static final float CHART_H = 230f;

    final ReportModel m;
    final Views views;
    /** The contributor whose texts {@link #t} looks up: the section being laid out, or the engine. */
    String scope = Messages.ENGINE;
    final Messages texts;
    final ResourceBundle words;
    final Fmt fmt;
    final Fonts fonts = new Fonts();
    final Color brand;
    final Charts charts;
    Document doc;
    PdfWriter writer;
    int anchors;
    boolean shortBefore;
    /** KPI tiles of the current section waiting to be laid out as a row of four. */
    final List<Kpi> row = new ArrayList<>();
    /** Each result's contributor, so a result shown outside its section (on the summary) keeps its metric's words. */
    final Map<MetricResult, String> owner = new IdentityHashMap<>();

    Page(ReportModel m, Views views) {
        this.views = views;
        this.m = m;
        this.texts = m.messages();
        this.words = ResourceBundle.getBundle("io.klarsyn.render.pdf.internal.messages", m.locale(),
                PdfReportRenderer.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        this.fmt = new Fmt(m.locale(), m.currency());
        this.brand = parseColor(m.branding().color());
        for (ReportSection s : m.sections()) {
            s.results().forEach(r -> owner.put(r, s.metricId()));
        }
        this.charts = new Charts(fmt, new Charts.Palette(brand, GOOD, BAD, NEUTRAL), this::w, this::t);
    }

    String w(String key) {
        try {
            return words.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
    }

    String w(String key, Object... args) {
        return new MessageFormat(w(key), fmt.locale()).format(args);
    }

    /** @return the current scope's text for {@code key}, or the key itself (a data label such as a segment name) */
    String t(String key) {
        if (key == null) {
            return "";
        }
        String s = find(key);
        return s == null ? key : s;
    }

    /** @return the result's title in the words of the metric that returned it */
    String titleOf(MetricResult r) {
        return texts.text(owner.getOrDefault(r, scope), r.titleKey());
    }

    /** @return the current scope's text for {@code key}, or null */
    String find(String key) {
        return texts.find(scope, key);
    }

    /** Lays out {@code body} with the texts of {@code contributor} (a metric's id, or the engine). */
    void in(String contributor, Layout body) throws DocumentException {
        String before = scope;
        scope = contributor;
        try {
            body.run();
        } finally {
            scope = before;
        }
    }

    /** A piece of layout that may fail as the document does. */
    interface Layout {
        void run() throws DocumentException;
    }

    Font f(float size) {
        return fonts.font(size, false, TEXT);
    }

    Font b(float size) {
        return fonts.font(size, true, TEXT);
    }

    String client() {
        String c = m.branding().clientName();
        return c == null || c.isBlank() ? m.job() : c;
    }

    byte[] render() throws DocumentException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        doc = new Document(PageSize.A4, 50, 50, 56, 56);
        writer = PdfWriter.getInstance(doc, out);
        writer.setFullCompression();
        writer.setPageEvent(new Footer());
        String title = w("report.title") + " – " + client() + " – " + fmt.month(m.period().month());
        doc.addTitle(title);
        doc.addAuthor("Klarsyn");
        doc.addSubject(w("report.subject", client()));
        doc.addCreator("Klarsyn PDF renderer");
        doc.addKeywords(m.job() + ", " + m.period());
        doc.open();
        cover();
        summary();
        List<ReportSection> sections = new ArrayList<>(m.sections());
        sections.sort(Comparator.comparingInt(ReportSection::order));
        for (ReportSection s : sections) {
            section(s);
        }
        dataQuality();
        methodology();
        doc.close();
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- structure

    void heading(String title) throws DocumentException {
        heading(title, true);
    }

    void heading(String title, boolean newPage) throws DocumentException {
        if (newPage) {
            doc.newPage();
        } else {
            ensure(120);
            doc.add(spacer(18));
        }
        String anchor = "s" + (++anchors);
        Chunk c = new Chunk(title, fonts.font(17, true, brand));
        c.setLocalDestination(anchor);
        Paragraph p = new Paragraph(c);
        p.setSpacingAfter(4);
        doc.add(p);
        rule();
        new PdfOutline(writer.getDirectContent().getRootOutline(), PdfAction.gotoLocalPage(anchor, false), title);
    }

    Paragraph spacer(float h) {
        Paragraph p = new Paragraph(" ", f(4));
        p.setLeading(h);
        return p;
    }

    void rule() throws DocumentException {
        PdfPTable line = new PdfPTable(1);
        line.setWidthPercentage(100);
        PdfPCell cell = new PdfPCell();
        cell.setBorder(Rectangle.BOTTOM);
        cell.setBorderColorBottom(brand);
        cell.setBorderWidthBottom(1.2f);
        cell.setFixedHeight(2);
        line.addCell(cell);
        line.setSpacingAfter(10);
        doc.add(line);
    }

    void subheading(String text) throws DocumentException {
        subheading(text, 80);
    }

    void subheading(String text, float keepWith) throws DocumentException {
        // the heading's own height and spacing (about 30) and the image's spacing and leading that
        // iText adds before placing it (about 25): with less, a chart that just fits moves to the next
        // page and leaves its heading orphaned at the end of this one
        ensure(keepWith + 60);
        Paragraph p = new Paragraph(text, b(11));
        p.setSpacingBefore(8);
        p.setSpacingAfter(4);
        p.setKeepTogether(true);
        doc.add(p);
    }

    void text(String s, Font font) throws DocumentException {
        Paragraph p = new Paragraph(s, font);
        p.setLeading(font.getSize() * 1.35f);
        p.setSpacingAfter(5);
        doc.add(p);
    }

    void ensure(float height) {
        if (writer.getVerticalPosition(true) - doc.bottom() < height) {
            doc.newPage();
        }
    }

    void chart(JFreeChart chart, float height) throws DocumentException {
        ensure(height + 8);
        PdfContentByte cb = writer.getDirectContent();
        PdfTemplate tpl = cb.createTemplate(CHART_W, height);
        Graphics2D g2 = tpl.createGraphics(CHART_W, height, fonts);
        try {
            chart.draw(g2, new Rectangle2D.Double(0, 0, CHART_W, height));
        } finally {
            g2.dispose();
        }
        Image img = Image.getInstance(tpl);
        img.setAlignment(Element.ALIGN_CENTER);
        img.setSpacingAfter(8);
        doc.add(img);
    }

    // ---------------------------------------------------------------- cover

    void cover() throws DocumentException {
        PdfContentByte cb = writer.getDirectContentUnder();
        Rectangle page = doc.getPageSize();
        cb.saveState();
        cb.setColorFill(brand);
        cb.rectangle(0, page.getHeight() - 170, page.getWidth(), 170);
        cb.fill();
        cb.rectangle(0, 0, page.getWidth(), 14);
        cb.fill();
        cb.restoreState();
        String anchor = "s" + (++anchors);
        Chunk top = new Chunk(client(), fonts.font(28, true, Color.WHITE));
        top.setLocalDestination(anchor);
        Paragraph name = new Paragraph(top);
        name.setSpacingBefore(30);
        doc.add(name);
        Paragraph rt = new Paragraph(w("report.title"), fonts.font(16, false, Color.WHITE));
        doc.add(rt);
        new PdfOutline(writer.getDirectContent().getRootOutline(), PdfAction.gotoLocalPage(anchor, false),
                client() + " – " + w("report.title"));
        byte[] logo = m.branding().logo();
        Paragraph spacer = new Paragraph(" ", f(12));
        spacer.setSpacingBefore(90);
        doc.add(spacer);
        if (logo != null && logo.length > 0) {
            try {
                Image img = Image.getInstance(logo);
                img.scaleToFit(180, 90);
                img.setAlignment(Element.ALIGN_LEFT);
                img.setSpacingAfter(20);
                doc.add(img);
            } catch (Exception e) {
                text("[logo: " + e.getMessage() + "]", fonts.font(8, false, MUTED));
            }
        }
        Paragraph period = new Paragraph(fmt.month(m.period().month()), fonts.font(24, true, brand));
        period.setSpacingBefore(20);
        doc.add(period);
        text(w("cover.period", fmt.date(m.period().firstDay()) + " – " + fmt.date(m.period().lastDay())), f(12));
        if (m.asOf() != null) {
            text(w("cover.asOf", fmt.date(m.asOf())), f(12));
        }
        if (m.generatedAt() != null) {
            ZoneId z = m.period().zone();
            text(w("cover.generated", m.generatedAt().atZone(z).format(
                    DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(fmt.locale()))),
                    fonts.font(10, false, MUTED));
        }
        if (m.status() != null && m.status() != io.klarsyn.api.run.RunStatus.SUCCESS) {
            text(w("status." + m.status().name()), fonts.font(12, true, BAD));
        }
    }

    /** When the run is not SUCCESS: its status and every reason, in the words of whoever gave it. */
    void statusBox() throws DocumentException {
        PdfPTable box = new PdfPTable(1);
        box.setWidthPercentage(100);
        box.setSpacingAfter(12);
        box.setKeepTogether(true);
        PdfPCell c = new PdfPCell();
        c.setBorderColor(BAD);
        c.setBorderWidth(0.8f);
        c.setBorderWidthLeft(4f);
        c.setPadding(8);
        Paragraph head = new Paragraph(w("status." + m.status().name()), fonts.font(12, true, BAD));
        head.setSpacingAfter(4);
        c.addElement(head);
        Paragraph why = new Paragraph(w("status.explained." + m.status().name()), f(9.5f));
        why.setSpacingAfter(4);
        c.addElement(why);
        for (Note n : m.statusReasons()) {
            Object scope = n.facts().get("scope");
            String before = this.scope;
            this.scope = scope == null ? io.klarsyn.api.report.Messages.ENGINE : scope.toString();
            try {
                Paragraph p = new Paragraph("", f(9.5f));
                p.add(new Chunk("•  ", b(10)));
                p.add(new Chunk(sentence(n.messageKey(), n.args()), f(10)));
                p.setLeading(13);
                p.setIndentationLeft(10);
                p.setFirstLineIndent(-10);
                c.addElement(p);
            } finally {
                this.scope = before;
            }
        }
        box.addCell(c);
        doc.add(box);
    }

    // ---------------------------------------------------------------- summary

    void summary() throws DocumentException {
        heading(w("summary.title"));
        if (m.status() != null && m.status() != io.klarsyn.api.run.RunStatus.SUCCESS) {
            statusBox();
        }
        List<Kpi> kpis = headlines(m.sections(), Kpi.class);
        PdfPTable tiles = new PdfPTable(4);
        tiles.setWidthPercentage(100);
        tiles.setSpacingAfter(14);
        for (Kpi k : kpis.subList(0, Math.min(MAX_TILES, kpis.size()))) {
            tiles.addCell(tile(k));
        }
        legendCell(tiles);
        tiles.completeRow();
        doc.add(tiles);
        for (String s : sentences(kpis)) {
            Paragraph p = new Paragraph("", f(9));
            p.add(new Chunk("•  ", b(11)));
            p.add(new Chunk(s, f(11)));
            p.setLeading(15);
            p.setSpacingAfter(6);
            p.setIndentationLeft(12);
            p.setFirstLineIndent(-12);
            doc.add(p);
        }
        TimeSeries trend = firstTrend();
        float room = writer.getVerticalPosition(true) - doc.bottom();
        if (trend != null && room > 200) {
            Paragraph h = new Paragraph(titleOf(trend), b(11));
            h.setSpacingBefore(10);
            h.setSpacingAfter(4);
            doc.add(h);
            float height = Math.min(CHART_H, room - 50);
            in(owner.get(trend), () -> chart(charts.timeSeries(trend), height));
        }
    }

    /** The summary page shows the first trend of the report (by section order) when it fits on the page. */
    TimeSeries firstTrend() {
        List<ReportSection> sections = new ArrayList<>(m.sections());
        sections.sort(Comparator.comparingInt(ReportSection::order));
        for (ReportSection s : sections) {
            for (MetricResult r : s.results()) {
                if (r instanceof TimeSeries ts && !ts.months().isEmpty() && !ts.series().isEmpty()) {
                    return ts;
                }
            }
        }
        return null;
    }

    void legendCell(PdfPTable tiles) {
        PdfPCell c = new PdfPCell();
        c.setBorder(Rectangle.NO_BORDER);
        c.setPadding(8);
        Paragraph p = new Paragraph("", f(9));
        p.add(new Chunk("▲▼ ", fonts.font(9, true, GOOD)));
        p.add(new Chunk(w("summary.change.good") + "\n", fonts.font(8, false, MUTED)));
        p.add(new Chunk("▲▼ ", fonts.font(9, true, BAD)));
        p.add(new Chunk(w("summary.change.bad") + "\n", fonts.font(8, false, MUTED)));
        p.add(new Chunk("▲▼ ", fonts.font(9, true, NEUTRAL)));
        p.add(new Chunk(w("summary.change.neutral"), fonts.font(8, false, MUTED)));
        c.addElement(p);
        tiles.addCell(c);
    }

    PdfPCell tile(Kpi k) {
        PdfPCell c = new PdfPCell();
        c.setBorderColor(new Color(0xD0, 0xD0, 0xD0));
        c.setBorderWidth(0.6f);
        c.setBorderWidthTop(3f);
        c.setBorderColorTop(brand);
        c.setPadding(7);
        c.setPaddingBottom(9);
        c.setMinimumHeight(92);
        Paragraph h = new Paragraph(titleOf(k), fonts.font(8.5f, false, MUTED));
        h.setLeading(10.5f);
        c.addElement(h);
        if (k.value() == null) {
            Paragraph v = new Paragraph(w("summary.noData"), fonts.font(13, false, MUTED));
            v.setSpacingBefore(6);
            c.addElement(v);
            return c;
        }
        // a tile is a quarter of the text width; a long value (NOK 1,234,567) gets a smaller font
        // rather than breaking inside the number
        String text = fmt.value(k.value(), k.unit());
        float room = (doc.right() - doc.left()) / 4 - 2 * 7 - 2;
        float size = 19;
        while (size > 10 && fonts.bold.getWidthPoint(text, size) > room) {
            size -= 0.5f;
        }
        Paragraph v = new Paragraph(text, fonts.font(size, true, TEXT));
        v.setSpacingBefore(3 + (19 - size) / 2);
        v.setLeading(23 - (19 - size) / 2);
        c.addElement(v);
        c.addElement(delta(k, k.previous(), w("summary.vsPrevious")));
        c.addElement(delta(k, k.lastYear(), w("summary.vsLastYear")));
        return c;
    }

    Paragraph delta(Kpi k, Double base, String label) {
        Paragraph p = new Paragraph("", f(9));
        p.setLeading(11);
        if (base == null || base.isNaN()) {
            p.add(new Chunk("– " + label, fonts.font(8, false, MUTED)));
            return p;
        }
        double d = k.value() - base;
        // as precise as the value above it; a change that rounds to nothing there is shown as none
        String change = fmt.change(d, k.value(), k.unit());
        boolean none = change.startsWith("±");
        Color c = none ? NEUTRAL : colour(k.direction(), d);
        String arrow = none ? "■ " : d > 0 ? "▲ " : "▼ ";
        p.add(new Chunk(arrow + change, fonts.font(8f, true, c)));
        p.add(new Chunk(" " + label, fonts.font(7f, false, MUTED)));
        return p;
    }

    static Color colour(Direction dir, double d) {
        if (d == 0 || dir == Direction.NEUTRAL || Double.isNaN(d)) {
            return NEUTRAL;
        }
        boolean good = (d > 0) == (dir == Direction.HIGHER_IS_BETTER);
        return good ? GOOD : BAD;
    }

    static double relative(double now, double base) {
        return Math.abs(now - base) / Math.max(Math.abs(base), 1e-9);
    }

    List<String> sentences(List<Kpi> kpis) {
        List<String> out = new ArrayList<>();
        List<Kpi> changed = new ArrayList<>();
        for (Kpi k : kpis) {
            if (k != null && k.value() != null && k.previous() != null && !k.value().equals(k.previous())) {
                changed.add(k);
            }
        }
        changed.sort(Comparator.comparingDouble((Kpi k) -> -relative(k.value(), k.previous())));
        for (Kpi k : changed.subList(0, Math.min(3, changed.size()))) {
            double d = k.value() - k.previous();
            String judge = colour(k.direction(), d) == GOOD ? w("summary.change.good")
                    : colour(k.direction(), d) == BAD ? w("summary.change.bad") : w("summary.change.neutral");
            out.add(w(d > 0 ? "summary.change.up" : "summary.change.down", titleOf(k),
                    fmt.value(k.previous(), k.unit()), fmt.value(k.value(), k.unit()), judge));
        }
        if (changed.isEmpty()) {
            out.add(w("summary.noChanges"));
        }
        Kpi yoy = null;
        for (Kpi k : kpis) {
            if (k != null && k.value() != null && k.lastYear() != null && !changed.subList(0, Math.min(3, changed.size())).contains(k)
                    && (yoy == null || relative(k.value(), k.lastYear()) > relative(yoy.value(), yoy.lastYear()))) {
                yoy = k;
            }
        }
        if (yoy != null) {
            out.add(w("summary.yoy", titleOf(yoy), fmt.change(yoy.value() - yoy.lastYear(), yoy.value(), yoy.unit())));
        }
        String before = scope;
        for (Highlight h : headlines(m.sections(), Highlight.class)) {
            scope = owner.get(h);
            out.add(sentence(h.messageKey(), h.args()));
        }
        scope = before;
        List<String> failed = new ArrayList<>();
        for (ReportSection s : m.sections()) {
            if (s.status() != SectionStatus.OK) {
                failed.add(sectionTitle(s));
            }
        }
        if (!failed.isEmpty()) {
            out.add(w("summary.failed", String.join(", ", failed)));
        }
        // "p.p." or "mnd." at a sentence end must not get a second full stop.
        out.replaceAll(x -> x.replace("..", "."));
        return out.subList(0, Math.min(6, out.size()));
    }

    /**
     * The headline KPIs (or the highlights) of the OK sections: by rank, then by section order, then
     * in the order their metric returned them.
     */
    static <T extends MetricResult> List<T> headlines(List<ReportSection> sections, Class<T> type) {
        record Ranked<T>(int rank, int order, int index, T result) {
        }
        List<Ranked<T>> found = new ArrayList<>();
        for (ReportSection s : sections) {
            if (s.status() != SectionStatus.OK) {
                continue;
            }
            for (MetricResult r : s.results()) {
                Integer rank = r instanceof Kpi k ? k.headline() : r instanceof Highlight h ? Integer.valueOf(h.rank()) : null;
                if (rank != null && type.isInstance(r)) {
                    found.add(new Ranked<>(rank, s.order(), found.size(), type.cast(r)));
                }
            }
        }
        found.sort(Comparator.comparingInt((Ranked<T> x) -> x.rank()).thenComparingInt(Ranked::order)
                .thenComparingInt(Ranked::index));
        return found.stream().map(Ranked::result).toList();
    }

    // ---------------------------------------------------------------- sections

    void section(ReportSection s) throws DocumentException {
        in(s.metricId(), () -> sectionBody(s));
    }

    private void sectionBody(ReportSection s) throws DocumentException {
        boolean full = s.status() == SectionStatus.OK && !s.results().isEmpty();
        heading(sectionTitle(s), full || !shortBefore);
        shortBefore = !full;
        if (s.status() != SectionStatus.OK) {
            String reason = s.reason() == null || s.reason().isBlank() ? w("section.noReason") : s.reason();
            text(w("section." + s.status().name(), reason), fonts.font(11, false, BAD));
            return;
        }
        if (s.results().isEmpty()) {
            text(w("section.empty"), f(11));
        }
        for (MetricResult r : s.results()) {
            result(r);
        }
        flushKpis(row);
        if (!s.warnings().isEmpty()) {
            text(w("section.warnings"), fonts.font(9, true, MUTED));
            for (String warn : s.warnings()) {
                text("–  " + warn, fonts.font(9, false, MUTED));
            }
        }
    }

    /**
     * A column of the data in the report's words: Klarsyn's own fields (customer_id, amount, nps …) by
     * their label ({@code dq.field.<name>}), the client's own columns (plan, region …) as the client named them.
     */
    String field(String column) {
        return words.containsKey("dq.field." + column) ? words.getString("dq.field." + column) : column;
    }

    /** A section's title in its own metric's words (call within the section's scope or the metric's). */
    String sectionTitle(ReportSection s) {
        return texts.text(s.metricId(), s.titleKey() == null ? s.metricId() + ".title" : s.titleKey());
    }

    void flushKpis(List<Kpi> row) throws DocumentException {
        if (row.isEmpty()) {
            return;
        }
        ensure(110);
        PdfPTable tiles = new PdfPTable(4);
        tiles.setWidthPercentage(100);
        tiles.setSpacingAfter(10);
        for (Kpi k : row) {
            tiles.addCell(tile(k));
        }
        for (int i = row.size() % 4; i > 0 && i < 4; i++) {
            PdfPCell empty = new PdfPCell(new Phrase(" ", f(8)));
            empty.setBorder(Rectangle.NO_BORDER);
            tiles.addCell(empty);
        }
        doc.add(tiles);
        row.clear();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void result(MetricResult r) throws DocumentException {
        ResultView view = views.of(r);
        if (!view.tile()) {
            flushKpis(row);
        }
        view.show(r, this);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    String resultTitle(MetricResult r) {
        return ((ResultView) views.of(r)).title(r, this);
    }

    /** A note's or highlight's sentence: its message formatted with its arguments. */
    String sentence(String key, List<Object> arguments) {
        Object[] args = arguments.stream().map(a -> a instanceof String s ? t(s)
                : a instanceof Quantity q ? fmt.value(q.value(), q.unit()) : fmt.object(a)).toArray();
        String pattern = t(key);
        try {
            return args.length == 0 ? pattern : new MessageFormat(pattern, fmt.locale()).format(args);
        } catch (IllegalArgumentException e) {
            return pattern + " " + java.util.Arrays.toString(args);
        }
    }

    /**
     * A fact's value for the methodology appendix: a text is the message {@code fact.<name>.<text>} when
     * the metric words it (a code such as {@code welch-t}), else the message the text is a key of, else
     * the text; true/false are yes/no; numbers and dates in the report's format, also dates given as
     * ISO text (a month {@code 2026-10}, a day {@code 2026-10-31}, months {@code 2024-11..2025-10}).
     */
    String factValue(String name, Object v) {
        if (v instanceof String str) {
            String worded = find("fact." + name + "." + str);
            if (worded != null) {
                return worded;
            }
            String dated = isoDates(str);
            return dated != null ? dated : t(str);
        }
        return v instanceof Boolean b ? w(b ? "cell.yes" : "cell.no") : fmt.object(v);
    }

    /** @return an ISO month, day or month range in the report's format, or null for any other text */
    String isoDates(String s) {
        try {
            if (ISO_MONTH.matcher(s).matches()) {
                return fmt.month(YearMonth.parse(s));
            }
            if (ISO_DAY.matcher(s).matches()) {
                return fmt.date(LocalDate.parse(s));
            }
            if (ISO_MONTHS.matcher(s).matches()) {
                int dots = s.indexOf("..");
                return fmt.month(YearMonth.parse(s.substring(0, dots))) + " – "
                        + fmt.month(YearMonth.parse(s.substring(dots + 2)));
            }
        } catch (DateTimeParseException e) {
            return null; // shaped like a date but not one (2026-13): shown as it is
        }
        return null;
    }

    /** Brand-coloured scale from near white to the brand colour (structure, not good/bad). */
    Color shade(double x) {
        double k = 0.08 + 0.92 * Math.max(0, Math.min(1, x));
        return new Color((int) Math.round(255 + (brand.getRed() - 255) * k),
                (int) Math.round(255 + (brand.getGreen() - 255) * k),
                (int) Math.round(255 + (brand.getBlue() - 255) * k));
    }

    // ---------------------------------------------------------------- appendices

    void dataQuality() throws DocumentException {
        heading(w("dq.title"));
        DataQuality dq = m.dataQuality();
        if (dq == null) {
            text(w("dq.none"), f(10));
            return;
        }
        if (dq.totals() != null) {
            DataQuality.Totals t = dq.totals();
            text(w("dq.totals", fmt.number(t.customers(), 0), fmt.number(t.transactions(), 0),
                    fmt.money(t.revenue()), fmt.number(t.responses(), 0)), f(10));
        }
        if (dq.files().isEmpty()) {
            text(w("dq.none"), f(10));
            return;
        }
        PdfPTable counts = new PdfPTable(new float[] {3f, 1f, 1f, 1f, 1f});
        counts.setWidthPercentage(100);
        counts.setSpacingBefore(4);
        counts.setSpacingAfter(10);
        counts.setHeaderRows(1);
        for (String h : List.of("dq.file", "dq.read", "dq.accepted", "dq.rejected", "dq.afterPeriod")) {
            PdfPCell c = new PdfPCell(new Phrase(w(h), fonts.font(8.5f, true, Color.WHITE)));
            c.setBackgroundColor(brand);
            c.setBorderColor(brand);
            c.setPadding(4);
            c.setHorizontalAlignment(h.equals("dq.file") ? Element.ALIGN_LEFT : Element.ALIGN_RIGHT);
            counts.addCell(c);
        }
        for (FileQuality fq : dq.files().values()) {
            counts.addCell(plain(fq.file(), Element.ALIGN_LEFT, TEXT));
            counts.addCell(plain(fmt.number(fq.read(), 0), Element.ALIGN_RIGHT, TEXT));
            counts.addCell(plain(fmt.number(fq.accepted(), 0), Element.ALIGN_RIGHT, TEXT));
            counts.addCell(plain(fmt.number(fq.rejected(), 0), Element.ALIGN_RIGHT, fq.rejected() > 0 ? BAD : TEXT));
            counts.addCell(plain(fmt.number(fq.afterPeriod(), 0), Element.ALIGN_RIGHT, TEXT));
        }
        doc.add(counts);
        for (FileQuality fq : dq.files().values()) {
            subheading(fq.file());
            if (fq.details() != null && !fq.details().isBlank()) {
                // the connector describes the file in English terms; say them in the reader's language
                String details = fq.details().replace("decimal comma", w("details.decimalComma"))
                        .replace("decimal point", w("details.decimalPoint")).replace(" delimiter", " " + w("details.delimiter"));
                text(details, fonts.font(9, false, MUTED));
            }
            reasons(fq);
            if (!fq.completeness().isEmpty()) {
                StringBuilder sb = new StringBuilder(w("dq.completeness")).append(": ");
                boolean first = true;
                for (Map.Entry<String, Double> e : new TreeMap<>(fq.completeness()).entrySet()) {
                    sb.append(first ? "" : ", ").append(field(e.getKey())).append(' ').append(fmt.percent(e.getValue(), 1));
                    first = false;
                }
                text(sb.toString(), f(9.5f));
            }
            if (fq.latest() != null) {
                Integer days = fq.freshnessDays();
                // freshness is days before the period end; a record after it (kept for later periods) is "after"
                text(days == null ? w("dq.freshness.none", fmt.date(fq.latest()))
                        : days < 0 ? w("dq.freshness.after", fmt.date(fq.latest()), fmt.number(-days, 0))
                        : w("dq.freshness", fmt.date(fq.latest()), fmt.number(days, 0)), f(9.5f));
            }
        }
    }

    void reasons(FileQuality fq) throws DocumentException {
        Map<String, long[]> all = new TreeMap<>();
        fq.rejectedByReason().forEach((k, v) -> all.put(k, new long[] {v, 1}));
        fq.warningsByReason().forEach((k, v) -> all.putIfAbsent(k, new long[] {v, 0}));
        if (all.isEmpty()) {
            return;
        }
        List<Map.Entry<String, long[]>> top = new ArrayList<>(all.entrySet());
        top.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0]));
        PdfPTable pt = new PdfPTable(new float[] {3f, 1f, 2.2f});
        pt.setWidthPercentage(100);
        pt.setSpacingBefore(2);
        pt.setSpacingAfter(6);
        for (String h : List.of("dq.reason", "dq.count", "dq.examples")) {
            PdfPCell c = new PdfPCell(new Phrase(w(h), fonts.font(8.5f, true, TEXT)));
            c.setBorder(Rectangle.BOTTOM);
            c.setBorderColor(brand);
            c.setPadding(3);
            pt.addCell(c);
        }
        for (Map.Entry<String, long[]> e : top.subList(0, Math.min(8, top.size()))) {
            boolean rejected = e.getValue()[1] == 1;
            String reason = reasonText(e.getKey()) + (rejected ? "" : " (" + w("dq.warning") + ")");
            pt.addCell(plain(reason, Element.ALIGN_LEFT, rejected ? BAD : TEXT));
            pt.addCell(plain(fmt.number(e.getValue()[0], 0), Element.ALIGN_RIGHT, TEXT));
            List<String> lines = new ArrayList<>();
            for (Finding fd : fq.findings()) {
                if (fd.reason().equals(e.getKey()) && lines.size() < 6) {
                    // line 0: counted by the source (a database's GROUP BY), without lines; the column says where
                    lines.add(fd.line() > 0 ? Long.toString(fd.line()) + (fd.column() == null ? "" : " (" + field(fd.column()) + ")")
                            : fd.column() == null ? "–" : field(fd.column()));
                }
            }
            pt.addCell(plain(String.join(", ", lines), Element.ALIGN_LEFT, MUTED));
        }
        doc.add(pt);
    }

    /** A data-quality reason code in the report's language; an unknown code (a plugin's own) as it is. */
    String reasonText(String code) {
        String s = texts.find(Messages.ENGINE, "dq.reason." + code);
        return s != null ? s : code;
    }

    PdfPCell plain(String s, int align, Color color) {
        PdfPCell c = new PdfPCell(new Phrase(s == null ? "" : s, fonts.font(8.5f, false, color)));
        c.setBorder(Rectangle.BOTTOM);
        c.setBorderColor(new Color(0xE0, 0xE0, 0xE0));
        c.setPadding(3);
        c.setHorizontalAlignment(align);
        return c;
    }

    void methodology() throws DocumentException {
        heading(w("method.title"));
        text(w("method.period", fmt.month(m.period().month()), fmt.date(m.period().firstDay()),
                fmt.date(m.period().lastDay()), m.asOf() == null ? "–" : fmt.date(m.asOf()), m.period().zone().getId()), f(10));
        subheading(w("method.definitions"));
        // the engine's definitions (active and lost customers, data quality), then each metric's, in report order
        List<String> contributors = new ArrayList<>();
        contributors.add(Messages.ENGINE);
        m.sections().forEach(s -> contributors.add(s.metricId()));
        for (String contributor : contributors) {
            for (String definition : texts.methodology(contributor)) {
                Paragraph p = new Paragraph("", f(9));
                p.add(new Chunk("•  ", b(9.5f)));
                p.add(new Chunk(definition, f(9.5f)));
                p.setIndentationLeft(10);
                p.setFirstLineIndent(-10);
                p.setLeading(12.5f);
                p.setSpacingAfter(3);
                doc.add(p);
            }
        }
        subheading(w("method.parameters"));
        PdfPTable pt = new PdfPTable(new float[] {2.2f, 1.6f, 1.6f});
        pt.setWidthPercentage(100);
        pt.setHeaderRows(1);
        pt.setSpacingBefore(4);
        pt.setSpacingAfter(8);
        for (String h : List.of("method.result", "method.fact", "method.value")) {
            PdfPCell c = new PdfPCell(new Phrase(w(h), fonts.font(8.5f, true, TEXT)));
            c.setBorder(Rectangle.BOTTOM);
            c.setBorderColor(brand);
            c.setPadding(3);
            pt.addCell(c);
        }
        int rows = 0;
        for (ReportSection s : m.sections()) {
            scope = s.metricId();
            for (MetricResult r : s.results()) {
                String title = resultTitle(r);
                boolean first = true;
                for (Map.Entry<String, Object> e : r.facts().entrySet()) {
                    Object v = e.getValue();
                    if (v instanceof Collection<?> || v instanceof Map<?, ?> || v instanceof double[]) {
                        continue;
                    }
                    pt.addCell(plain(first ? title : "", Element.ALIGN_LEFT, TEXT));
                    // a metric's label for its fact (message key fact.<name>), else the fact's name
                    String label = find("fact." + e.getKey());
                    pt.addCell(plain(label == null ? e.getKey() : label, Element.ALIGN_LEFT, MUTED));
                    pt.addCell(plain(factValue(e.getKey(), v), Element.ALIGN_LEFT, TEXT));
                    first = false;
                    rows++;
                }
            }
        }
        scope = Messages.ENGINE;
        if (rows > 0) {
            doc.add(pt);
        }
        subheading(w("method.settings"));
        if (!m.settings().isEmpty()) {
            PdfPTable st = new PdfPTable(new float[] {2f, 3f});
            st.setWidthPercentage(100);
            st.setHeaderRows(1);
            for (String h : List.of("method.setting", "method.value")) {
                PdfPCell c = new PdfPCell(new Phrase(w(h), fonts.font(8.5f, true, TEXT)));
                c.setBorder(Rectangle.BOTTOM);
                c.setBorderColor(brand);
                c.setPadding(3);
                st.addCell(c);
            }
            for (Map.Entry<String, String> e : new TreeMap<>(m.settings()).entrySet()) {
                st.addCell(plain(e.getKey(), Element.ALIGN_LEFT, MUTED));
                st.addCell(plain(e.getValue(), Element.ALIGN_LEFT, TEXT));
            }
            doc.add(st);
        }
    }

    /** Page numbers "Side 3 av 12" (total filled in when the document closes); no number on the cover. */
    final class Footer extends PdfPageEventHelper {
        PdfTemplate total;

        @Override
        public void onOpenDocument(PdfWriter w, Document d) {
            total = w.getDirectContent().createTemplate(40, 12);
        }

        @Override
        public void onEndPage(PdfWriter w, Document d) {
            int page = w.getPageNumber();
            if (page == 1) {
                return;
            }
            PdfContentByte cb = w.getDirectContent();
            String left = client() + " · " + fmt.month(m.period().month());
            ColumnText.showTextAligned(cb, Element.ALIGN_LEFT, new Phrase(left, fonts.font(8, false, MUTED)),
                    d.left(), 30, 0);
            String pageWord = w("page.short", page);
            String[] parts = w("page", page, "\u0000").split("\u0000", -1);
            Font ff = fonts.font(8, false, MUTED);
            float tw = 20;
            float x = d.right() - tw;
            ColumnText.showTextAligned(cb, Element.ALIGN_RIGHT, new Phrase(parts.length == 2 ? parts[0] : pageWord, ff), x, 30, 0);
            cb.addTemplate(total, x + 2.5f, 30);
        }

        @Override
        public void onCloseDocument(PdfWriter w, Document d) {
            ColumnText.showTextAligned(total, Element.ALIGN_LEFT,
                    new Phrase(fmt.number(w.getPageNumber() - 1, 0), fonts.font(8, false, MUTED)), 0, 0, 0);
        }
    }

    static Color parseColor(String hex) {
        if (hex == null || hex.isBlank()) {
            return DEFAULT_BRAND;
        }
        try {
            return Color.decode(hex.startsWith("#") ? hex : "#" + hex);
        } catch (NumberFormatException e) {
            return DEFAULT_BRAND;
        }
    }

    /** p-values below 0.001 print as "< 0,001", never as a misleading 0,000. */
    static boolean isPValue(Table.Column c) {
        String id = c.id();
        return id.equals("p") || id.equals("pValue") || id.endsWith("P") && id.length() > 1 && Character.isLowerCase(id.charAt(id.length() - 2));
    }
}
