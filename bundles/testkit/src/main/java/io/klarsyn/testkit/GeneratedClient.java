package io.klarsyn.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;

import io.klarsyn.api.metric.MetricCalculator;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.generator.GenerationSummary;
import io.klarsyn.generator.Generator;
import io.klarsyn.generator.GeneratorOptions;
import io.klarsyn.generator.GroundTruth;

/**
 * A synthetic client with known ground truth, as {@code klarsyn generate} writes one, ready for a
 * metric: the generator's files in a folder (canonical CSV, no injected faults), read through the
 * engine's own ingestion into a ledger and a survey table. The parameters the data was drawn from are
 * the constants of {@link GroundTruth} (and {@code truth.json} in the folder), so a test can check a
 * metric against what it should recover, not only against itself.
 *
 * <pre>{@code
 * GeneratedClient client = GeneratedClient.generate(folder, 2000, YearMonth.of(2024, 5));
 * List<MetricResult> results = client.run(calculator);
 * // Gamma-Gamma spend: the mean order is p·γ/(q−1) = 6·225/3 = 450 NOK
 * double meanOrder = GroundTruth.P * GroundTruth.GAMMA / (GroundTruth.Q - 1);
 * }</pre>
 *
 * @param folder where the files are: {@code customers.csv}, {@code transactions.csv},
 *        {@code responses.csv}, {@code truth.json}
 * @param period the report period: the data's last month
 * @param summary what the generator wrote (row counts)
 * @param data the files read into the engine's ledger and survey table, as of the period's last day
 */
public record GeneratedClient(Path folder, YearMonth period, GenerationSummary summary, CsvData data) {

    /** The seed of {@link #generate(Path, int, YearMonth)}: the same call gives the same files. */
    public static final long SEED = 42L;

    /**
     * Generates a contractual client of {@code customers} customers over 24 months ending with {@code period}.
     *
     * @param folder an empty or new folder
     */
    public static GeneratedClient generate(Path folder, int customers, YearMonth period) {
        return generate(folder, GeneratorOptions.defaults().withCustomers(customers).withEnd(period).withSeed(SEED));
    }

    /**
     * Generates with the given options; they must describe clean canonical files (not {@code nordic}, no
     * {@code faultRate}): {@link CsvData} reads those only.
     *
     * @throws IllegalArgumentException for Nordic or faulty files
     */
    public static GeneratedClient generate(Path folder, GeneratorOptions options) {
        if (options.nordic() || options.faultRate() > 0) {
            throw new IllegalArgumentException("a generated client for the test kit is canonical and clean: "
                    + "nordic=false, faultRate=0 (read messy files with your connector and ConnectorRun)");
        }
        try {
            GenerationSummary summary = Generator.generate(options, folder);
            return new GeneratedClient(folder, options.end(), summary, CsvData.read(folder, options.end().atEndOfMonth()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a context for the period over the client's ledger and surveys, with these settings */
    public TestContext.Builder context() {
        return TestContext.builder(period).ledger(data.ledger()).surveys(data.surveys());
    }

    /**
     * Runs a metric on the client as a report run would: the calculator's declared settings with their
     * defaults (and no others), the engine's ledger, the period's context.
     */
    public List<MetricResult> run(MetricCalculator calculator) throws Exception {
        TestContext.Builder b = context();
        calculator.settings().forEach(d -> {
            if (d.defaultValue() != null) {
                b.setting(d.name(), d.defaultValue());
            }
        });
        return calculator.compute(b.build());
    }
}
