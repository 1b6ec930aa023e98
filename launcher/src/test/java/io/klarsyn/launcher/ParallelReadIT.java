package io.klarsyn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A transactions file read by several threads in parts (as files of 32 MB or more are) gives the
 * very report the one-thread reading gives: every number, every data-quality count and every
 * finding with its line. Run through the real launcher on a Norwegian export (BOM, {@code ;},
 * decimal comma, CRLF) with injected faults, cut into 4 KB parts.
 */
class ParallelReadIT {

    @TempDir
    Path tmp;

    @Test
    void partsInParallelGiveTheSameReport() throws Exception {
        Path data = tmp.resolve("data");
        Dist.Run g = Dist.klarsyn(Dist.built(), tmp, "generate", "--customers", "3000", "--months", "24", "--seed", "11",
                "--end", "2026-10", "--nordic", "--faults", "0.01", "--out", data.toString());
        assertThat(g.exit()).as(g.out() + g.err()).isZero();
        JsonNode one = report(data, "one", Map.of());
        JsonNode parts = report(data, "parts",
                Map.of("KLARSYN_OPTS", "-Dklarsyn.csv.parallelBytes=0 -Dklarsyn.csv.partBytes=4096"));
        JsonNode tx = one.get("dataQuality").get("files").get("transactions.csv");
        // the comparison is not between empty reports: rows were read, some rejected with their lines
        assertThat(tx.get("read").asLong()).isGreaterThan(20_000);
        assertThat(tx.get("rejected").asLong()).isPositive();
        assertThat(tx.get("findings").size()).isPositive();
        assertThat(parts).isEqualTo(one);
    }

    private JsonNode report(Path data, String name, Map<String, String> env) throws Exception {
        Path out = tmp.resolve("report-" + name);
        Dist.Run r = Dist.klarsyn(Dist.built(), tmp, env, "report", "--data", data.toString(), "--period", "2026-10",
                "--set", "clv.holdout.weeks=0", "--out", out.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        json.remove("generatedAt");
        json.remove("timings");
        for (Iterator<JsonNode> it = json.get("sections").elements(); it.hasNext();) {
            ((ObjectNode) it.next()).remove("millis");
        }
        return json;
    }
}
