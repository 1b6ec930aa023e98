package io.klarsyn.example.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.klarsyn.api.result.Kpi;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Table;
import io.klarsyn.testkit.FactLabels;
import io.klarsyn.testkit.TestContext;
import io.klarsyn.testkit.TestLedger;

class RevenuePerCustomerCalculatorTest {

    @Test
    void revenuePerBuyingCustomerOverallAndBySegment() {
        TestLedger ledger = TestLedger.asOf(LocalDate.of(2024, 5, 31))
                .customer("a", "2024-01-01", null, Map.of("plan", "basis"))
                .customer("b", "2024-01-01", null, Map.of("plan", "basis"))
                .customer("c", "2024-01-01", null, Map.of("plan", "premium"))
                .customer("idle", "2024-01-01", null, Map.of("plan", "premium"))
                .transaction("a", "2024-02-01", 100)
                .transaction("b", "2024-03-01", 300)
                .transaction("c", "2024-04-01", 800)
                .transaction("c", "2024-06-01", 5000)   // after the period: not counted
                .build();
        TestContext ctx = TestContext.builder(YearMonth.of(2024, 5)).ledger(ledger).build();

        List<MetricResult> results = new RevenuePerCustomerCalculator().compute(ctx);

        Kpi kpi = (Kpi) results.get(0);
        assertThat(kpi.value()).isEqualTo(400.0);               // (100 + 300 + 800) / 3 buyers
        assertThat(kpi.facts()).containsEntry("buyers", 3);
        assertThat(kpi.headline()).as("a headline figure of the summary page").isEqualTo(45);
        Table t = (Table) results.get(1);
        assertThat(t.rows()).containsExactly(List.of("basis", 2, 200.0), List.of("premium", 1, 800.0));
    }

    @Test
    void shipsTextsInThreeLanguages() {
        RevenuePerCustomerCalculator c = new RevenuePerCustomerCalculator();
        assertThat(c.messages(Locale.forLanguageTag("nb-NO")).getString("example.revenuePerCustomer.title"))
                .startsWith("Omsetning");
        assertThat(c.messages(Locale.forLanguageTag("sv-SE")).getString("example.revenuePerCustomer.title"))
                .startsWith("Intäkt");
        assertThat(c.messages(Locale.ENGLISH).getString("example.revenuePerCustomer.title")).startsWith("Revenue");
    }

    @Test
    void everyFactHasALabelInEveryLanguage() {
        TestLedger ledger = TestLedger.asOf(LocalDate.of(2024, 5, 31))
                .customer("a", "2024-01-01", null, Map.of("plan", "basis"))
                .transaction("a", "2024-02-01", 100)
                .build();
        List<MetricResult> results = new RevenuePerCustomerCalculator()
                .compute(TestContext.builder(YearMonth.of(2024, 5)).ledger(ledger).build());
        for (String tag : new String[] {"nb-NO", "sv-SE", "en-GB"}) {
            var bundle = new RevenuePerCustomerCalculator().messages(Locale.forLanguageTag(tag));
            assertThat(FactLabels.missing(results, bundle)).as("facts without a label in " + tag).isEmpty();
            assertThat(FactLabels.unworded(results, bundle, java.util.Set.of("attribute"))).isEmpty();
        }
    }
}
