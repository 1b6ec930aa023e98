package io.klarsyn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    void demoRunsTwelvePeriodsThroughTheServerAndWritesEverySection() throws Exception {
        Path home = tmp.resolve("demo");
        Dist.Run r = Dist.klarsyn(Dist.built(), tmp, "demo", "--home", home.toString(), "--port", "0", "--once");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("Klarsyn ready at http://127\\.0\\.0\\.1:\\d+/");
        // how to log in: where the first admin's password is, never the password
        String initial = java.nio.file.Files.readString(home.resolve("secrets/initial-admin-password")).strip();
        assertThat(r.out()).contains("login as admin with the password in " + home.resolve("secrets/initial-admin-password"))
                .doesNotContain(initial);
        // the last 12 monthly periods, each a run of the server's queue, all SUCCESS
        Matcher runs = Pattern.compile("(?m)^  (\\d{4}-\\d\\d)  SUCCESS  run (\\d+) ").matcher(r.out());
        Set<String> periods = new TreeSet<>();
        while (runs.find()) {
            periods.add(runs.group(1));
        }
        YearMonth end = YearMonth.now(ZoneId.of("Europe/Oslo")).minusMonths(1);
        assertThat(periods).hasSize(12).first().isEqualTo(end.minusMonths(11).toString());
        assertThat(periods).last().isEqualTo(end.toString());
        assertThat(home.resolve("jobs/nordlys-energi.json")).isRegularFile();
        Matcher newest = Pattern.compile("Newest report:  (.*report\\.pdf)").matcher(r.out());
        assertThat(newest.find()).as(r.out()).isTrue();
        Path report = Path.of(newest.group(1)).getParent();
        assertThat(report).startsWith(home.resolve("runs"));
        assertThat(report.resolve("run.log")).isRegularFile();
        JsonNode m = new ObjectMapper().readTree(report.resolve("metrics.json").toFile());
        assertThat(m.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(m.get("period").asText()).isEqualTo(end.toString());
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
        // the settings in effect: the CSV job's own connector, the engine and the metrics, not connector-jdbc's
        // defaults (it is installed too); the data folder as its last name, not the server's path, which
        // metrics.json keeps for the consultant
        String settings = text.substring(text.lastIndexOf("Gjeldende innstillinger"));
        assertThat(settings).contains("csv.folder", "…/data", "csv.delimiter", "engine.timeoutSeconds",
                "clv.horizon.months", "cx.window.months").doesNotContain("jdbc.", home.toString());
        assertThat(m.path("settings").path("csv.folder").asText()).isEqualTo(home.resolve("data").toString());
        // a tile's change is as precise as its value: the CLV is whole kroner (from kr 100 up), so its change
        // carries no øre ("+kr 49", not "+kr 49,14"), on the summary's tile and the section's
        String tiles = text.replace('\u00a0', ' ');
        assertThat(tiles).containsPattern("[+−±]kr \\d[\\d ]* mot forrige")
                .doesNotContainPattern("[+−±]kr \\d[\\d ]*,\\d\\d mot");

        // Again on the same home: the periods have good runs, nothing is run twice.
        Dist.Run again = Dist.klarsyn(Dist.built(), tmp, "demo", "--home", home.toString(), "--port", "0", "--once");
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("0 runs (12 periods kept from before)").contains(newest.group(1));

        // In Swedish: the job file changes, so the 12 periods are run again as runs 13 to 24.
        Dist.Run sv = Dist.klarsyn(Dist.built(), tmp, "demo", "--home", home.toString(), "--port", "0", "--once", "--locale", "sv-SE");
        assertThat(sv.exit()).as(sv.out() + sv.err()).isZero();
        assertThat(sv.out()).contains("SUCCESS  run 24 ");
        Matcher svNewest = Pattern.compile("Newest report:  (.*report\\.pdf)").matcher(sv.out());
        assertThat(svNewest.find()).as(sv.out()).isTrue();
        PdfChecks.assertWellFormedReport(Path.of(svNewest.group(1)), "Sammanfattning för ledningen", "Kundbortfall",
                "Kundvärde", "Kundupplevelse", "Förtroende");

        // The one-shot report reads the demo's job file, in English.
        Dist.Run en = Dist.klarsyn(Dist.built(), tmp, "report", "--job", home.resolve("jobs/nordlys-energi.json").toString(),
                "--period", end.toString(), "--locale", "en-GB", "--out", tmp.resolve("en").toString());
        assertThat(en.exit()).as(en.out() + en.err()).isZero();
        PdfChecks.assertWellFormedReport(tmp.resolve("en/report.pdf"), "Executive summary", "Customer value",
                "Data quality");
    }

    @Test
    void demoOnATakenPortSaysSoAtOnce() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Dist.Run r = Dist.klarsyn(Dist.built(), tmp, "demo", "--home", tmp.resolve("d").toString(), "--port",
                    String.valueOf(taken.getLocalPort()), "--once");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("port " + taken.getLocalPort() + " on 127.0.0.1 is taken");
        }
    }
}
