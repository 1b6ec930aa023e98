package io.klarsyn.webui.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart of one headline KPI across periods, as inline SVG: one {@code circle} per
 * period (with a {@code title} saying period and value), the lowest and highest value on the left,
 * the first and last period below. Draws; computes nothing but positions.
 */
final class TrendChart {

    /** One period's value; {@code label} and {@code shown} are already formatted. */
    record Point(String label, double value, String shown, String href) {
    }

    static final int WIDTH = 640;
    static final int HEIGHT = 170;
    private static final int LEFT = 70;
    private static final int RIGHT = 16;
    private static final int TOP = 14;
    private static final int BOTTOM = 30;

    private TrendChart() {
    }

    /**
     * @param title what is drawn, for the chart's accessible name
     * @param points oldest first; non-finite values are left out
     * @param lowShown the smallest value, formatted
     * @param highShown the largest value, formatted
     */
    static String svg(String title, List<Point> points, String lowShown, String highShown, String colour) {
        List<Point> ps = points.stream().filter(p -> Double.isFinite(p.value())).toList();
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"trend\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        s.append("<title>").append(esc(title)).append("</title>");
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        s.append("<rect class=\"plot\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotW)
                .append("\" height=\"").append(plotH).append("\"/>");
        if (ps.isEmpty()) {
            return s.append("</svg>").toString();
        }
        double lo = ps.stream().mapToDouble(Point::value).min().orElse(0);
        double hi = ps.stream().mapToDouble(Point::value).max().orElse(0);
        double span = hi - lo;
        double[] x = new double[ps.size()];
        double[] y = new double[ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            x[i] = LEFT + (ps.size() == 1 ? plotW / 2.0 : plotW * i / (double) (ps.size() - 1));
            y[i] = span == 0 ? TOP + plotH / 2.0 : TOP + plotH - plotH * (ps.get(i).value() - lo) / span;
        }
        s.append("<text class=\"axis\" x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + 4)
                .append("\" text-anchor=\"end\">").append(esc(highShown)).append("</text>");
        s.append("<text class=\"axis\" x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + plotH)
                .append("\" text-anchor=\"end\">").append(esc(lowShown)).append("</text>");
        s.append("<text class=\"axis\" x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 8)
                .append("\" text-anchor=\"start\">").append(esc(ps.get(0).label())).append("</text>");
        if (ps.size() > 1) {
            s.append("<text class=\"axis\" x=\"").append(LEFT + plotW).append("\" y=\"").append(HEIGHT - 8)
                    .append("\" text-anchor=\"end\">").append(esc(ps.get(ps.size() - 1).label())).append("</text>");
        }
        s.append("<polyline class=\"line\" fill=\"none\" stroke=\"").append(esc(colour)).append("\" points=\"");
        for (int i = 0; i < ps.size(); i++) {
            s.append(i == 0 ? "" : " ").append(num(x[i])).append(',').append(num(y[i]));
        }
        s.append("\"/>");
        for (int i = 0; i < ps.size(); i++) {
            Point p = ps.get(i);
            String circle = "<circle class=\"point\" cx=\"" + num(x[i]) + "\" cy=\"" + num(y[i]) + "\" r=\"4\" fill=\"" + esc(colour)
                    + "\"><title>" + esc(p.label() + ": " + p.shown()) + "</title></circle>";
            s.append(p.href() == null ? circle : "<a href=\"" + esc(p.href()) + "\">" + circle + "</a>");
        }
        return s.append("</svg>").toString();
    }

    /**
     * @return {@code v} with one decimal, as {@code String.format(Locale.ROOT, "%.1f", v)} writes it (the
     *         shortest decimal digits of {@code v} rounded half up) at a fraction of its cost
     */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        String s = BigDecimal.valueOf(Math.abs(v)).setScale(1, RoundingMode.HALF_UP).toPlainString();
        return v < 0 || (v == 0 && 1 / v < 0) ? "-" + s : s;
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
