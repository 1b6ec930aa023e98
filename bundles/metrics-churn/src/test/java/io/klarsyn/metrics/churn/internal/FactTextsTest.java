package io.klarsyn.metrics.churn.internal;

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
 * calculator gives on generated data — contractual and not, with segments (one numeric, one unknown), key
 * drivers, and a minimum base that pools small groups — not a list kept by hand: a new fact without texts
 * in nb, sv or en fails here.
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
        ChurnCalculator calc = new ChurnCalculator();
        RESULTS.addAll(calc.compute(TestContext.builder(END).ledger(contracts.ledger())
                .setting("churn.segments", "plan,region,acquisition_cost,nosuch")
                .setting("churn.drivers", "plan,segment,channel").build()));
        RESULTS.addAll(calc.compute(TestContext.builder(END).ledger(contracts.ledger())
                .setting("churn.segments", "region").setting("churn.minBase", "200").build()));
        RESULTS.addAll(calc.compute(TestContext.builder(END).ledger(purchases.ledger())
                .setting("churn.segments", "plan").build()));
    }

    @Test
    void theRunsReachTheCalculatorsBranches() {
        Set<String> names = new TreeSet<>();
        RESULTS.forEach(r -> names.addAll(r.facts().keySet()));
        // the survival curve and its comparison, the driver model, binned and pooled groups, inferred churn
        assertThat(names).contains("confidence", "logRankChi2", "mcFaddenR2", "binned", "pooledLevels",
                "belowMinBase", "inactivityDays", "available", "columns");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nb-NO", "sv-SE", "en-GB"})
    void everyFactHasALabelAndEveryCodeItsWords(String tag) {
        ResourceBundle b = new ChurnCalculator().messages(Locale.forLanguageTag(tag));
        assertThat(FactLabels.missing(RESULTS, b)).as("facts without a label in " + tag).isEmpty();
        assertThat(FactLabels.unworded(RESULTS, b, Set.of("attribute", "segmentAttribute")))
                .as("coded values without words in " + tag).isEmpty();
    }
}
