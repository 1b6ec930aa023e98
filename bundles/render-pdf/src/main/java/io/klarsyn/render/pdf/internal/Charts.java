package io.klarsyn.render.pdf.internal;

import io.klarsyn.api.result.Categories;
import io.klarsyn.api.result.Curve;
import io.klarsyn.api.result.Distribution;
import io.klarsyn.api.result.Scatter;
import io.klarsyn.api.result.TimeSeries;
import io.klarsyn.api.result.Unit;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** Result → JFreeChart model. Drawing onto the PDF happens in {@link Page}. */
final class Charts {

    /** The scatter's plot area in points (its chart is {@link Page#CHART_W} × 300 with axes and legend around). */
    static final double PLOT_W = 420;
    static final double PLOT_H = 215;

    static final int MAX_CATEGORIES = 15;
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    private static final Color TEXT = new Color(0x33, 0x33, 0x33);

    private final Fmt fmt;
    private final Palette palette;
    private final Function<String, String> words;
    private final Function<String, String> texts;

    Charts(Fmt fmt, Palette palette, Function<String, String> words, Function<String, String> texts) {
        this.fmt = fmt;
        this.palette = palette;
        this.words = words;
        this.texts = texts;
    }

    JFreeChart timeSeries(TimeSeries ts) {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        for (TimeSeries.Series s : ts.series()) {
            String name = texts.apply(s.nameKey());
            for (int i = 0; i < ts.months().size(); i++) {
                double v = s.values()[i];
                ds.addValue(Double.isNaN(v) ? null : scale(v, ts.unit()), name, fmt.shortMonth(ts.months().get(i)));
            }
        }
        JFreeChart chart = ChartFactory.createLineChart(null, words.apply("chart.month"),
                unitLabel(ts.unit()), ds, PlotOrientation.VERTICAL, ts.series().size() > 1, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        LineAndShapeRenderer r = (LineAndShapeRenderer) plot.getRenderer();
        for (int i = 0; i < ts.series().size(); i++) {
            r.setSeriesPaint(i, palette.series(i));
            r.setSeriesStroke(i, new BasicStroke(i == 0 ? 2.2f : 1.4f));
            r.setSeriesShapesVisible(i, i == 0);
        }
        style(chart);
        styleValueAxis((NumberAxis) plot.getRangeAxis(), ts.unit());
        plot.getRangeAxis().setAutoRange(true);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(1.6f);
        if (ts.months().size() > 14) {
            plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        return chart;
    }

    JFreeChart curve(Curve c) {
        boolean bands = c.series().stream().anyMatch(l -> l.lower() != null && l.upper() != null);
        JFreeChart chart;
        String xl = label(c.xLabelKey(), c.xUnit());
        String yl = label(c.yLabelKey(), c.yUnit());
        if (bands) {
            YIntervalSeriesCollection ds = new YIntervalSeriesCollection();
            for (Curve.Line l : c.series()) {
                YIntervalSeries s = new YIntervalSeries(texts.apply(l.nameKey()));
                for (int i = 0; i < l.x().length; i++) {
                    double y = scale(l.y()[i], c.yUnit());
                    double lo = l.lower() == null ? y : scale(l.lower()[i], c.yUnit());
                    double hi = l.upper() == null ? y : scale(l.upper()[i], c.yUnit());
                    s.add(scale(l.x()[i], c.xUnit()), y, lo, hi);
                }
                ds.addSeries(s);
            }
            chart = ChartFactory.createXYLineChart(null, xl, yl, ds, PlotOrientation.VERTICAL, c.series().size() > 1, false, false);
            DeviationRenderer r = new DeviationRenderer(true, false);
            for (int i = 0; i < c.series().size(); i++) {
                r.setSeriesPaint(i, palette.series(i));
                r.setSeriesFillPaint(i, palette.series(i));
                r.setSeriesStroke(i, new BasicStroke(1.8f));
            }
            r.setAlpha(0.18f);
            chart.getXYPlot().setRenderer(r);
        } else {
            XYSeriesCollection ds = new XYSeriesCollection();
            for (Curve.Line l : c.series()) {
                XYSeries s = new XYSeries(texts.apply(l.nameKey()), false, true);
                for (int i = 0; i < l.x().length; i++) {
                    s.add(scale(l.x()[i], c.xUnit()), scale(l.y()[i], c.yUnit()));
                }
                ds.addSeries(s);
            }
            chart = ChartFactory.createXYLineChart(null, xl, yl, ds, PlotOrientation.VERTICAL, c.series().size() > 1, false, false);
            XYLineAndShapeRenderer r = c.step() ? new XYStepRenderer() : new XYLineAndShapeRenderer(true, false);
            for (int i = 0; i < c.series().size(); i++) {
                r.setSeriesPaint(i, palette.series(i));
                r.setSeriesStroke(i, new BasicStroke(1.8f));
                r.setSeriesShapesVisible(i, false);
            }
            chart.getXYPlot().setRenderer(r);
        }
        style(chart);
        styleValueAxis((NumberAxis) chart.getXYPlot().getRangeAxis(), c.yUnit());
        styleValueAxis((NumberAxis) chart.getXYPlot().getDomainAxis(), c.xUnit());
        ((NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        return chart;
    }

    /** Categories; more than {@link #MAX_CATEGORIES} keep the largest and sum the rest into "others". */
    JFreeChart categories(Categories c) {
        List<String> cats = c.categories();
        int n = cats.size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        boolean cut = n > MAX_CATEGORIES;
        if (cut) {
            order.sort(Comparator.comparingDouble((Integer i) -> -total(c, i)));
        }
        List<Integer> shown = cut ? order.subList(0, MAX_CATEGORIES - 1) : order;
        if (cut) {
            shown = new ArrayList<>(shown);
            shown.sort(Comparator.naturalOrder());
        }
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Categories.Series s : c.series()) {
            String name = texts.apply(s.nameKey());
            for (int i : shown) {
                String cat = cats.get(i);
                // a month category (2026-10) as on the time axes (okt 26)
                cat = Page.ISO_MONTH.matcher(cat).matches() ? fmt.shortMonth(YearMonth.parse(cat))
                        : texts.apply(cat);
                String label = unique(abbreviate(cat, 22), seen, i);
                ds.addValue(scale(s.values()[i], c.unit()), name, label);
            }
            if (cut) {
                double rest = 0;
                for (int k = MAX_CATEGORIES - 1; k < n; k++) {
                    double v = s.values()[order.get(k)];
                    rest += Double.isNaN(v) ? 0 : v;
                }
                // Summing is only meaningful for counts and money; other units show the mean of the rest.
                if (c.unit() != Unit.COUNT && c.unit() != Unit.CURRENCY) {
                    rest /= (n - MAX_CATEGORIES + 1);
                }
                ds.addValue(scale(rest, c.unit()), name,
                        java.text.MessageFormat.format(words.apply("table.others"), n - MAX_CATEGORIES + 1));
            }
        }
        boolean horizontal = ds.getColumnCount() > 8 || longest(ds) > 12;
        PlotOrientation o = horizontal ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL;
        JFreeChart chart = c.stacked()
                ? ChartFactory.createStackedBarChart(null, null, unitLabel(c.unit()), ds, o, c.series().size() > 1, false, false)
                : ChartFactory.createBarChart(null, null, unitLabel(c.unit()), ds, o, c.series().size() > 1, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setItemMargin(0.03);
        r.setMaximumBarWidth(0.12);
        for (int i = 0; i < c.series().size(); i++) {
            r.setSeriesPaint(i, palette.seriesFor(c.series().get(i).nameKey(), i));
        }
        style(chart);
        styleValueAxis((NumberAxis) plot.getRangeAxis(), c.unit());
        CategoryAxis ca = plot.getDomainAxis();
        ca.setMaximumCategoryLabelLines(2);
        ca.setCategoryMargin(0.15);
        return chart;
    }

    JFreeChart distribution(Distribution d) {
        XYIntervalSeries s = new XYIntervalSeries(words.apply("chart.count"));
        for (int i = 0; i < d.counts().length; i++) {
            double lo = scale(d.edges()[i], d.unit());
            double hi = scale(d.edges()[i + 1], d.unit());
            s.add((lo + hi) / 2, lo, hi, d.counts()[i], d.counts()[i], d.counts()[i]);
        }
        XYIntervalSeriesCollection ds = new XYIntervalSeriesCollection();
        ds.addSeries(s);
        JFreeChart chart = ChartFactory.createXYBarChart(null, unitLabel(d.unit()).trim(), false,
                words.apply("chart.count"), ds, PlotOrientation.VERTICAL, false, false, false);
        XYBarRenderer r = (XYBarRenderer) chart.getXYPlot().getRenderer();
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(true);
        r.setSeriesOutlinePaint(0, Color.WHITE);
        r.setSeriesPaint(0, palette.brand());
        style(chart);
        styleValueAxis((NumberAxis) chart.getXYPlot().getDomainAxis(), d.unit());
        styleValueAxis((NumberAxis) chart.getXYPlot().getRangeAxis(), Unit.COUNT);
        return chart;
    }

    JFreeChart scatter(Scatter sc) {
        XYSeriesCollection ds = new XYSeriesCollection();
        Map<String, XYSeries> groups = new LinkedHashMap<>();
        for (Scatter.Point p : sc.points()) {
            String g = p.group() == null ? " " : texts.apply(p.group());
            groups.computeIfAbsent(g, k -> new XYSeries(k, false, true)).add(scale(p.x(), sc.xUnit()), scale(p.y(), sc.yUnit()));
        }
        groups.values().forEach(ds::addSeries);
        boolean legend = groups.size() > 1;
        JFreeChart chart = ChartFactory.createScatterPlot(null, label(sc.xLabelKey(), sc.xUnit()),
                label(sc.yLabelKey(), sc.yUnit()), ds, PlotOrientation.VERTICAL, legend, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
        for (int i = 0; i < groups.size(); i++) {
            r.setSeriesPaint(i, palette.series(i));
            r.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-4, -4, 8, 8));
        }
        style(chart);
        NumberAxis xa = (NumberAxis) plot.getDomainAxis();
        NumberAxis ya = (NumberAxis) plot.getRangeAxis();
        styleValueAxis(xa, sc.xUnit());
        styleValueAxis(ya, sc.yUnit());
        xa.setAutoRangeIncludesZero(false);
        ya.setAutoRangeIncludesZero(false);
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (Scatter.Point p : sc.points()) {
            double x = scale(p.x(), sc.xUnit()), y = scale(p.y(), sc.yUnit());
            minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
        }
        if (sc.xSplit() != null) {
            double xs = scale(sc.xSplit(), sc.xUnit());
            minX = Math.min(minX, xs); maxX = Math.max(maxX, xs);
        }
        if (sc.ySplit() != null) {
            double ys = scale(sc.ySplit(), sc.yUnit());
            minY = Math.min(minY, ys); maxY = Math.max(maxY, ys);
        }
        if (!sc.points().isEmpty()) {
            double px = Math.max((maxX - minX) * 0.18, 1e-9), py = Math.max((maxY - minY) * 0.15, 1e-9);
            xa.setRange(minX - px, maxX + px);
            ya.setRange(minY - py, maxY + py);
        }
        java.awt.Font lf = Fonts.awt(7.5f, false);
        double mid = (xa.getLowerBound() + xa.getUpperBound()) / 2;
        java.awt.font.FontRenderContext frc = new java.awt.font.FontRenderContext(null, true, true);
        int n = sc.points().size();
        double[] px = new double[n];
        double[] py = new double[n];
        double[] widths = new double[n];
        boolean[] rightOf = new boolean[n];
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            Scatter.Point p = sc.points().get(i);
            px[i] = scale(p.x(), sc.xUnit());
            py[i] = scale(p.y(), sc.yUnit());
            rightOf[i] = px[i] > mid;
            names[i] = abbreviate(texts.apply(p.label()), 32);
            // labels point inwards so names near the right edge are not cut off
            names[i] = rightOf[i] ? names[i] + "  " : "  " + names[i];
            widths[i] = lf.getStringBounds(names[i], frc).getWidth();
        }
        double[] baseline = LabelPlacer.place(px, py, widths, rightOf, 9,
                (xa.getUpperBound() - xa.getLowerBound()) / PLOT_W, (ya.getUpperBound() - ya.getLowerBound()) / PLOT_H);
        for (int i = 0; i < n; i++) {
            XYTextAnnotation a = new XYTextAnnotation(names[i], px[i], baseline[i]);
            a.setFont(lf);
            a.setPaint(TEXT);
            a.setTextAnchor(rightOf[i] ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT);
            plot.addAnnotation(a);
        }
        Color q = new Color(0x90, 0x90, 0x90);
        BasicStroke dash = new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f);
        if (sc.xSplit() != null) {
            ValueMarker m = new ValueMarker(scale(sc.xSplit(), sc.xUnit()), q, dash);
            plot.addDomainMarker(m);
        }
        if (sc.ySplit() != null) {
            ValueMarker m = new ValueMarker(scale(sc.ySplit(), sc.yUnit()), q, dash);
            plot.addRangeMarker(m);
        }
        if (sc.quadrantKeys().size() == 4 && !sc.points().isEmpty()) {
            // Quadrant order (API): top-left, top-right, bottom-left, bottom-right.
            double[][] at = {{xa.getLowerBound(), ya.getUpperBound()}, {xa.getUpperBound(), ya.getUpperBound()},
                    {xa.getLowerBound(), ya.getLowerBound()}, {xa.getUpperBound(), ya.getLowerBound()}};
            TextAnchor[] anchors = {TextAnchor.TOP_LEFT, TextAnchor.TOP_RIGHT, TextAnchor.BOTTOM_LEFT, TextAnchor.BOTTOM_RIGHT};
            for (int i = 0; i < 4; i++) {
                XYTextAnnotation a = new XYTextAnnotation(" " + texts.apply(sc.quadrantKeys().get(i)) + " ", at[i][0], at[i][1]);
                a.setFont(Fonts.awt(8f, true));
                a.setPaint(palette.brand());
                a.setTextAnchor(anchors[i]);
                plot.addAnnotation(a);
            }
        }
        return chart;
    }

    private void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setPadding(new RectangleInsets(2, 2, 2, 6));
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(Fonts.awt(8f, false));
            legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
            legend.setPosition(RectangleEdge.TOP);
        }
        if (chart.getPlot() instanceof CategoryPlot p) {
            p.setBackgroundPaint(Color.WHITE);
            p.setOutlineVisible(false);
            p.setRangeGridlinePaint(GRID);
            p.setRangeGridlineStroke(new BasicStroke(0.5f));
            axis(p.getDomainAxis());
            axis(p.getRangeAxis());
        } else if (chart.getPlot() instanceof XYPlot p) {
            p.setBackgroundPaint(Color.WHITE);
            p.setOutlineVisible(false);
            p.setRangeGridlinePaint(GRID);
            p.setDomainGridlinePaint(GRID);
            p.setRangeGridlineStroke(new BasicStroke(0.5f));
            p.setDomainGridlineStroke(new BasicStroke(0.5f));
            axis(p.getDomainAxis());
            axis(p.getRangeAxis());
        }
    }

    private static void axis(org.jfree.chart.axis.Axis a) {
        if (a == null) {
            return;
        }
        a.setLabelFont(Fonts.awt(8.5f, false));
        a.setTickLabelFont(Fonts.awt(7.5f, false));
        a.setLabelPaint(TEXT);
        a.setTickLabelPaint(TEXT);
        a.setAxisLinePaint(new Color(0x99, 0x99, 0x99));
    }

    private void styleValueAxis(NumberAxis axis, Unit unit) {
        DecimalFormatSymbols sym = DecimalFormatSymbols.getInstance(fmt.locale());
        String l = fmt.locale().getLanguage();
        if (l.equals("nb") || l.equals("sv") || l.equals("no") || l.equals("nn")) {
            sym.setGroupingSeparator('\u00a0');
        }
        NumberFormat f = new DecimalFormat("#,##0.##", sym);
        axis.setNumberFormatOverride(f);
        if (unit == Unit.COUNT) {
            axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
    }

    /** Fractions are drawn in percent so the axis reads "12,5" under a "(%)" label. */
    static double scale(double v, Unit unit) {
        return unit == Unit.FRACTION ? v * 100 : v;
    }

    private String unitLabel(Unit unit) {
        String s = fmt.unitSuffix(unit, words);
        return s.isEmpty() ? "" : s.trim().substring(1, s.trim().length() - 1);
    }

    private String label(String key, Unit unit) {
        String base = key == null ? "" : texts.apply(key);
        return withUnit(base, fmt.unitSuffix(unit, words));
    }

    /** Appends "(weeks)" unless the label already names its unit. */
    static String withUnit(String label, String suffix) {
        if (suffix.isEmpty()) {
            return label;
        }
        String word = suffix.trim().substring(1, suffix.trim().length() - 1).toLowerCase(java.util.Locale.ROOT);
        return label.toLowerCase(java.util.Locale.ROOT).contains(word) ? label : label + suffix;
    }

    private static double total(Categories c, int i) {
        double t = 0;
        for (Categories.Series s : c.series()) {
            double v = s.values()[i];
            t += Double.isNaN(v) ? 0 : Math.abs(v);
        }
        return t;
    }

    private static int longest(DefaultCategoryDataset ds) {
        int m = 0;
        for (Object k : ds.getColumnKeys()) {
            m = Math.max(m, k.toString().length());
        }
        return m;
    }

    private static String unique(String label, Map<String, Integer> seen, int index) {
        Integer prev = seen.putIfAbsent(label, index);
        return prev == null || prev == index ? label : label + " (" + (index + 1) + ")";
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1).trim() + "…";
    }

    /** Colours mean one thing throughout: brand for structure, series colours never green/red. */
    record Palette(Color brand, Color good, Color bad, Color neutral) {
        private static final Color[] SERIES = {null, new Color(0xE8, 0x9F, 0x3A), new Color(0x7A, 0x8C, 0xA3),
                new Color(0x8E, 0x6C, 0x8A), new Color(0x4B, 0xA3, 0xC3), new Color(0xB0, 0xA0, 0x70),
                new Color(0x55, 0x55, 0x55), new Color(0xC9, 0x8B, 0xB9)};

        Paint series(int i) {
            int k = i % SERIES.length;
            return k == 0 ? brand : SERIES[k];
        }

        /** Stacked NPS bars: detractors bad, passives neutral, promoters good, whatever their order. */
        Paint seriesFor(String key, int i) {
            String k = key.toLowerCase(java.util.Locale.ROOT);
            if (k.contains("detractor")) {
                return bad;
            }
            if (k.contains("passive")) {
                return new Color(0xC8, 0xC8, 0xC8);
            }
            if (k.contains("promoter")) {
                return good;
            }
            return series(i);
        }
    }
}
