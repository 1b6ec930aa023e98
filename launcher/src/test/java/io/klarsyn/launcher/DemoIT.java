package io.klarsyn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The README's first command, run as a new user would: bin/klarsyn demo. */
class DemoIT {

    @TempDir
    Path tmp;

    @Test
    void generateWritesTheThreeFilesAndRejectsBadCounts() throws Exception {
        assumeTrue(generatorPresent(), "the generator module is not written yet");
        Path out = tmp.resolve("gen");
        Dist.Run r = Dist.klarsyn(Dist.built(), tmp, "generate", "--customers", "50", "--months", "3", "--seed", "7",
                "--end", "2026-09", "--out", out.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).startsWith("Wrote 50 customers");
        assertThat(out.resolve("customers.csv")).isRegularFile();
        assertThat(out.resolve("transactions.csv")).isRegularFile();
        assertThat(out.resolve("responses.csv")).isRegularFile();
        Dist.Run bad = Dist.klarsyn(Dist.built(), tmp, "generate", "--customers", "-5", "--out", out.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("klarsyn generate: --customers '-5' is not a positive whole number");
    }

    private static boolean generatorPresent() throws Exception {
        Path jar = Dist.built().resolve("lib/klarsyn-generator-0.1.0-SNAPSHOT.jar");
        try (var jf = new java.util.jar.JarFile(jar.toFile())) {
            return jf.getEntry("io/klarsyn/generator/Generator.class") != null;
        }
    }

    @Test
    void demoWritesTheReportAndEverySection() throws Exception {
        assumeTrue(Files.isRegularFile(Dist.built().resolve("lib/klarsyn-generator-0.1.0-SNAPSHOT.jar"))
                && new java.util.jar.JarFile(Dist.built().resolve("lib/klarsyn-generator-0.1.0-SNAPSHOT.jar").toFile())
                        .getEntry("io/klarsyn/generator/Generator.class") != null, "the generator module is not written yet");
        Dist.Run r = Dist.klarsyn(Dist.built(), tmp, "demo", "--out", tmp.resolve("demo").toString());
        Path report = tmp.resolve("demo/report");
        if (!Dist.hasComponents("klarsyn-render-pdf") || !Dist.hasComponents("klarsyn-metrics-clv")) {
            // a standard plugin is not written yet: the demo must still end with a clear status
            assertThat(r.out()).as(r.out() + r.err()).contains("Status: ", report.resolve("metrics.json").toString());
            assertThat(r.exit()).isEqualTo(Dist.hasComponents("klarsyn-render-pdf") ? 0 : 1);
            return;
        }
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains(report.resolve("report.pdf").toString());
        assertThat(report.resolve("report.pdf")).isRegularFile();
        assertThat(report.resolve("run.log")).isRegularFile();
        JsonNode m = new ObjectMapper().readTree(report.resolve("metrics.json").toFile());
        assertThat(m.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(m.get("dataQuality").get("files").get("transactions.csv").get("rejected").asLong()).isZero();
        for (String id : new String[] {"customers.active", "churn.monthly.rate", "churn.12m.rate", "clv.predicted", "cx.nps",
                "cx.csat", "cx.ces", "cx.drivers"}) {
            assertThat(m.get("metrics").has(id)).as(id).isTrue();
        }
    }
}
