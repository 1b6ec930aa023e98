package io.klarsyn.render.pdf.internal;

import io.klarsyn.api.model.ReportPeriod;
import io.klarsyn.api.run.Branding;
import io.klarsyn.api.report.DataQuality;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.api.report.Finding;
import io.klarsyn.api.report.Messages;
import io.klarsyn.api.report.ReportModel;
import io.klarsyn.api.report.ReportSection;
import io.klarsyn.api.report.SectionStatus;
import io.klarsyn.api.result.Categories;
import io.klarsyn.api.result.Curve;
import io.klarsyn.api.result.Direction;
import io.klarsyn.api.result.Distribution;
import io.klarsyn.api.result.Facts;
import io.klarsyn.api.result.Highlight;
import io.klarsyn.api.result.Kpi;
import io.klarsyn.api.result.Matrix;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Note;
import io.klarsyn.api.result.Quantity;
import io.klarsyn.api.result.Scatter;
import io.klarsyn.api.result.Table;
import io.klarsyn.api.result.TimeSeries;
import io.klarsyn.api.result.Unit;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A realistic monthly report model for a Norwegian telecom-like client (made-up numbers, seeded): every
 * result type, a failed, a skipped and an empty section, data quality with findings, texts in nb, sv, en.
 */
final class ReportFixture {
    static final Locale NB = Locale.forLanguageTag("nb-NO");
    static final Locale SV = Locale.forLanguageTag("sv-SE");
    static final Locale EN = Locale.forLanguageTag("en-GB");
    static final YearMonth MONTH = YearMonth.of(2026, 10);

    private ReportFixture() {
    }

    static ReportModel model(Locale locale) {
        Random rnd = new Random(42);
        List<ReportSection> sections = new ArrayList<>();
        sections.add(new ReportSection("churn", "churn.title", 100, SectionStatus.OK, null, churn(rnd),
                List.of("3 customers have a churn date before their acquisition date and were ignored."), 120));
        sections.add(new ReportSection("clv", "clv.title", 200, SectionStatus.OK, null, clv(rnd), List.of(), 340));
        sections.add(new ReportSection("cx", "cx.title", 300, SectionStatus.OK, null, cx(rnd), List.of(), 80));
        sections.add(new ReportSection("acme.loyalty", "acme.loyalty.title", 1000, SectionStatus.FAILED,
                "IllegalStateException: loyalty points file missing column 'points' (line 1)", List.of(), List.of(), 3));
        sections.add(new ReportSection("acme.basket", "acme.basket.title", 1010, SectionStatus.SKIPPED,
                "needs data kind ORDERS, which no connector delivered", List.of(), List.of(), 0));
        sections.add(new ReportSection("acme.empty", "acme.empty.title", 1020, SectionStatus.OK, null, List.of(), List.of(), 1));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("csv.folder", "…/nordlys"); // a path as the engine gives it to the report: its last name
        settings.put("csv.delimiter", ";");
        settings.put("churn.segments", "segment,plan,region");
        settings.put("churn.minBase", "30");
        settings.put("clv.timeUnit", "week");
        settings.put("clv.horizon.months", "12");
        settings.put("clv.discount.annual", "0.10");
        settings.put("cx.window.months", "3");
        return new ReportModel("nordlys-monthly", new ReportPeriod(MONTH, ZoneId.of("Europe/Oslo")),
                LocalDate.of(2026, 11, 2), locale, "NOK", new Branding("Nordlys Bredbånd AS", logo(), "#0B5563"),
                null, sections, dataQuality(), settings, messages(locale), Instant.parse("2026-11-02T06:15:00Z"));
    }

    static List<MetricResult> churn(Random rnd) {
        List<MetricResult> r = new ArrayList<>();
        r.add(new Kpi("customers.active", "customers.active", 48_213.0, Unit.COUNT, Direction.HIGHER_IS_BETTER,
                48_655.0, 46_020.0, Facts.of("asOf", LocalDate.of(2026, 10, 31))).asHeadline(10));
        r.add(new Kpi("churn.monthly.rate", "churn.monthly.rate", 0.0187, Unit.FRACTION, Direction.LOWER_IS_BETTER,
                0.0152, 0.0171, Facts.of("lost", 910L, "activeAtStart", 48_655L, "month", "2026-10")).asHeadline(20));
        r.add(new Kpi("churn.12m.rate", "churn.12m.rate", 0.196, Unit.FRACTION, Direction.LOWER_IS_BETTER,
                0.193, 0.214, Facts.of("lost12m", 9_312L, "averageBase", 47_510.5, "months", "2025-11..2026-10",
                        "calibrationEnd", "2026-05-02", "code", "2026-13")).asHeadline(30));
        List<YearMonth> months = new ArrayList<>();
        for (int i = 11; i >= 0; i--) {
            months.add(MONTH.minusMonths(i));
        }
        double[] thisYear = new double[12], lastYear = new double[12];
        for (int i = 0; i < 12; i++) {
            thisYear[i] = 0.015 + 0.003 * Math.sin(i / 2.0) + rnd.nextDouble() * 0.002;
            lastYear[i] = 0.017 + 0.002 * Math.cos(i / 3.0) + rnd.nextDouble() * 0.002;
        }
        thisYear[11] = 0.0187;
        r.add(new TimeSeries("churn.trend", "churn.trend", Unit.FRACTION, months,
                List.of(TimeSeries.Series.of("series.thisYear", thisYear), TimeSeries.Series.of("series.lastYear", lastYear)), Map.of()));
        r.add(new Categories("churn.bySegment", "churn.bySegment", Unit.FRACTION,
                List.of("plan.basis", "plan.standard", "plan.premium", "segment.bedrift", "segment.privat"),
                List.of(new Categories.Series("series.thisMonth", new double[] {0.026, 0.017, 0.009, 0.011, 0.021})), false, Map.of()));
        List<String> regions = new ArrayList<>();
        double[] regionRates = new double[200];
        for (int i = 0; i < 200; i++) {
            regions.add(i < 5 ? List.of("Oslo", "Viken", "Vestland", "Trøndelag", "Nord-Norge").get(i)
                    : "Postnummerområde " + (1000 + i * 37) + " – Sør-Østlandet og omegn");
            regionRates[i] = 0.005 + rnd.nextDouble() * 0.03;
        }
        r.add(new Categories("churn.byArea", "churn.byArea", Unit.FRACTION, regions,
                List.of(new Categories.Series("series.thisMonth", regionRates)), false, Map.of()));
        List<String> cohorts = new ArrayList<>();
        List<String> ages = new ArrayList<>();
        double[][] ret = new double[12][12];
        for (int c = 0; c < 12; c++) {
            cohorts.add(MONTH.minusMonths(11 - c).toString());
        }
        for (int a = 0; a < 12; a++) {
            ages.add("M" + a);
        }
        for (int c = 0; c < 12; c++) {
            for (int a = 0; a < 12; a++) {
                ret[c][a] = a > 11 - c ? Double.NaN : Math.pow(0.975 - c * 0.001, a) - rnd.nextDouble() * 0.01 * (a > 0 ? 1 : 0);
            }
        }
        r.add(new Matrix("churn.cohorts", "churn.cohorts", cohorts, ages, ret, Unit.FRACTION, Map.of()));
        double[] x = new double[25], y1 = new double[25], lo1 = new double[25], hi1 = new double[25], y2 = new double[25], lo2 = new double[25], hi2 = new double[25];
        for (int i = 0; i < 25; i++) {
            x[i] = i;
            y1[i] = Math.exp(-0.012 * i);
            y2[i] = Math.exp(-0.024 * i);
            lo1[i] = y1[i] - 0.004 * Math.sqrt(i);
            hi1[i] = Math.min(1, y1[i] + 0.004 * Math.sqrt(i));
            lo2[i] = y2[i] - 0.008 * Math.sqrt(i);
            hi2[i] = Math.min(1, y2[i] + 0.008 * Math.sqrt(i));
        }
        r.add(new Curve("churn.survival", "churn.survival", "axis.tenure", Unit.MONTHS, "axis.retained", Unit.FRACTION, true,
                List.of(new Curve.Line("segment.bedrift", x, y1, lo1, hi1), new Curve.Line("segment.privat", x, y2, lo2, hi2)),
                Facts.of("method", "Kaplan-Meier", "confidence", 0.95)));
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(List.of(regions.get(i), (long) (200 + rnd.nextInt(3000)), (long) rnd.nextInt(60), regionRates[i]));
        }
        r.add(new Table("churn.areaTable", "churn.areaTable", List.of(new Table.Column("area", "col.area", Unit.TEXT),
                new Table.Column("base", "col.base", Unit.COUNT), new Table.Column("lost", "col.lost", Unit.COUNT),
                new Table.Column("rate", "col.rate", Unit.FRACTION)), rows, Map.of()));
        return r;
    }

    static List<MetricResult> clv(Random rnd) {
        List<MetricResult> r = new ArrayList<>();
        r.add(new Kpi("clv.predicted", "clv.predicted", 9_040.0, Unit.CURRENCY, Direction.HIGHER_IS_BETTER, 8_870.0, 8_120.0,
                Facts.of("total", 435_845_000.0, "customers", 48_213L, "horizonMonths", 12, "discountAnnual", 0.10, "timeUnit", "week",
                        "r", 0.243, "alpha (weeks)", 4.414, "a", 0.793, "b", 2.426, "p", 6.25, "q", 3.74, "gamma", 15.44)).asHeadline(40));
        double[] edges = new double[21];
        long[] counts = new long[20];
        for (int i = 0; i <= 20; i++) {
            edges[i] = i * 1_500;
        }
        for (int i = 0; i < 20; i++) {
            counts[i] = Math.round(6000 * Math.exp(-Math.pow((i - 5) / 3.5, 2)) + 300.0 / (i + 1));
        }
        r.add(new Distribution("clv.histogram", "clv.histogram", Unit.CURRENCY, edges, counts, Map.of()));
        double[] px = new double[21], py = new double[21];
        for (int i = 0; i <= 20; i++) {
            px[i] = i / 20.0;
            py[i] = 1 - Math.pow(1 - px[i], 3.2);
        }
        r.add(new Curve("clv.pareto", "clv.pareto", "axis.shareCustomers", Unit.FRACTION, "axis.shareValue", Unit.FRACTION, false,
                List.of(new Curve.Line("series.cumulativeValue", px, py, null, null)), Map.of()));
        double[] wx = new double[26], actual = new double[26], pred = new double[26];
        for (int i = 0; i < 26; i++) {
            wx[i] = i;
            pred[i] = 1_900 * i * (1 - 0.004 * i);
            actual[i] = pred[i] * (1 + (rnd.nextDouble() - 0.5) * 0.06);
        }
        r.add(new Curve("clv.tracking", "clv.tracking", "axis.holdoutWeek", Unit.WEEKS, "axis.cumPurchases", Unit.COUNT, false,
                List.of(new Curve.Line("series.actual", wx, actual, null, null), new Curve.Line("series.predicted", wx, pred, null, null)),
                Facts.of("mape", 0.031)));
        r.add(new Categories("clv.bySegment", "clv.bySegment", Unit.CURRENCY, List.of("plan.basis", "plan.standard", "plan.premium"),
                List.of(new Categories.Series("segment.privat", new double[] {5_200, 8_900, 14_300}),
                        new Categories.Series("segment.bedrift", new double[] {7_800, 12_400, 21_900})), false, Map.of()));
        List<List<Object>> tiers = List.of(List.of("tier.top", 4_821L, 31_450.0, 0.335), List.of("tier.high", 9_643L, 14_020.0, 0.298),
                List.of("tier.mid", 14_464L, 7_390.0, 0.236), List.of("tier.low", 19_285L, 2_960.0, 0.131));
        r.add(new Table("clv.tiers", "clv.tiers", List.of(new Table.Column("tier", "col.tier", Unit.TEXT),
                new Table.Column("customers", "col.customers", Unit.COUNT), new Table.Column("clv", "col.meanClv", Unit.CURRENCY),
                new Table.Column("share", "col.shareValue", Unit.FRACTION)), tiers, Map.of()));
        // as clv's customers at risk: the last purchase is an ISO day in a text column
        r.add(new Table("clv.atRisk", "clv.atRisk", List.of(new Table.Column("customer", "col.customer", Unit.TEXT),
                new Table.Column("lastPurchase", "col.lastPurchase", Unit.TEXT)), List.of(List.of("K0002807", "2026-09-14")),
                Map.of()));
        return r;
    }

    static List<MetricResult> cx(Random rnd) {
        List<MetricResult> r = new ArrayList<>();
        r.add(new Kpi("cx.nps", "cx.nps", 23.0, Unit.POINTS, Direction.HIGHER_IS_BETTER, 27.0, 18.0,
                Facts.of("n", 1_204L, "promoters", 0.44, "passives", 0.35, "detractors", 0.21, "marginOfError", 4.6)).asHeadline(50));
        r.add(new Kpi("cx.csat", "cx.csat", 0.781, Unit.FRACTION, Direction.HIGHER_IS_BETTER, 0.774, 0.752, Facts.of("mean", 4.02, "n", 1_187L)).asHeadline(60));
        r.add(new Kpi("cx.ces", "cx.ces", 5.21, Unit.SCORE, Direction.HIGHER_IS_BETTER, 5.30, null, Facts.of("share57", 0.71, "n", 903L)).asHeadline(70));
        List<String> months = new ArrayList<>();
        double[] det = new double[6], pas = new double[6], pro = new double[6];
        for (int i = 0; i < 6; i++) {
            months.add("month." + MONTH.minusMonths(5 - i));
            det[i] = 0.18 + rnd.nextDouble() * 0.04;
            pro[i] = 0.42 + rnd.nextDouble() * 0.05;
            pas[i] = 1 - det[i] - pro[i];
        }
        r.add(new Categories("cx.npsByMonth", "cx.npsByMonth", Unit.FRACTION, months, List.of(new Categories.Series("nps.detractors", det),
                new Categories.Series("nps.passives", pas), new Categories.Series("nps.promoters", pro)), true, Map.of()));
        String[] drivers = {"driver.trust", "driver.problem_solving", "driver.ease", "driver.expectations", "driver.personalization", "driver.empathy"};
        double[] lmg = {0.27, 0.24, 0.18, 0.14, 0.09, 0.08};
        double[] perf = {7.9, 6.4, 6.9, 7.6, 6.1, 8.1};
        String[] quad = {"maintain", "fix-first", "fix-first", "maintain", "low-priority", "possible-overkill"};
        List<List<Object>> rows = new ArrayList<>();
        List<Scatter.Point> pts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(List.of(drivers[i], lmg[i], lmg[i] / 0.58, perf[i], quad[i]));
            pts.add(new Scatter.Point(drivers[i], lmg[i], perf[i], null));
        }
        r.add(new Table("cx.drivers", "cx.drivers", List.of(new Table.Column("driver", "col.driver", Unit.TEXT),
                new Table.Column("lmg", "col.lmg", Unit.FRACTION), new Table.Column("relativeWeight", "col.relativeWeight", Unit.FRACTION),
                new Table.Column("performance", "col.performance", Unit.SCORE), new Table.Column("quadrant", "col.quadrant", Unit.TEXT)),
                rows, Facts.of("n", 1_204L, "r2", 0.58, "method", "LMG")));
        // the metric's own sentence on the driver to fix first: the fix-first driver with the largest LMG share
        r.add(new Highlight("cx.highlight.fixFirst", 10, "cx.highlight.fixFirst", List.of("driver.problem_solving",
                new Quantity(0.24, Unit.FRACTION), new Quantity(6.4, Unit.SCORE)), Map.of()));
        r.add(new Scatter("cx.ipa", "cx.ipa", "axis.importance", Unit.FRACTION, "axis.performance", Unit.SCORE, pts,
                1.0 / 6, 7.17, List.of("possible-overkill", "maintain", "low-priority", "fix-first"), Map.of()));
        r.add(new Categories("cx.gap", "cx.gap", Unit.SCORE, List.of(drivers), List.of(
                new Categories.Series("series.selfAssessment", new double[] {8.5, 8.0, 7.5, 8.0, 7.0, 8.0}),
                new Categories.Series("series.customers", perf)), false, Map.of()));
        r.add(new Note("cx.touchpoint.app", Note.Severity.WARNING, "note.tooFew", List.of("touchpoint.app", 12L, 30L), Map.of()));
        r.add(new Note("cx.ok", Note.Severity.INFO, "note.method", List.of(), Map.of()));
        return r;
    }

    static DataQuality dataQuality() {
        Map<String, FileQuality> files = new LinkedHashMap<>();
        List<Finding> f = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            f.add(new Finding(1_000 + i * 217L, "amount", "dq.reason.badNumber", "'12,5x'", true));
        }
        for (int i = 0; i < 12; i++) {
            f.add(new Finding(88 + i * 991L, "date", "dq.reason.badDate", "'31.02.2026'", true));
        }
        for (int i = 0; i < 5; i++) {
            f.add(new Finding(5_000 + i * 13L, "customer_id", "dq.reason.unknownCustomer", "K-99", false));
        }
        files.put("transactions.csv", new FileQuality("transactions.csv", "UTF-8, ';', decimal ','", 412_338, 412_262, 52, 1_204,
                Map.of("dq.reason.badNumber", 40L, "dq.reason.badDate", 12L), Map.of("dq.reason.unknownCustomer", 5L), f,
                Map.of("customer_id", 1.0, "date", 1.0, "amount", 0.9998, "channel", 0.962), LocalDate.of(2026, 10, 31), 0));
        files.put("customers.csv", new FileQuality("customers.csv", "UTF-8, ';'", 52_904, 52_904, 0, 0, Map.of(), Map.of(), List.of(),
                Map.of("customer_id", 1.0, "acquired_on", 1.0, "churned_on", 0.183, "segment", 0.997, "region", 0.981),
                LocalDate.of(2026, 10, 30), 1));
        files.put("survey_responses.csv", new FileQuality("survey_responses.csv", "UTF-8, ','", 3_488, 3_471, 17, 0,
                Map.of("dq.reason.outOfRange", 17L), Map.of(), List.of(new Finding(17, "nps", "dq.reason.outOfRange", "11", true),
                        new Finding(244, "nps", "dq.reason.outOfRange", "-1", true)),
                Map.of("nps", 1.0, "csat", 0.98, "ces", 0.76), LocalDate.of(2026, 10, 28), 3));
        return new DataQuality(files, new DataQuality.Totals(52_904, 412_262, 87_412_530.5, 3_471));
    }

    static byte[] logo() {
        BufferedImage img = new BufferedImage(240, 80, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0xFF, 0xFF, 0xFF));
        g.fillRoundRect(0, 0, 240, 80, 20, 20);
        g.setColor(new Color(0x0B, 0x55, 0x63));
        g.fillOval(12, 12, 56, 56);
        g.setColor(new Color(0xF2, 0xA5, 0x41));
        g.fillOval(30, 22, 30, 30);
        g.setColor(new Color(0x0B, 0x55, 0x63));
        g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 30));
        g.drawString("NORDLYS", 78, 52);
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Messages messages(Locale locale) {
        Map<String, String> m = new HashMap<>();
        String lang = locale.getLanguage();
        String[][] table = {
            // key, nb, sv, en
            {"churn.title", "Kundefrafall og lojalitet", "Kundbortfall och lojalitet", "Churn and retention"},
            {"clv.title", "Kundens levetidsverdi", "Kundens livstidsvärde", "Customer lifetime value"},
            {"cx.title", "Kundeopplevelse", "Kundupplevelse", "Customer experience"},
            {"acme.loyalty.title", "Lojalitetspoeng (Acme)", "Lojalitetspoäng (Acme)", "Loyalty points (Acme)"},
            {"acme.basket.title", "Handlekurvanalyse (Acme)", "Varukorgsanalys (Acme)", "Basket analysis (Acme)"},
            {"acme.empty.title", "Kampanjeeffekt (Acme)", "Kampanjeffekt (Acme)", "Campaign effect (Acme)"},
            {"acme.aov.title", "Ordreverdi (Acme)", "Ordervärde (Acme)", "Order value (Acme)"},
            {"acme.aov.value", "Snittordre (Acme)", "Snittorder (Acme)", "Average order (Acme)"},
            {"acme.aov.highlight", "Snittordren steg til {0}.", "Snittordern steg till {0}.", "The average order rose to {0}."},
            {"customers.active", "Aktive kunder", "Aktiva kunder", "Active customers"},
            {"churn.monthly.rate", "Månedlig kundefrafall", "Månatligt kundbortfall", "Monthly churn"},
            {"churn.12m.rate", "Kundefrafall siste 12 mnd.", "Kundbortfall senaste 12 mån.", "12-month churn"},
            {"clv.predicted", "Snitt predikert levetidsverdi", "Snitt prediktivt livstidsvärde", "Average predicted CLV"},
            {"cx.nps", "Net Promoter Score", "Net Promoter Score", "Net Promoter Score"},
            {"cx.csat", "Kundetilfredshet (CSAT)", "Kundnöjdhet (CSAT)", "Customer satisfaction (CSAT)"},
            {"cx.ces", "Kundeinnsats (CES)", "Kundansträngning (CES)", "Customer effort (CES)"},
            {"cx.highlight.fixFirst", "Viktigste driver å forbedre: {0} (andel forklart varians {1}, prestasjon {2}) er viktig for kundene, men får under gjennomsnittlig vurdering.",
                "Viktigaste drivkraft att förbättra: {0} (andel förklarad varians {1}, prestation {2}) är viktig för kunderna men får under genomsnittligt betyg.",
                "Top driver to fix: {0} (share of explained variance {1}, performance {2}) is important to customers but rated below average."},
            {"cx.ces", "Kundeinnsats (CES)", "Kundansträngning (CES)", "Customer effort (CES)"},
            {"churn.trend", "Månedlig kundefrafall, i år mot i fjor", "Månatligt kundbortfall, i år mot i fjol", "Monthly churn, this year vs last year"},
            {"series.thisYear", "I år", "I år", "This year"},
            {"series.lastYear", "I fjor", "I fjol", "Last year"},
            {"series.thisMonth", "Denne måneden", "Denna månad", "This month"},
            // the methodology appendix: a fact's label, and the words for a coded value
            {"fact.lost", "Tapte kunder", "Förlorade kunder", "Customers lost"},
            {"fact.timeUnit", "Tidsenhet", "Tidsenhet", "Time unit"},
            {"fact.timeUnit.week", "uke", "vecka", "week"},
            {"churn.bySegment", "Kundefrafall etter abonnement og segment", "Kundbortfall efter abonnemang och segment", "Churn by plan and segment"},
            {"churn.byArea", "Kundefrafall etter område (200 områder)", "Kundbortfall efter område (200 områden)", "Churn by area (200 areas)"},
            {"churn.cohorts", "Andel kunder igjen per kohort (måned for kundestart)", "Andel kvarvarande kunder per kohort", "Share of customers retained by cohort"},
            {"churn.survival", "Overlevelseskurve med 95 % konfidensbånd", "Överlevnadskurva med 95 % konfidensband", "Survival curve with 95% confidence band"},
            {"churn.areaTable", "Kundefrafall per område", "Kundbortfall per område", "Churn per area"},
            {"axis.tenure", "Kundeforhold", "Kundrelation", "Tenure"},
            {"axis.retained", "Gjenværende kunder", "Kvarvarande kunder", "Customers retained"},
            {"plan.basis", "Basis", "Bas", "Basic"},
            {"plan.standard", "Standard", "Standard", "Standard"},
            {"plan.premium", "Premium", "Premium", "Premium"},
            {"segment.privat", "Privat", "Privat", "Consumer"},
            {"segment.bedrift", "Bedrift", "Företag", "Business"},
            {"col.area", "Område", "Område", "Area"},
            {"col.base", "Kunder ved start", "Kunder vid start", "Customers at start"},
            {"col.lost", "Tapte", "Förlorade", "Lost"},
            {"col.rate", "Frafall", "Bortfall", "Churn"},
            {"clv.histogram", "Fordeling av predikert levetidsverdi", "Fördelning av prediktivt livstidsvärde", "Distribution of predicted CLV"},
            {"clv.pareto", "Verdikonsentrasjon (Pareto)", "Värdekoncentration (Pareto)", "Value concentration (Pareto)"},
            {"axis.shareCustomers", "Andel kunder", "Andel kunder", "Share of customers"},
            {"axis.shareValue", "Andel av samlet verdi", "Andel av totalt värde", "Share of total value"},
            {"series.cumulativeValue", "Kumulativ verdi", "Kumulativt värde", "Cumulative value"},
            {"clv.tracking", "Kontroll: predikerte mot faktiske kjøp i kontrollperioden", "Kontroll: prognos mot faktiska köp", "Holdout: predicted vs actual purchases"},
            {"axis.holdoutWeek", "Uke i kontrollperioden", "Vecka i kontrollperioden", "Holdout week"},
            {"axis.cumPurchases", "Kumulative kjøp", "Kumulativa köp", "Cumulative purchases"},
            {"series.actual", "Faktisk", "Faktiskt", "Actual"},
            {"series.predicted", "Predikert", "Prognos", "Predicted"},
            {"clv.bySegment", "Snitt levetidsverdi per abonnement og segment", "Snitt livstidsvärde per abonnemang och segment", "Average CLV by plan and segment"},
            {"clv.tiers", "Verdisegmenter", "Värdesegment", "Value tiers"},
            {"tier.top", "Topp 10 %", "Topp 10 %", "Top 10%"},
            {"tier.high", "Neste 20 %", "Nästa 20 %", "Next 20%"},
            {"tier.mid", "Midtre 30 %", "Mittersta 30 %", "Middle 30%"},
            {"tier.low", "Nederste 40 %", "Nedersta 40 %", "Bottom 40%"},
            {"col.tier", "Segment", "Segment", "Tier"},
            {"col.customers", "Kunder", "Kunder", "Customers"},
            {"col.meanClv", "Snitt levetidsverdi", "Snitt livstidsvärde", "Mean CLV"},
            {"col.shareValue", "Andel av verdi", "Andel av värde", "Share of value"},
            {"cx.npsByMonth", "NPS-fordeling per måned", "NPS-fördelning per månad", "NPS mix by month"},
            {"nps.detractors", "Kritikere (0–6)", "Kritiker (0–6)", "Detractors (0–6)"},
            {"nps.passives", "Passive (7–8)", "Passiva (7–8)", "Passives (7–8)"},
            {"nps.promoters", "Ambassadører (9–10)", "Ambassadörer (9–10)", "Promoters (9–10)"},
            {"cx.drivers", "Drivere for anbefaling", "Drivkrafter för rekommendation", "Key drivers of recommendation"},
            {"driver.trust", "Tillit", "Förtroende", "Trust"},
            {"driver.problem_solving", "Problemløsning", "Problemlösning", "Problem solving"},
            {"driver.ease", "Enkelhet", "Enkelhet", "Ease"},
            {"driver.expectations", "Innfridde forventninger", "Uppfyllda förväntningar", "Meeting expectations"},
            {"driver.personalization", "Personlig tilpasning", "Personlig anpassning", "Personalisation"},
            {"driver.empathy", "Empati", "Empati", "Empathy"},
            {"col.driver", "Driver", "Drivkraft", "Driver"},
            {"col.lmg", "Andel forklart varians", "Andel förklarad varians", "Share of R²"},
            {"col.relativeWeight", "Relativ vekt", "Relativ vikt", "Relative weight"},
            {"col.performance", "Prestasjon (1–10)", "Prestation (1–10)", "Performance (1–10)"},
            {"col.quadrant", "Kvadrant", "Kvadrant", "Quadrant"},
            {"fix-first", "Forbedre først", "Förbättra först", "Fix first"},
            {"maintain", "Behold", "Behåll", "Maintain"},
            {"low-priority", "Lav prioritet", "Låg prioritet", "Low priority"},
            {"possible-overkill", "Mulig overinnsats", "Möjlig överinsats", "Possible overkill"},
            {"cx.ipa", "Viktighet mot prestasjon", "Viktighet mot prestation", "Importance vs performance"},
            {"axis.importance", "Viktighet (andel forklart varians)", "Viktighet (andel förklarad varians)", "Importance (share of R²)"},
            {"axis.performance", "Prestasjon", "Prestation", "Performance"},
            {"cx.gap", "Oppfatningsgap: egen vurdering mot kundenes", "Uppfattningsgap: egen bedömning mot kundernas", "Perception gap: self-assessment vs customers"},
            {"series.selfAssessment", "Egen vurdering", "Egen bedömning", "Self-assessment"},
            {"series.customers", "Kundenes vurdering", "Kundernas bedömning", "Customers' rating"},
            {"touchpoint.app", "Appen", "Appen", "the app"},
            {"note.tooFew", "For få svar for {0}: {1} svar, minst {2} trengs. Kontaktpunktet vises ikke.",
                "För få svar för {0}: {1} svar, minst {2} behövs. Kontaktpunkten visas inte.", "Too few responses for {0}: {1}, at least {2} needed. The touchpoint is not shown."},
            {"note.method", "Drivere er beregnet med LMG (Shapley) på 1 204 svar; R² = 0,58.", "Drivkrafter är beräknade med LMG (Shapley) på 1 204 svar; R² = 0,58.", "Drivers computed with LMG (Shapley) on 1,204 responses; R² = 0.58."},
            {"dq.reason.badNumber", "Ugyldig tall", "Ogiltigt tal", "Not a number"},
            {"dq.reason.badDate", "Ugyldig dato", "Ogiltigt datum", "Invalid date"},
            {"dq.reason.unknownCustomer", "Ukjent kunde", "Okänd kund", "Unknown customer"},
            {"dq.reason.outOfRange", "Utenfor skalaen", "Utanför skalan", "Out of range"},
        };
        int col = lang.equals("nb") ? 1 : lang.equals("sv") ? 2 : 3;
        for (String[] row : table) {
            m.put(row[0], row[col]);
        }
        for (int i = 0; i < 6; i++) {
            YearMonth ym = MONTH.minusMonths(5 - i);
            m.put("month." + ym, ym.format(java.time.format.DateTimeFormatter.ofPattern("LLL yyyy", locale)));
        }
        // each contributor's methodology definitions are its own (Messages is scoped by contributor); the
        // fixture's other keys are distinct across its metrics, so one table serves every scope
        Map<String, String> definitions = Map.of(
                Messages.ENGINE + "/methodology.1", col == 1 ? "Aktiv på en dag: kunde fra og med den dagen og ikke tapt." : "Active on a day: acquired and not lost.",
                "churn/methodology.1", col == 1 ? "Månedlig kundefrafall = tapte kunder / aktive ved start." : "Monthly churn rate = lost / active at start.",
                "cx/methodology.1", col == 1 ? "NPS = % ambassadører − % kritikere." : "NPS = % promoters − % detractors.");
        return (scope, key) -> key.startsWith(Messages.METHODOLOGY + ".") ? definitions.get(scope + "/" + key) : m.get(key);
    }
}
