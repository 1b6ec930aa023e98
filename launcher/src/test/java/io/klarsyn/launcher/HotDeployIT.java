package io.klarsyn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.klarsyn.api.report.Branding;
import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.api.run.ReportEngine;
import io.klarsyn.api.run.RunResult;
import io.klarsyn.generator.Generator;
import io.klarsyn.generator.GeneratorOptions;

/** A metric bundle dropped into deploy/ of a running Klarsyn is used by the next run; removing it is clean. */
class HotDeployIT {

    @TempDir
    Path tmp;

    @Test
    void exampleMetricComesAndGoesWithoutRestart() throws Exception {
        Path home = Dist.copy(tmp);
        Path data = tmp.resolve("data");
        YearMonth end = YearMonth.of(2026, 9);
        Generator.generate(GeneratorOptions.defaults().withCustomers(400).withMonths(12).withEnd(end), data);
        JobSpec job = new JobSpec("hot", "csv", Locale.forLanguageTag("en-GB"), "NOK", ZoneId.of("Europe/Oslo"),
                Branding.NONE, Map.of("csv.folder", data.toString()));
        Path example = Path.of(System.getProperty("klarsyn.example.jar"));
        Path deployed = home.resolve("deploy/metric-example.jar");

        try (KlarsynRuntime rt = KlarsynRuntime.start(home, KlarsynRuntime.DEFAULT_FEATURES)) {
            ReportEngine engine = rt.engine(10_000);
            assertThat(metrics(engine.run(job, end, tmp.resolve("run1"), ProgressListener.NONE)).has("example.revenuePerCustomer")).isFalse();

            Files.copy(example, deployed, StandardCopyOption.REPLACE_EXISTING);
            await(() -> engine.plugins().stream().anyMatch(p -> p.id().equals("example.revenuePerCustomer")), "example plugin to appear");
            RunResult second = engine.run(job, end, tmp.resolve("run2"), ProgressListener.NONE);
            JsonNode m2 = metrics(second);
            assertThat(m2.has("example.revenuePerCustomer")).isTrue();
            assertThat(m2.get("example.revenuePerCustomer").get("value").asDouble()).isPositive();

            Files.delete(deployed);
            await(() -> rt.bundles().stream().noneMatch(b -> "io.klarsyn.metric-example".equals(b.getSymbolicName())),
                    "example bundle to be uninstalled");
            assertThat(engine.plugins()).noneMatch(p -> p.id().equals("example.revenuePerCustomer"));
            JsonNode m3 = metrics(engine.run(job, end, tmp.resolve("run3"), ProgressListener.NONE));
            assertThat(m3.has("example.revenuePerCustomer")).isFalse();
            assertThat(m3.has("churn.monthly.rate")).isTrue();
        }
    }

    private static JsonNode metrics(RunResult r) throws Exception {
        return new ObjectMapper().readTree(r.metricsJson().toFile()).get("metrics");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
