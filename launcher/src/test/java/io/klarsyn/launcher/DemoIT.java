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
    void generateWritesTheThreeFilesAndRejectsBadCounts() throws Exception {
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

    @Test
    void demoWritesTheReportAndEverySection() throws Exception {
        Dist.Run r = Dist.klarsyn(Dist.built(), tmp, "demo", "--out", tmp.resolve("demo").toString());
        Path report = tmp.resolve("demo/report");
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
        PdfChecks.assertWellFormedReport(report.resolve("report.pdf"), "Sammendrag for ledelsen", "Kundefrafall",
                "Kundeverdi", "Kundeopplevelse", "Vedlegg A: Datakvalitet", "Vedlegg B: Metode", "Problemløsning");
        // the methodology appendix: facts under Norwegian labels, methods in Norwegian words, not the names
        // and codes of metrics.json
        String text = PdfChecks.text(report.resolve("report.pdf"));
        String facts = text.substring(text.lastIndexOf("Modellparametere og fakta"), text.lastIndexOf("Gjeldende innstillinger"));
        assertThat(facts).contains("Aktive ved månedsstart", "Standardfeil α", "Welchs t-test", "Greenwoods varians",
                "siste Newton-steg");
        assertThat(facts).doesNotContain("activeAtStart", "alphaSe", "welch-t", "Welch t ", "Greenwood variance",
                "final-newton-step", "refitted", "as of ");
    }

    @Test
    void demoReportReadsInSwedishAndEnglish() throws Exception {
        Dist.Run sv = Dist.klarsyn(Dist.built(), tmp, "demo", "--locale", "sv-SE", "--out", tmp.resolve("sv").toString());
        assertThat(sv.exit()).as(sv.out() + sv.err()).isZero();
        PdfChecks.assertWellFormedReport(tmp.resolve("sv/report/report.pdf"), "Sammanfattning för ledningen", "Kundbortfall",
                "Kundvärde", "Kundupplevelse", "Förtroende");
        Dist.Run en = Dist.klarsyn(Dist.built(), tmp, "demo", "--locale", "en-GB", "--out", tmp.resolve("en").toString());
        assertThat(en.exit()).as(en.out() + en.err()).isZero();
        PdfChecks.assertWellFormedReport(tmp.resolve("en/report/report.pdf"), "Executive summary", "Customer value",
                "Data quality");
    }
}
