package io.klarsyn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.YearMonth;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;


/** A metric bundle dropped into deploy/ of a running Klarsyn is used by the next run; removing it is clean. */
class HotDeployIT {

    @TempDir
    Path tmp;

    @Test
    void exampleMetricComesAndGoesWithoutRestart() throws Exception {
        Path home = Dist.copy(tmp);
        Path data = tmp.resolve("data");
        YearMonth end = YearMonth.of(2026, 9);
        writeData(data, end);
        Path example = Path.of(System.getProperty("klarsyn.example.jar"));
        Path deployed = home.resolve("deploy/metric-example.jar");

        try (Launcher rt = Launcher.start(home, Launcher.FEATURES)) {
            assertThat(metrics(rt, data, end, tmp.resolve("run1")).has("example.revenuePerCustomer")).isFalse();

            Files.copy(example, deployed, StandardCopyOption.REPLACE_EXISTING);
            await(() -> registersServices(bundleFor(rt, deployed)), "example plugin to appear");
            JsonNode m2 = metrics(rt, data, end, tmp.resolve("run2"));
            assertThat(m2.has("example.revenuePerCustomer")).isTrue();
            assertThat(m2.get("example.revenuePerCustomer").get("value").asDouble()).isPositive();
            // its figure is a headline: a tile on the summary page (page 2), between the metrics' own headlines
            // by its rank; its definition stands in the methodology appendix after the engine's and the metrics'
            com.lowagie.text.pdf.PdfReader pdf = new com.lowagie.text.pdf.PdfReader(tmp.resolve("run2/report.pdf").toString());
            // (a tile's title wraps over two lines)
            String summary = new com.lowagie.text.pdf.parser.PdfTextExtractor(pdf).getTextFromPage(2).replaceAll("\\s+", " ");
            assertThat(summary).contains("Revenue per buying customer to date");
            String all = PdfChecks.text(tmp.resolve("run2/report.pdf")).replaceAll("\\s+", " ");
            String method = all.substring(all.lastIndexOf("Appendix B"));
            assertThat(method).contains("Revenue per customer to date = revenue of all purchases");
            assertThat(method.indexOf("Monthly churn rate =")).isPositive()
                    .isLessThan(method.indexOf("Revenue per customer to date ="));

            // Replacing the jar (different bytes) updates the installed bundle in place.
            Bundle before = bundleFor(rt, deployed);
            long modified = before.getLastModified();
            Path changed = tmp.resolve("changed.jar");
            withExtraEntry(example, changed);
            Files.copy(changed, deployed, StandardCopyOption.REPLACE_EXISTING);
            await(() -> before.getLastModified() > modified && registersServices(before), "example bundle to be updated");
            assertThat(bundleFor(rt, deployed).getBundleId()).isEqualTo(before.getBundleId());

            Files.delete(deployed);
            await(() -> Stream.of(rt.context().getBundles()).noneMatch(b -> "io.klarsyn.metric-example".equals(b.getSymbolicName())),
                    "example bundle to be uninstalled");
            JsonNode m3 = metrics(rt, data, end, tmp.resolve("run3"));
            assertThat(m3.has("example.revenuePerCustomer")).isFalse();
            assertThat(m3.has("churn.monthly.rate")).isTrue();
        }
    }

    /** Runs {@code klarsyn report} in the running framework and returns the metrics of its metrics.json. */
    private static JsonNode metrics(Launcher rt, Path data, YearMonth period, Path out) throws Exception {
        int code = rt.command(new String[] {"report", "--data", data.toString(), "--period", period.toString(), "--out",
                out.toString(), "--locale", "en-GB"});
        assertThat(code).isZero();
        return new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).get("metrics");
    }

    private static Bundle bundleFor(Launcher rt, Path jar) {
        String path = jar.toAbsolutePath().normalize().toUri().getPath();
        return Stream.of(rt.context().getBundles()).filter(b -> b.getLocation().endsWith(path)).findFirst().orElse(null);
    }

    private static boolean registersServices(Bundle b) {
        return b != null && b.getState() == Bundle.ACTIVE && b.getRegisteredServices() != null;
    }

    /** 60 customers acquired 2025-01-01, each buying 100 NOK on the 5th of every month up to {@code end}; 6 churned. */
    static void writeData(Path data, YearMonth end) throws java.io.IOException {
        Files.createDirectories(data);
        StringBuilder c = new StringBuilder("customer_id,acquired_on,churned_on,plan\n");
        StringBuilder t = new StringBuilder("customer_id,date,amount\n");
        for (int i = 1; i <= 60; i++) {
            boolean churned = i % 10 == 0;
            c.append("c").append(i).append(",2025-01-01,").append(churned ? end.minusMonths(2).atDay(20) : "")
                    .append(',').append(i % 2 == 0 ? "basis" : "premium").append('\n');
            YearMonth last = churned ? end.minusMonths(2) : end;
            for (YearMonth m = YearMonth.of(2025, 1); !m.isAfter(last); m = m.plusMonths(1)) {
                t.append("c").append(i).append(',').append(m.atDay(5)).append(",100\n");
            }
        }
        Files.writeString(data.resolve("customers.csv"), c);
        Files.writeString(data.resolve("transactions.csv"), t);
    }

    private static void withExtraEntry(Path jar, Path to) throws java.io.IOException {
        try (var in = new java.util.jar.JarInputStream(Files.newInputStream(jar));
                var out = new java.util.jar.JarOutputStream(Files.newOutputStream(to), in.getManifest())) {
            for (var e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                out.putNextEntry(new java.util.jar.JarEntry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new java.util.jar.JarEntry("changed.txt"));
            out.write("v2".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
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
