package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.result.Kpi;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.generator.GroundTruth;
import io.klarsyn.testkit.FactLabels;
import io.klarsyn.testkit.GeneratedClient;
import io.klarsyn.testkit.TestContext;
import io.klarsyn.testkit.TestLedger;

class ${className}CalculatorTest {

    @TempDir
    Path tmp;

    @Test
    void averageOrderValueByHand() {
        TestLedger ledger = TestLedger.asOf(LocalDate.of(2024, 5, 31))
                .customer("a", "2024-01-01", null, Map.of())
                .customer("b", "2024-01-01", null, Map.of())
                .transaction("a", "2024-02-01", 100)
                .transaction("a", "2024-03-01", 200)
                .transaction("b", "2024-04-01", 600)
                .transaction("b", "2024-06-01", 5000)   // after the period: not counted
                .build();

        List<MetricResult> results = new ${className}Calculator()
                .compute(TestContext.builder(YearMonth.of(2024, 5)).ledger(ledger).build());

        Kpi kpi = (Kpi) results.get(0);
        assertThat(kpi.value()).isEqualTo(300.0);   // (100 + 200 + 600) / 3 orders
        assertThat(kpi.headline()).isEqualTo(${className}Calculator.HEADLINE_RANK);
    }

    @Test
    void recoversTheMeanSpendOfAGeneratedClient() throws Exception {
        GeneratedClient client = GeneratedClient.generate(tmp, 1500, YearMonth.of(2024, 5));

        Kpi kpi = (Kpi) client.run(new ${className}Calculator()).get(0);

        // the generator draws amounts from Gamma-Gamma: E[amount] = p·γ/(q−1) = 6·225/3 = 450 NOK
        double truth = GroundTruth.P * GroundTruth.GAMMA / (GroundTruth.Q - 1);
        assertThat(kpi.value()).isBetween(truth * 0.9, truth * 1.1);
    }

    @Test
    void textsInThreeLanguagesWithEveryFactLabelled() {
        TestLedger ledger = TestLedger.asOf(LocalDate.of(2024, 5, 31))
                .customer("a", "2024-01-01", null, Map.of()).transaction("a", "2024-02-01", 100).build();
        ${className}Calculator calculator = new ${className}Calculator();
        List<MetricResult> results = calculator.compute(TestContext.builder(YearMonth.of(2024, 5)).ledger(ledger).build());
        for (String tag : new String[] {"nb-NO", "sv-SE", "en-GB"}) {
            ResourceBundle bundle = calculator.messages(Locale.forLanguageTag(tag));
            assertThat(bundle.getString(${className}Calculator.ID + ".title")).as(tag).isNotBlank();
            assertThat(FactLabels.missing(results, bundle)).as("facts without a label in " + tag).isEmpty();
            assertThat(FactLabels.unworded(results, bundle, Set.of())).isEmpty();
        }
    }
}
