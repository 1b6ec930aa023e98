package io.klarsyn.metrics.cx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.klarsyn.api.ledger.SurveyTable;
import io.klarsyn.api.model.SurveyResponseRecord;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.generator.Generator;
import io.klarsyn.generator.GeneratorOptions;
import io.klarsyn.testkit.CsvData;
import io.klarsyn.testkit.FactLabels;
import io.klarsyn.testkit.TestContext;
import io.klarsyn.testkit.TestSurveys;

/**
 * The methodology appendix lists every fact of every result under its label ({@code fact.<name>}) and a
 * coded text value in words ({@code fact.<name>.<code>}), in the report's language. The facts are those the
 * calculator gives on generated data — with segments (one unknown), a self-assessment for the perception
 * gap, and six of its responses, too few for the driver analysis — and on a survey of 16 drivers, where LMG is
 * sampled (the generator has six): not a list kept by hand, so a new fact or code without texts in nb, sv
 * or en fails here.
 */
class FactTextsTest {

    static final YearMonth END = YearMonth.of(2026, 9);

    @TempDir
    static Path tmp;

    static final List<MetricResult> RESULTS = new ArrayList<>();

    @BeforeAll
    static void compute() throws Exception {
        GeneratorOptions o = GeneratorOptions.defaults().withCustomers(1500).withMonths(24).withEnd(END).withSeed(17);
        Generator.generate(o, tmp.resolve("big"));
        CsvData big = CsvData.read(tmp.resolve("big"), END.atEndOfMonth());
        CxCalculator calc = new CxCalculator();
        RESULTS.addAll(calc.compute(TestContext.builder(END).ledger(big.ledger()).surveys(big.surveys())
                .setting("cx.segments", "plan,region,nosuch").setting("cx.selfAssessment.trust", "8.5")
                .setting("cx.selfAssessment.ease", "8").build()));
        // a few responses of the generated survey: too few for the driver analysis
        TestSurveys.Builder few = TestSurveys.asOf(END.atEndOfMonth());
        for (int i = 0; i < 6; i++) {
            few.response(new SurveyResponseRecord(END.atDay(1 + i), null, big.surveys().nps(i), big.surveys().csat(i),
                    big.surveys().ces(i), drivers(big.surveys(), i), null, null));
        }
        RESULTS.addAll(calc.compute(TestContext.builder(END).surveys(few.build(null)).build()));
        // beyond 15 drivers LMG is sampled over random orders
        Random r = new Random(8);
        TestSurveys.Builder b = TestSurveys.asOf(END.atEndOfMonth());
        for (int i = 0; i < 400; i++) {
            Map<String, Double> d = new HashMap<>();
            double lin = 0;
            for (int j = 0; j < 16; j++) {
                double v = 1 + r.nextInt(10);
                d.put("d" + (j < 10 ? "0" : "") + j, v);
                lin += (j == 0 ? 0.5 : 0.05) * (v - 5.5);
            }
            int nps = (int) Math.max(0, Math.min(10, Math.round(6 + lin + r.nextGaussian())));
            b.response(END.atDay(1 + i % 28).toString(), null, nps, SurveyResponseRecord.MISSING,
                    SurveyResponseRecord.MISSING, d, null);
        }
        RESULTS.addAll(calc.compute(TestContext.builder(END).surveys(b.build(null))
                .setting("cx.lmg.permutations", "200").build()));
    }

    private static Map<String, Double> drivers(SurveyTable t, int i) {
        Map<String, Double> d = new HashMap<>();
        for (int j = 0; j < t.drivers().size(); j++) {
            if (!Double.isNaN(t.driver(j, i))) {
                d.put(t.drivers().get(j), t.driver(j, i));
            }
        }
        return d;
    }

    @Test
    void theRunsReachTheCalculatorsBranches() {
        Set<String> values = new TreeSet<>();
        RESULTS.forEach(r -> r.facts().forEach((k, v) -> values.add(k + "=" + v)));
        assertThat(values).contains("method=lmg-exact", "method=lmg-sampled", "test=nps-z", "test=two-proportion-z",
                "test=welch-t", "gapDefinition=company-minus-customers", "outcome=nps");
        assertThat(values).anyMatch(v -> v.startsWith("lmgMaxStandardError="));
        assertThat(values).anyMatch(v -> v.startsWith("incomplete=")); // the note on too few responses
    }

    @ParameterizedTest
    @ValueSource(strings = {"nb-NO", "sv-SE", "en-GB"})
    void everyFactHasALabelAndEveryCodeItsWords(String tag) {
        ResourceBundle b = new CxCalculator().messages(Locale.forLanguageTag(tag));
        assertThat(FactLabels.missing(RESULTS, b)).as("facts without a label in " + tag).isEmpty();
        assertThat(FactLabels.unworded(RESULTS, b, Set.of("attribute", "segmentAttribute", "setting")))
                .as("coded values without words in " + tag).isEmpty();
    }
}
