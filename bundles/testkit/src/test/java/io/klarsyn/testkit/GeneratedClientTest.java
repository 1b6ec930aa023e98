package io.klarsyn.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.metric.MetricCalculator;
import io.klarsyn.api.metric.MetricContext;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.result.Direction;
import io.klarsyn.api.result.Kpi;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Unit;
import io.klarsyn.generator.GroundTruth;
import io.klarsyn.generator.GeneratorOptions;

class GeneratedClientTest {

    @TempDir
    Path tmp;

    /** Mean amount per transaction: total revenue / transactions. */
    static final class MeanOrder implements MetricCalculator {
        public Set<DataKind> inputs() { return EnumSet.of(DataKind.TRANSACTIONS); }
        public List<MetricResult> compute(MetricContext ctx) {
            CustomerLedger l = ctx.ledger();
            double revenue = 0;
            long orders = 0;
            for (int i = 0; i < l.size(); i++) {
                revenue += l.revenue(i);
                orders += l.transactions(i);
            }
            return List.of(Kpi.of("t.meanOrder", revenue / orders, Unit.CURRENCY, Direction.HIGHER_IS_BETTER));
        }
    }

    @Test
    void aMetricRecoversTheGeneratorsMeanSpend() throws Exception {
        GeneratedClient client = GeneratedClient.generate(tmp, 1500, YearMonth.of(2024, 5));

        assertThat(client.folder().resolve("truth.json")).exists();
        assertThat(client.data().ledger().size()).isEqualTo(1500);
        double mean = ((Kpi) client.run(new MeanOrder()).get(0)).value();
        // Gamma-Gamma (Fader & Hardie 2013): E[amount] = p·E[1/ν] = p·γ/(q−1) = 6·225/3 = 450 NOK for every
        // customer, independent of frequency; over some 10^4 orders the sample mean is within a few percent
        double truth = GroundTruth.P * GroundTruth.GAMMA / (GroundTruth.Q - 1);
        assertThat(truth).isEqualTo(450.0);
        assertThat(mean).isBetween(truth * 0.9, truth * 1.1);
    }

    @Test
    void theSameCallGivesTheSameFiles() throws Exception {
        GeneratedClient a = GeneratedClient.generate(tmp.resolve("a"), 200, YearMonth.of(2024, 5));
        GeneratedClient b = GeneratedClient.generate(tmp.resolve("b"), 200, YearMonth.of(2024, 5));
        assertThat(Files.readString(a.folder().resolve("transactions.csv")))
                .isEqualTo(Files.readString(b.folder().resolve("transactions.csv")));
    }

    @Test
    void refusesMessyFilesItCannotRead() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GeneratedClient.generate(tmp,
                GeneratorOptions.defaults().withNordic(true))).hasMessageContaining("nordic=false");
    }
}
