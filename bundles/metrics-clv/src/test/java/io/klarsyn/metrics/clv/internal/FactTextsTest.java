package io.klarsyn.metrics.clv.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.klarsyn.api.result.MetricResult;
import io.klarsyn.generator.Generator;
import io.klarsyn.generator.GeneratorOptions;
import io.klarsyn.testkit.CsvData;
import io.klarsyn.testkit.FactLabels;
import io.klarsyn.testkit.TestContext;

/**
 * The methodology appendix lists every fact of every result under its label ({@code fact.<name>}) and a
 * coded text value in words ({@code fact.<name>.<code>}), in the report's language. The facts are those the
 * calculator gives on generated data — contractual and not, with a segment and an unknown one, the
 * acquisition cost from the data and from the setting, each time unit — not a list kept by hand: a new fact
 * or code without texts in nb, sv or en fails here.
 */
class FactTextsTest {

    static final YearMonth END = YearMonth.of(2026, 9);

    @TempDir
    static Path tmp;

    static final List<MetricResult> RESULTS = new ArrayList<>();

    @BeforeAll
    static void compute() throws Exception {
        GeneratorOptions o = GeneratorOptions.defaults().withCustomers(1500).withMonths(24).withEnd(END).withSeed(17);
        Generator.generate(o, tmp.resolve("contracts"));
        Generator.generate(o.withContractual(false), tmp.resolve("purchases"));
        CsvData contracts = CsvData.read(tmp.resolve("contracts"), END.atEndOfMonth());
        CsvData purchases = CsvData.read(tmp.resolve("purchases"), END.atEndOfMonth());
        ClvCalculator calc = new ClvCalculator();
        RESULTS.addAll(calc.compute(TestContext.builder(END).ledger(contracts.ledger())
                .setting("clv.segments", "plan,nosuch").build()));
        RESULTS.addAll(calc.compute(TestContext.builder(END).ledger(purchases.ledger())
                .setting("clv.acquisitionCost", "500").setting("clv.timeUnit", "day").build()));
        RESULTS.addAll(calc.compute(TestContext.builder(END).ledger(purchases.ledger())
                .setting("clv.timeUnit", "month").setting("clv.holdout.weeks", "0").build()));
    }

    @Test
    void theRunsReachTheCalculatorsBranches() {
        Set<String> values = new TreeSet<>();
        RESULTS.forEach(r -> r.facts().forEach((k, v) -> values.add(k + "=" + v)));
        assertThat(values).contains("method=bgnbd-gamma-gamma-contracts", "method=bgnbd-gamma-gamma",
                "acquisitionCostSource=attribute", "acquisitionCostSource=setting", "timeUnit=week", "timeUnit=day",
                "timeUnit=month", "previousBasis=refitted", "lastYearBasis=refitted");
        assertThat(values).anyMatch(v -> v.startsWith("stopReason="));
        assertThat(values).anyMatch(v -> v.startsWith("perCustomerCorrelation="));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nb-NO", "sv-SE", "en-GB"})
    void everyFactHasALabelAndEveryCodeItsWords(String tag) {
        ResourceBundle b = new ClvCalculator().messages(Locale.forLanguageTag(tag));
        assertThat(FactLabels.missing(RESULTS, b)).as("facts without a label in " + tag).isEmpty();
        assertThat(FactLabels.unworded(RESULTS, b, Set.of("attribute", "segmentAttribute")))
                .as("coded values without words in " + tag).isEmpty();
    }

    @Test
    void everyStopOfAFitHasWords() throws Exception {
        // the stop codes a fit on this data does not reach: each of Newton's codes has its words too
        List<String> codes = new ArrayList<>();
        for (var f : Newton.class.getDeclaredFields()) {
            if (f.getName().startsWith("STOP_")) {
                f.setAccessible(true);
                codes.add((String) f.get(null));
            }
        }
        assertThat(codes).hasSize(9);
        for (String tag : new String[] {"nb-NO", "sv-SE", "en-GB"}) {
            ResourceBundle b = new ClvCalculator().messages(Locale.forLanguageTag(tag));
            for (String code : codes) {
                assertThat(b.getString(ClvCalculator.STOP_TEXT + code)).as(code + " in " + tag).isNotBlank();
            }
        }
    }
}
