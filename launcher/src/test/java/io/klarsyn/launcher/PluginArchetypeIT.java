package io.klarsyn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A plugin developer's first afternoon, outside Klarsyn's tree: {@code mvn archetype:generate} of
 * {@code io.klarsyn:klarsyn-plugin-archetype} (a metric and a connector), {@code mvn verify} of the generated
 * projects against the local repository alone (offline: only what this build installs, the BOM pins it),
 * and their jars in the {@code deploy/} folder of a real distribution: the metric's section and headline
 * figure are in the report, the connector reads a job's data with its faults found.
 *
 * <p>The build's own artifacts (parent, BOM, API, engine, test kit, generator, archetype) are put into the
 * local repository first, as {@code mvn install} does, so that the test also runs under {@code mvn verify}.
 */
class PluginArchetypeIT {

    private static final String VERSION = "0.1.0-SNAPSHOT";

    @TempDir
    Path tmp;

    @Test
    void generatedMetricAndConnectorBuildOutsideTheTreeAndRunInTheServer() throws Exception {
        Path repo = Path.of(System.getProperty("klarsyn.m2"));
        install(repo);
        Path projects = Files.createDirectories(tmp.resolve("projects"));
        mvn(projects, repo, "org.apache.maven.plugins:maven-archetype-plugin:" + System.getProperty("klarsyn.archetype.version")
                + ":generate", "-DarchetypeGroupId=io.klarsyn", "-DarchetypeArtifactId=klarsyn-plugin-archetype",
                "-DarchetypeVersion=" + VERSION, "-DgroupId=com.acme.klarsyn", "-DartifactId=acme-aov", "-Dversion=1.0.0",
                "-Dpackage=com.acme.klarsyn.aov", "-DpluginId=acme.aov", "-DclassName=OrderValue");
        mvn(projects, repo, "org.apache.maven.plugins:maven-archetype-plugin:" + System.getProperty("klarsyn.archetype.version")
                + ":generate", "-DarchetypeGroupId=io.klarsyn", "-DarchetypeArtifactId=klarsyn-plugin-archetype",
                "-DarchetypeVersion=" + VERSION, "-DgroupId=com.acme.klarsyn", "-DartifactId=acme-tsv", "-Dversion=1.0.0",
                "-Dpackage=com.acme.klarsyn.tsv", "-Dkind=connector", "-DpluginId=acme.tsv", "-DclassName=AcmeTsv");

        Path metric = projects.resolve("acme-aov");
        Path connector = projects.resolve("acme-tsv");
        assertThat(metric.resolve("src/main/java/com/acme/klarsyn/aov/OrderValueCalculator.java")).exists();
        assertThat(metric.resolve("src/main/java/com/acme/klarsyn/aov/OrderValueConnector.java")).doesNotExist();
        assertThat(connector.resolve("src/main/java/com/acme/klarsyn/tsv/AcmeTsvConnector.java")).exists();
        assertThat(connector.resolve("src/main/java/com/acme/klarsyn/tsv/AcmeTsvCalculator.java")).doesNotExist();
        for (Path p : List.of(metric, connector)) {
            String pom = Files.readString(p.resolve("pom.xml"));
            assertThat(pom).as("no parent: Klarsyn's versions come from the BOM alone").doesNotContain("<parent>");
            assertThat(pom).contains("<artifactId>klarsyn-bom</artifactId>");
            assertThat(pom.split(VERSION, -1)).as("the Klarsyn version is named once, for the BOM").hasSize(2);
            assertThat(Files.readString(p.resolve("README.md"))).contains("mvn verify");
        }

        // both projects in one Maven run (an aggregator beside them: neither inherits from it)
        Files.writeString(projects.resolve("pom.xml"), """
                <project><modelVersion>4.0.0</modelVersion><groupId>t</groupId><artifactId>all</artifactId>
                <version>1</version><packaging>pom</packaging><modules><module>acme-aov</module><module>acme-tsv</module></modules></project>
                """);
        String build = mvn(projects, repo, "verify");
        assertThat(build).contains("Tests run: 3, Failures: 0, Errors: 0").contains("Tests run: 2, Failures: 0, Errors: 0");
        Path metricJar = metric.resolve("target/acme-aov-1.0.0.jar");
        Path connectorJar = connector.resolve("target/acme-tsv-1.0.0.jar");
        assertThat(metricJar).exists();
        assertThat(connectorJar).exists();

        Path home = Dist.copy(tmp);
        Files.copy(metricJar, home.resolve("deploy/acme-aov.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(connectorJar, home.resolve("deploy/acme-tsv.jar"), StandardCopyOption.REPLACE_EXISTING);

        // the metric on a generated client: its section with its title and its headline figure in the PDF
        Path data = tmp.resolve("data");
        Dist.Run gen = Dist.klarsyn(home, tmp, "generate", "--out", data.toString(), "--customers", "800", "--end", "2024-05");
        assertThat(gen.exit()).as(gen.err()).isZero();
        Path out = tmp.resolve("out-metric");
        Dist.Run report = Dist.klarsyn(home, tmp, "report", "--data", data.toString(), "--period", "2024-05", "--out",
                out.toString(), "--locale", "en-GB");
        assertThat(report.exit()).as(report.out() + report.err()).isZero();
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).get("metrics");
        JsonNode aov = metrics.get("acme.aov.aov");
        assertThat(aov).as("the generated metric's figure in metrics.json").isNotNull();
        // the generator's Gamma-Gamma spend: E[amount] = p·γ/(q−1) = 6·225/3 = 450 NOK
        assertThat(aov.get("value").asDouble()).isBetween(405.0, 495.0);
        assertThat(aov.get("headline").asInt()).isEqualTo(48);
        String pdf = PdfChecks.text(out.resolve("report.pdf")).replaceAll("\\s+", " ");
        assertThat(pdf).contains("Average order value to date");
        assertThat(pdf).contains("Average order value to date = revenue of all purchases up to the end of the period");

        // the connector on a job: its test export, every faulty line found with line and column
        Path export = connector.resolve("src/test/resources/export");
        Path job = tmp.resolve("acme.json");
        Files.writeString(job, """
                {"connector": "acme.tsv", "locale": "en-GB", "currency": "NOK", "timeZone": "Europe/Oslo",
                 "settings": {"acme.tsv": {"folder": "%s"}}}
                """.formatted(export.toString().replace("\\", "\\\\")));
        Path out2 = tmp.resolve("out-connector");
        Dist.Run run = Dist.klarsyn(home, tmp, "report", "--job", job.toString(), "--period", "2024-04", "--out", out2.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        JsonNode files = new ObjectMapper().readTree(out2.resolve("metrics.json").toFile()).get("dataQuality").get("files");
        // customers.tsv: 5 records, line 4 an impossible date, line 5 too few fields
        assertThat(files.get("customers.csv").get("read").asInt()).isEqualTo(5);
        assertThat(files.get("customers.csv").get("rejected").asInt()).isEqualTo(2);
        assertThat(files.get("customers.csv").get("findings").get(0).get("line").asInt()).isEqualTo(4);
        assertThat(files.get("customers.csv").get("findings").get(0).get("column").asText()).isEqualTo("acquired_on");
        // orders.tsv: a decimal comma (line 4) and an unknown customer (line 6)
        assertThat(files.get("transactions.csv").get("rejected").asInt()).isEqualTo(2);
        assertThat(PdfChecks.text(out2.resolve("report.pdf"))).contains("customers.tsv");
    }

    /** What {@code mvn install} puts into the local repository for a plugin build: poms and jars of this build. */
    private static void install(Path repo) throws IOException {
        Path root = Path.of(System.getProperty("klarsyn.root"));
        put(repo, "klarsyn-parent", root.resolve("pom.xml"), null);
        put(repo, "klarsyn-bom", root.resolve("devkit/bom/pom.xml"), null);
        for (String module : List.of("bundles/api", "bundles/engine", "bundles/testkit", "bundles/generator",
                "devkit/plugin-archetype")) {
            String artifact = "klarsyn-" + Path.of(module).getFileName();
            put(repo, artifact, root.resolve(module + "/pom.xml"), root.resolve(module + "/target/" + artifact + "-" + VERSION + ".jar"));
        }
    }

    private static void put(Path repo, String artifact, Path pom, Path jar) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("io/klarsyn/" + artifact + "/" + VERSION));
        Files.copy(pom, dir.resolve(artifact + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            assertThat(jar).as("built by this reactor before the launcher").exists();
            Files.copy(jar, dir.resolve(artifact + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Runs Maven offline in {@code dir} against {@code repo}, as a developer would; returns its output. */
    private static String mvn(Path dir, Path repo, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-o", "-Dmaven.repo.local=" + repo));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("mvn", ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mvn " + String.join(" ", args) + " did not finish in 300 s");
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertThat(p.exitValue()).as("mvn " + String.join(" ", args) + ":\n" + out).isZero();
        return out;
    }
}
