package io.klarsyn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The assembled distribution, started for real: bin/klarsyn and the Felix framework it boots. */
class DistributionIT {

    @TempDir
    Path tmp;

    @Test
    void everyFeatureBundleIsShippedAndActive() throws Exception {
        Path home = Dist.built();
        for (String f : Launcher.FEATURES) {
            JsonNode feature = new ObjectMapper().readTree(home.resolve("features/" + f + ".json").toFile());
            for (JsonNode b : feature.get("bundles")) {
                String[] gav = b.get("id").asText().split(":");
                Path jar = home.resolve("bundles/" + gav[1] + "-" + gav[2] + ".jar");
                assertThat(jar).as(b.get("id").asText()).isRegularFile();
                // stored, not deflated (src/build/StoredBundles.java): a start reads thousands of classes from these
                try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(jar.toFile())) {
                    assertThat(z.stream().filter(e -> e.getMethod() != java.util.zip.ZipEntry.STORED).map(e -> e.getName()))
                            .as(jar.getFileName() + ": deflated entries").isEmpty();
                }
            }
        }
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString())).as("the launcher's class path holds no bundle of ours, no Jackson")
                    .noneMatch(n -> n.startsWith("klarsyn-") && !n.startsWith("klarsyn-launcher") || n.startsWith("jackson"));
        }
        try (Launcher rt = Launcher.start(home, Launcher.FEATURES)) {
            Bundle[] bundles = rt.context().getBundles();
            assertThat(bundles).hasSizeGreaterThan(40);
            for (Bundle b : bundles) {
                assertThat(b.getState()).as(b.getSymbolicName() + " ACTIVE").isEqualTo(Bundle.ACTIVE);
            }
            // the API is an ordinary bundle, not exported by the framework from the launcher's class path
            assertThat(rt.context().getBundle(0).getHeaders().get("Export-Package")).doesNotContain("io.klarsyn");
            assertThat(Stream.of(bundles).map(Bundle::getSymbolicName)).contains("io.klarsyn.api", "io.klarsyn.cli",
                    "io.klarsyn.generator", "org.apache.felix.http.jetty12", "quartz", "com.zaxxer.HikariCP",
                    "com.h2database", "org.postgresql.jdbc", "org.ops4j.pax.logging.pax-logging-api");
            assertThat(rt.context().getServiceReferences("java.util.function.Function", "(klarsyn.command=cli)")).hasSize(1);
            assertThat(rt.context().getServiceReference("io.klarsyn.api.run.ReportEngine")).isNotNull();
        }
    }

    @Test
    void oneShotCommandsLeaveTheServerDormantAndJettyClosed() throws Exception {
        try (Launcher rt = Launcher.start(Dist.built(), Launcher.FEATURES)) {
            assertThat(rt.command(new String[] {"--help"})).isZero();
            assertThat(rt.context().getServiceReference("io.klarsyn.api.server.ServerHome")).isNull();
            var runtimes = rt.context().getServiceReferences((String) null,
                    "(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)");
            for (var ref : runtimes == null ? new org.osgi.framework.ServiceReference<?>[0] : runtimes) {
                assertThat(ref.getProperty("osgi.http.endpoint")).as("no HTTP endpoint in a one-shot command").isNull();
            }
        }
    }

    @Test
    void etcConfigurationReachesConfigurationAdmin() throws Exception {
        Path home = Dist.copy(tmp);
        Files.writeString(home.resolve("etc/io.klarsyn.test.cfg"), "greeting = hej\n");
        try (Launcher rt = Launcher.start(home, Launcher.FEATURES)) {
            // the command service applies the features' configurations (here: FileInstall watching etc/)
            assertThat(rt.command(new String[] {"--help"})).isZero();
            var ctx = rt.context();
            var ref = ctx.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
            Object ca = ctx.getService(ref);
            // reflection: the test does not share the Configuration Admin API package with the framework
            var list = ca.getClass().getMethod("listConfigurations", String.class);
            long deadline = System.currentTimeMillis() + 15_000;
            Object[] found = null;
            while (found == null && System.currentTimeMillis() < deadline) {
                found = (Object[]) list.invoke(ca, "(service.pid=io.klarsyn.test)");
                if (found == null) {
                    Thread.sleep(100);
                }
            }
            assertThat(found).as("etc/io.klarsyn.test.cfg applied by FileInstall").isNotNull().hasSize(1);
            var props = (java.util.Dictionary<?, ?>) found[0].getClass().getMethod("getProperties").invoke(found[0]);
            assertThat(props.get("greeting")).isEqualTo("hej");
        }
    }

    @Test
    void pluginsVerbListsBundlesAndPlugins() throws Exception {
        Dist.Run r = Dist.klarsyn(Dist.built(), tmp, "plugins");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("ACTIVE", "io.klarsyn.engine", "Connectors:", "csv", "Metrics:", "churn", "Renderers:")
                .doesNotContain("Warning");
        assertThat(r.out().lines().filter(l -> l.contains("INSTALLED") || l.contains("RESOLVED"))).isEmpty();
        assertThat(r.out()).contains("application/pdf", "clv", "cx");
    }

    @Test
    void everyVerbHasHelp() throws Exception {
        for (String verb : List.of("demo", "report", "generate", "plugins", "plugin", "settings", "serve", "jobs", "run", "runs")) {
            Dist.Run r = Dist.klarsyn(Dist.built(), tmp, verb, "--help");
            assertThat(r.exit()).as(verb).isZero();
            assertThat(r.out()).as(verb).startsWithIgnoringCase("Usage: klarsyn " + verb);
        }
    }

    @Test
    void badPeriodIsOneClearLine() throws Exception {
        Dist.Run r = Dist.klarsyn(Dist.built(), tmp, "report", "--data", tmp.toString(), "--period", "2024-13", "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("klarsyn report: --period '2024-13' is not a month; write it as YYYY-MM, e.g. 2026-10");
    }

    @Test
    void unknownSettingIsRejectedWithASuggestion() throws Exception {
        Files.writeString(tmp.resolve("customers.csv"), "customer_id,acquired_on\nc1,2024-01-01\n");
        Dist.Run r = Dist.klarsyn(Dist.built(), tmp, "report", "--data", tmp.toString(), "--period", "2024-05", "--out",
                tmp.resolve("out").toString(), "--set", "churn.segmnts=plan");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown setting 'churn.segmnts'", "churn.segments");
        assertThat(tmp.resolve("out/report.pdf")).doesNotExist();
    }

    @Test
    void unknownVerbAndUnknownFlagAreOneClearLine() throws Exception {
        Dist.Run verb = Dist.klarsyn(Dist.built(), tmp, "reprot");
        assertThat(verb.exit()).isEqualTo(2);
        assertThat(verb.err().strip()).isEqualTo("klarsyn: unknown verb 'reprot' (klarsyn --help lists the verbs)");
        Dist.Run flag = Dist.klarsyn(Dist.built(), tmp, "report", "--perod", "2026-09");
        assertThat(flag.exit()).isEqualTo(2);
        assertThat(flag.err().strip()).isEqualTo("klarsyn report: unknown option --perod (see --help)");
    }

    @Test
    void reportEndToEndWritesItsFilesAndAClearStatus() throws Exception {
        Path data = tmp.resolve("data");
        HotDeployIT.writeData(data, java.time.YearMonth.of(2026, 9));
        Path out = tmp.resolve("out");
        Dist.Run r = Dist.klarsyn(Dist.built(), tmp, "report", "--data", data.toString(), "--period", "2026-09", "--out",
                out.toString(), "--locale", "en-GB", "--set", "churn.segments=plan");
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(out.resolve("run.log")).isRegularFile();
        assertThat(m.get("period").asText()).isEqualTo("2026-09");
        // 60 customers of the hand-made data set, 6 of them lost in 2026-07 (HotDeployIT.writeData)
        assertThat(m.get("dataQuality").get("files").get("customers.csv").get("accepted").asInt()).isEqualTo(60);
        assertThat(r.out()).contains("Status: " + m.get("status").asText());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(out.resolve("report.pdf")).isRegularFile();
    }

    @Test
    void malformedFeatureFileStopsWithItsName() throws Exception {
        Path home = Dist.copy(tmp);
        Files.writeString(home.resolve("features/klarsyn-standard.json"), "{ \"id\": \"x\", \"bundles\": [ ");
        Dist.Run r = Dist.klarsyn(home, tmp, "plugins");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("klarsyn-standard.json", "malformed");
    }

    @Test
    void missingBundleStopsWithItsName() throws Exception {
        Path home = Dist.copy(tmp);
        Files.delete(home.resolve("bundles/klarsyn-metrics-churn-0.1.0-SNAPSHOT.jar"));
        Dist.Run r = Dist.klarsyn(home, tmp, "plugins");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("klarsyn-metrics-churn-0.1.0-SNAPSHOT.jar", "does not exist");
    }

    @Test
    void unresolvableFeatureBundleIsListedWithTheMissingRequirementAndStopsNothing() throws Exception {
        Path home = Dist.copy(tmp);
        Files.write(home.resolve("bundles/broken-1.0.0.jar"),
                FailureToleranceIT.bundle("com.example.broken", "Import-Package", "com.example.nowhere;version=\"[1,2)\""));
        Path feature = home.resolve("features/klarsyn-standard.json");
        String json = Files.readString(feature, StandardCharsets.UTF_8)
                .replace("\"bundles\": [", "\"bundles\": [\n    { \"id\": \"com.example:broken:1.0.0\", \"start-order\": 7 },");
        Files.writeString(feature, json);
        Dist.Run r = Dist.klarsyn(home, tmp, "plugins");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Problems:", "com.example.broken",
                "needs package com.example.nowhere [1.0.0,2.0.0), which no installed bundle provides");
        assertThat(r.out()).contains("Metrics:", "churn");
    }

    @Test
    void settingsFileListsEverySettingWithItsDefault() throws Exception {
        String text = Files.readString(Dist.built().resolve("etc/job-defaults.properties"));
        assertThat(text).contains("#engine.timeoutSeconds=60", "#churn.segments=", "#csv.folder=", "#cx.window.months=3");
        assertThat(text).contains("#clv.timeUnit=week");
    }
}
