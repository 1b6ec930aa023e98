package io.klarsyn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

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
    void demoWritesTheReportAndEverySection() throws Exception {
        Dist.Run r = Dist.klarsyn(Dist.built(), tmp, "demo", "--out", tmp.resolve("demo").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        Path report = tmp.resolve("demo/report");
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
