package io.klarsyn.render.pdf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.lowagie.text.pdf.PdfDictionary;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfObject;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.PdfStream;
import com.lowagie.text.pdf.SimpleBookmark;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import io.klarsyn.api.report.Messages;
import io.klarsyn.api.report.ReportModel;
import io.klarsyn.api.report.ReportSection;
import io.klarsyn.api.report.SectionStatus;
import io.klarsyn.api.result.Categories;
import io.klarsyn.api.result.Direction;
import io.klarsyn.api.result.Highlight;
import io.klarsyn.api.result.Kpi;
import io.klarsyn.api.result.Quantity;
import io.klarsyn.api.result.Unit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PdfReportRendererTest {
    private final PdfReportRenderer renderer = new PdfReportRenderer();

    @Test
    void norwegianReportHasStructureBookmarksAndExtractableText() throws Exception {
        byte[] pdf = renderer.render(ReportFixture.model(ReportFixture.NB));
        PdfReader reader = new PdfReader(pdf);
        // cover, summary, 6 metric sections, 2 appendices, at least: 10 bookmarked starts; charts push some sections onto more pages.
        assertThat(reader.getNumberOfPages()).isBetween(12, 30);
        List<String> titles = bookmarkTitles(reader);
        assertThat(titles).containsExactly("Nordlys Bredbånd AS – Kunderapport", "Sammendrag for ledelsen",
                "Kundefrafall og lojalitet", "Kundens levetidsverdi", "Kundeopplevelse", "Lojalitetspoeng (Acme)",
                "Handlekurvanalyse (Acme)", "Kampanjeeffekt (Acme)", "Vedlegg A: Datakvalitet", "Vedlegg B: Metode");
        Map<String, String> info = reader.getInfo();
        assertThat(info.get("Title")).isEqualTo("Kunderapport – Nordlys Bredbånd AS – oktober 2026");
        assertThat(info.get("Author")).isEqualTo("Klarsyn");
        assertThat(info.get("Subject")).contains("Kundefrafall");
        String all = text(reader);
        assertThat(all).contains("Kundefrafall", "levetidsverdi", "Kundeopplevelse", "Trøndelag", "Bredbånd");
        // "kr 9 040": currency before, non-breaking space as thousands separator (nb-NO).
        assertThat(all).contains("kr 9 040", "1,9 %", "48 213");
        // The top driver to fix: highest LMG in quadrant fix-first of the fixture = problem solving (0.24 > ease 0.18).
        assertThat(all).contains("Viktigste driver å forbedre: Problemløsning");
        assertThat(all).contains("Denne delen kunne ikke beregnes", "Denne delen ble hoppet over", "Det finnes ingen data");
        // 200 table rows → 24 shown and "… og 176 til"
        assertThat(all).contains("… og 176 til");
        // data quality: example line numbers of the first findings, printed as plain line numbers (no thousands
        // separator) so a consultant can jump to them in an editor.
        assertThat(all).contains("1000 (beløp), 1217 (beløp)");
        assertFontsEmbedded(reader);
        assertThat(imageCount(reader)).isEqualTo(1);
    }

    @Test
    void swedishAndEnglishReportsUseTheirOwnWordsAndFormats() throws Exception {
        String sv = text(new PdfReader(renderer.render(ReportFixture.model(ReportFixture.SV))));
        assertThat(sv).contains("Sammanfattning för ledningen", "Kundbortfall", "Förtroende", "Bilaga B: Metod", "Övriga");
        assertThat(sv).contains("9 040 kr", "1,9 %");
        String en = text(new PdfReader(renderer.render(ReportFixture.model(ReportFixture.EN))));
        assertThat(en).contains("Executive summary", "NOK 9,040", "1.9%", "Top driver to fix: Problem solving", "Appendix B: Methodology");
    }

    @Test
    void methodologyShowsFactsUnderTheirLabelsAndCodesInWords() throws Exception {
        String nb = text(new PdfReader(renderer.render(ReportFixture.model(ReportFixture.NB))));
        String facts = nb.substring(nb.lastIndexOf("Modellparametere og fakta"));
        // fact.lost and fact.timeUnit label the facts, fact.timeUnit.week words the code "week"
        assertThat(facts).contains("Tapte kunder");
        assertThat(facts.lines().filter(l -> l.contains("Tidsenhet"))).isNotEmpty().allMatch(l -> l.endsWith("uke"));
        // a fact without a label (a plugin that ships none) shows its name
        assertThat(facts).contains("mape", "activeAtStart");
        // months, days and month ranges given as ISO text read as the report's dates; a text that
        // only looks like one stays as it is
        assertThat(facts).contains("oktober 2026", "november 2025 – oktober 2026", "2. mai 2026", "2026-13")
                .doesNotContain("2026-10", "2025-11..", "2026-05-02");
        // a table's ISO day reads as a date
        assertThat(nb).contains("14. sep. 2026");
        // nor anywhere else: the cohort table's months (2025-11) read as the charts' axes do (nov 25)
        assertThat(nb.replace("2026-13", "")).doesNotContainPattern("20\\d\\d-\\d\\d");
        String sv = text(new PdfReader(renderer.render(ReportFixture.model(ReportFixture.SV))));
        assertThat(sv.substring(sv.lastIndexOf("Bilaga B: Metod")).lines().filter(l -> l.contains("Tidsenhet")))
                .isNotEmpty().allMatch(l -> l.endsWith("vecka"));
    }

    /** Each language file by itself has every key (the bundle chain would hide one missing in nb or sv). */
    /** Issue 17: the completeness line names Klarsyn's fields in the report's words, the client's columns as named. */
    @Test
    void completenessNamesFieldsInTheReportsWords() throws Exception {
        String nb = text(new PdfReader(renderer.render(ReportFixture.model(ReportFixture.NB)))).replaceAll("[\\s\\u00a0]+", " ");
        assertThat(nb).contains("kunde-ID 100").contains("kunde fra 100").contains("sluttet 18,3").contains("segment 99,7")
                .doesNotContain("customer_id 100").doesNotContain("churned_on 18");
        String sv = text(new PdfReader(renderer.render(ReportFixture.model(ReportFixture.SV)))).replaceAll("[\\s\\u00a0]+", " ");
        assertThat(sv).contains("kund-ID 100").contains("belopp 100").doesNotContain("amount 99");
    }

    @Test
    void everyTextIsInEveryLanguage() throws Exception {
        Set<String> en = ownKeys("messages");
        assertThat(en).contains("method.parameters", "cell.yes");
        assertThat(ownKeys("messages_nb")).isEqualTo(en);
        assertThat(ownKeys("messages_sv")).isEqualTo(en);
    }

    private static Set<String> ownKeys(String file) throws java.io.IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = PdfReportRenderer.class.getResourceAsStream(file + ".properties")) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return p.stringPropertyNames();
    }

    @Test
    void summaryNamesTheBiggestRelativeChangeFirst() throws Exception {
        // Fixture: monthly churn 1.52 % → 1.87 % is +23 % relative, the largest of the seven (NPS 27 → 23 is −15 %).
        String en = text(new PdfReader(renderer.render(ReportFixture.model(ReportFixture.EN))));
        int churn = en.indexOf("Monthly churn rose from 1.5% to 1.9% (a deterioration)");
        int nps = en.indexOf("Net Promoter Score fell from 27 to 23");
        assertThat(churn).isPositive();
        assertThat(nps).isGreaterThan(churn);
    }

    /**
     * Nothing in the renderer names a metric: a third-party metric's KPI with a headline rank is a
     * summary tile, placed by its rank (15: after active customers, 10, before monthly churn, 20),
     * and its highlight is a summary sentence.
     */
    @Test
    void aPluginsHeadlineAndHighlightReachTheSummary() throws Exception {
        ReportModel base = ReportFixture.model(ReportFixture.EN);
        List<ReportSection> sections = new ArrayList<>(base.sections());
        sections.add(new ReportSection("acme.aov", "acme.aov.title", 1000, SectionStatus.OK, null, List.of(
                new Kpi("acme.aov.value", "acme.aov.value", 412.5, Unit.CURRENCY, Direction.HIGHER_IS_BETTER, 398.0,
                        null, Map.of()).asHeadline(15),
                new Highlight("acme.aov.highlight", 5, "acme.aov.highlight",
                        List.of(new Quantity(412.5, Unit.CURRENCY)), Map.of("orders", 1200L))), List.of(), 1));
        ReportModel model = new ReportModel(base.job(), base.period(), base.asOf(), base.locale(), base.currency(),
                base.branding(), base.status(), sections, base.dataQuality(), base.settings(), base.messages(),
                base.generatedAt());
        PdfReader reader = new PdfReader(renderer.render(model));
        String summary = new PdfTextExtractor(reader).getTextFromPage(2).replaceAll("[ \\u00a0]+", " ");
        assertThat(summary).contains("Executive summary", "The average order rose to NOK 412.",
                "Average order (Acme) rose from NOK 398 to NOK 412 (an improvement).");
        // the tiles, in rank order: active customers (10), the plugin's (15), monthly churn (20)
        // in the methodology appendix the highlight's facts stand under its sentence, not under its raw pattern
        assertThat(text(reader)).doesNotContain("{0}");
        String tiles = summary.substring(summary.indexOf("Active customers"));
        assertThat(tiles.indexOf("Average order (Acme)")).isPositive().isLessThan(tiles.indexOf("Monthly churn"));
    }

    /**
     * A tile's change is as precise as the value above it, in each language and currency. The demo's CLV tile
     * showed "kr 1 875" and "+kr 49,14": 1 875.40 after 1 826.26 is +49.14, whole kroner beside a whole value,
     * so "+kr 49"; a year before 2 007.40, so −132.00 → "−kr 132". Its NPS tile showed "8" and "+3,1": points
     * are whole, 8.0 after 4.9 is "+3". The same in Swedish crowns ("+49 kr") and in euros in English ("+€49").
     */
    @Test
    void aTilesChangeIsAsPreciseAsItsValue() throws Exception {
        List<ReportSection> sections = List.of(new ReportSection("clv", "clv.title", 200, SectionStatus.OK, null,
                List.of(new Kpi("clv.predicted", "clv.predicted", 1875.40, Unit.CURRENCY, Direction.HIGHER_IS_BETTER,
                        1826.26, 2007.40, Map.of()).asHeadline(40),
                        new Kpi("cx.nps", "cx.nps", 8.0, Unit.POINTS, Direction.HIGHER_IS_BETTER, 4.9, null,
                                Map.of()).asHeadline(50)), List.of(), 1));
        Map<Locale, List<String>> expected = Map.of(
                ReportFixture.NB, List.of("NOK", "kr 1 875", "▲ +kr 49 mot forrige", "▼ −kr 132 mot i fjor", "▲ +3 mot forrige"),
                ReportFixture.SV, List.of("SEK", "1 875 kr", "▲ +49 kr mot föreg.", "▼ −132 kr mot i fjol", "▲ +3 mot föreg."),
                ReportFixture.EN, List.of("EUR", "€1,875", "▲ +€49 vs prev.", "▼ -€132 vs last year", "▲ +3 vs prev."));
        for (Map.Entry<Locale, List<String>> e : expected.entrySet()) {
            ReportModel base = ReportFixture.model(e.getKey());
            ReportModel model = new ReportModel(base.job(), base.period(), base.asOf(), base.locale(),
                    e.getValue().get(0), base.branding(), base.status(), sections, base.dataQuality(), base.settings(),
                    base.messages(), base.generatedAt());
            String summary = new PdfTextExtractor(new PdfReader(renderer.render(model))).getTextFromPage(2)
                    .replaceAll("[ \\u00a0]+", " ");
            assertThat(summary).as(e.getKey().toString()).contains(e.getValue().subList(1, 5))
                    .doesNotContain("49,14", "49.14", "3,1", "3.1");
        }
    }

    /**
     * Message keys are scoped by the contributor: two plugins both label a figure {@code fact.revenue}
     * and each gets its own text (before, the first bundle's text won for both); each plugin's methodology
     * definition reaches the appendix after the engine's.
     */
    @Test
    void twoPluginsWithTheSameKeyEachGetTheirOwnTextAndMethodology() throws Exception {
        Map<String, Map<String, String>> byScope = Map.of(
                "acme.a", Map.of("acme.a.title", "Shop A", "fact.revenue", "Revenue of shop A",
                        "methodology.1", "Shop A counts paid orders only."),
                "acme.b", Map.of("acme.b.title", "Shop B", "fact.revenue", "Revenue of shop B",
                        "methodology.1", "Shop B counts orders when shipped.", "methodology.2", "Shop B excludes VAT."),
                Messages.ENGINE, Map.of("methodology.1", "Active on a day: acquired and not lost."));
        Messages messages = (scope, key) -> byScope.getOrDefault(scope, Map.of()).get(key);
        List<ReportSection> sections = List.of(
                new ReportSection("acme.a", "acme.a.title", 10, SectionStatus.OK, null, List.of(
                        new Kpi("acme.a.revenue", "fact.revenue", 100.0, Unit.CURRENCY, Direction.HIGHER_IS_BETTER,
                                null, null, Map.of())), List.of(), 1),
                new ReportSection("acme.b", "acme.b.title", 20, SectionStatus.OK, null, List.of(
                        new Kpi("acme.b.revenue", "fact.revenue", 200.0, Unit.CURRENCY, Direction.HIGHER_IS_BETTER,
                                null, null, Map.of())), List.of(), 1));
        ReportModel base = ReportFixture.model(ReportFixture.EN);
        ReportModel model = new ReportModel(base.job(), base.period(), base.asOf(), base.locale(), base.currency(),
                base.branding(), base.status(), sections, base.dataQuality(), base.settings(), messages,
                base.generatedAt());
        String all = text(new PdfReader(renderer.render(model)));
        assertThat(all).contains("Revenue of shop A", "Revenue of shop B");
        String method = all.substring(all.lastIndexOf("Appendix B: Methodology"));
        assertThat(method).contains("Active on a day: acquired and not lost.", "Shop A counts paid orders only.",
                "Shop B counts orders when shipped.", "Shop B excludes VAT.");
        assertThat(method.indexOf("Active on a day")).isLessThan(method.indexOf("Shop A counts"));
        assertThat(method.indexOf("Shop A counts")).isLessThan(method.indexOf("Shop B counts"));
    }

    /**
     * A result type without a view (a type added to the API after this renderer was built) is shown by the
     * generic view, its title and its facts, never dropped. The test takes the categories view away.
     */
    @Test
    void aResultTypeWithoutAViewIsShownByTheGenericView() throws Exception {
        Messages messages = (scope, key) -> Map.of("acme.c.title", "Campaigns", "acme.c.mix", "Campaign mix",
                "fact.campaigns", "Campaigns run").get(key);
        List<ReportSection> sections = List.of(new ReportSection("acme.c", "acme.c.title", 10, SectionStatus.OK, null,
                List.of(new Categories("acme.c.mix", "acme.c.mix", Unit.COUNT, List.of("spring", "autumn"),
                        List.of(new Categories.Series("orders", new double[] {3, 4})), false,
                        Map.of("campaigns", 2L))), List.of(), 1));
        ReportModel base = ReportFixture.model(ReportFixture.EN);
        ReportModel model = new ReportModel(base.job(), base.period(), base.asOf(), base.locale(), base.currency(),
                base.branding(), base.status(), sections, base.dataQuality(), base.settings(), messages,
                base.generatedAt());
        String withView = text(new PdfReader(new Page(model, Views.standard()).render()));
        String generic = text(new PdfReader(new Page(model, Views.standard().without(Categories.class)).render()));
        String section = generic.substring(generic.indexOf("Campaigns"), generic.indexOf("Appendix A"));
        assertThat(section).contains("Campaign mix").containsPattern("Campaigns run\\s*2");
        // with its view, the same result is a chart: no facts table in the section
        assertThat(withView.substring(withView.indexOf("Campaigns"), withView.indexOf("Appendix A")))
                .contains("Campaign mix").doesNotContain("Campaigns run");
    }

    @Test
    void formatsFollowTheLocale() {
        Fmt nb = new Fmt(ReportFixture.NB, "NOK");
        assertThat(nb.money(9000)).isEqualTo("kr\u00a09\u00a0000");
        assertThat(nb.percent(0.124, 1)).isEqualTo("12,4\u00a0%");
        Fmt sv = new Fmt(ReportFixture.SV, "SEK");
        assertThat(sv.money(9000)).isEqualTo("9\u00a0000\u00a0kr");
        Fmt en = new Fmt(ReportFixture.EN, "NOK");
        assertThat(en.percent(0.124, 1)).isEqualTo("12.4%");
        assertThat(en.number(9000, 0)).isEqualTo("9,000");
    }

    static List<String> bookmarkTitles(PdfReader reader) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> b : SimpleBookmark.getBookmarkList(reader)) {
            out.add((String) b.get("Title"));
        }
        return out;
    }

    static String text(PdfReader reader) throws Exception {
        PdfTextExtractor x = new PdfTextExtractor(reader);
        StringBuilder sb = new StringBuilder();
        for (int p = 1; p <= reader.getNumberOfPages(); p++) {
            sb.append(x.getTextFromPage(p)).append('\n');
        }
        // The extractor renders a non-breaking space as spaces of varying count: compare on single spaces.
        return sb.toString().replaceAll("[ \\u00a0]+", " ");
    }

    static void assertFontsEmbedded(PdfReader reader) {
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < reader.getXrefSize(); i++) {
            PdfObject o = reader.getPdfObject(i);
            if (o instanceof PdfDictionary d && PdfName.FONTDESCRIPTOR.equals(d.get(PdfName.TYPE))) {
                String name = String.valueOf(d.get(PdfName.FONTNAME));
                assertThat(d.get(PdfName.FONTFILE2) != null || d.get(PdfName.FONTFILE) != null || d.get(PdfName.FONTFILE3) != null)
                        .as("font %s embedded", name).isTrue();
                seen.add(name);
            }
            if (o instanceof PdfDictionary d && PdfName.FONT.equals(d.get(PdfName.TYPE))) {
                assertThat(String.valueOf(d.get(PdfName.SUBTYPE))).as("only Type0/CID TrueType fonts, not %s", d.get(PdfName.BASEFONT)).isIn("/Type0", "/CIDFontType2");
            }
        }
        assertThat(seen).hasSize(2).allMatch(n -> n.contains("DejaVuSans"));
    }

    static int imageCount(PdfReader reader) {
        int images = 0;
        for (int i = 1; i < reader.getXrefSize(); i++) {
            PdfObject o = reader.getPdfObject(i);
            if (o instanceof PdfStream s && PdfName.IMAGE.equals(s.get(PdfName.SUBTYPE)) && s.get(PdfName.SMASK) == null
                    && !isSoftMask(reader, i)) {
                images++;
            }
        }
        return images;
    }

    private static boolean isSoftMask(PdfReader reader, int number) {
        for (int i = 1; i < reader.getXrefSize(); i++) {
            PdfObject o = reader.getPdfObject(i);
            if (o instanceof PdfStream s && s.get(PdfName.SMASK) != null && s.get(PdfName.SMASK).isIndirect()
                    && ((com.lowagie.text.pdf.PRIndirectReference) s.get(PdfName.SMASK)).getNumber() == number) {
                return true;
            }
        }
        return false;
    }

    @Test
    void monthCategoriesReadAsOnTheTimeAxes() {
        Charts charts = new Charts(new Fmt(Locale.forLanguageTag("nb-NO"), "NOK"),
                new Charts.Palette(java.awt.Color.GREEN, java.awt.Color.GREEN, java.awt.Color.RED, java.awt.Color.GRAY),
                w -> w, t -> t);
        org.jfree.chart.JFreeChart chart = charts.categories(new io.klarsyn.api.result.Categories("cx.npsByMonth",
                "cx.npsByMonth", io.klarsyn.api.result.Unit.FRACTION, List.of("2025-11", "2025-12", "segment.privat"),
                List.of(new io.klarsyn.api.result.Categories.Series("nps.promoters", new double[] {0.4, 0.5, 0.6})), true,
                Map.of()));
        assertThat(((org.jfree.chart.plot.CategoryPlot) chart.getPlot()).getDataset().getColumnKeys())
                .containsExactly("nov 25", "des 25", "segment.privat");
    }
}
