package io.klarsyn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The baseline the API and the testkit are built with (the parent POM's bnd-baseline-maven-plugin) fails a
 * build that removes a method without a major version: a small project of its own, built with the same parent
 * POM, Maven and local repository, releases 1.0.0 of a package, then removes a method from it and is built
 * again as 1.0.1. The same project unchanged passes, so the failure is the baseline's, not the setup's.
 */
class BaselineTest {

    private static final Path WORK = Path.of("target/baseline-test").toAbsolutePath();

    @Test
    void aRemovedApiMethodFailsTheBuildAndAnUnchangedApiPasses() throws Exception {
        Result released = build("1.0.0", true, "install");
        assertThat(released.code).as(released.output).isZero();

        Result unchanged = build("1.0.1", true, "verify");
        assertThat(unchanged.code).as(unchanged.output).isZero();
        assertThat(unchanged.output).contains("Baseline");

        Result broken = build("1.0.2", false, "verify");
        assertThat(broken.code).as(broken.output).isNotZero();
        assertThat(broken.output).contains("Baseline problems detected").contains("io.klarsyn.probe.api")
                .containsPattern("REMOVED +METHOD +farewell");
    }

    private record Result(int code, String output) {
    }

    private static Result build(String version, boolean withFarewell, String goal) throws IOException, InterruptedException {
        Path dir = WORK.resolve(version);
        Path src = dir.resolve("src/main/java/io/klarsyn/probe/api");
        Files.createDirectories(src);
        // relative to the probe: Maven resolves relativePath against the project's folder (an absolute path is
        // appended to it), and on a fresh machine the parent is not yet in the local repository to fall back on
        Path parent = Path.of("../../pom.xml").toAbsolutePath().normalize();
        Files.writeString(dir.resolve("pom.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <parent><groupId>io.klarsyn</groupId><artifactId>klarsyn-parent</artifactId><version>0.1.0-SNAPSHOT</version>
                    <relativePath>%s</relativePath></parent>
                  <groupId>io.klarsyn.test</groupId>
                  <artifactId>klarsyn-baseline-probe</artifactId>
                  <version>%s</version>
                  <dependencies><dependency><groupId>org.osgi</groupId><artifactId>osgi.annotation</artifactId></dependency></dependencies>
                  <build><plugins>
                    <plugin><groupId>biz.aQute.bnd</groupId><artifactId>bnd-maven-plugin</artifactId></plugin>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId></plugin>
                    <plugin><groupId>biz.aQute.bnd</groupId><artifactId>bnd-baseline-maven-plugin</artifactId></plugin>
                  </plugins></build>
                </project>
                """.formatted(dir.toAbsolutePath().relativize(parent), version));
        Files.writeString(src.resolve("package-info.java"), """
                @org.osgi.annotation.bundle.Export
                @org.osgi.annotation.versioning.Version("1.0.0")
                package io.klarsyn.probe.api;
                """);
        Files.writeString(src.resolve("Greeter.java"), """
                package io.klarsyn.probe.api;

                @org.osgi.annotation.versioning.ConsumerType
                public interface Greeter {
                    String greet(String name);
                %s}
                """.formatted(withFarewell ? "    String farewell(String name);\n" : ""));
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-DskipTests", "-Denforcer.skip=true"));
        String repo = System.getProperty("klarsyn.m2");
        if (repo != null && !repo.isBlank()) {
            cmd.add("-Dmaven.repo.local=" + repo);
        }
        cmd.add(goal);
        Path log = dir.resolve("build.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the probe build did not finish in 5 minutes: " + log);
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
