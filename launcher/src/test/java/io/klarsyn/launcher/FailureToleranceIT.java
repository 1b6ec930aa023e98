package io.klarsyn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: a bundle that fails never stops a command. deploy/ gets a file that is no jar, a bundle
 * that does not resolve, a bundle whose activator throws and one whose DS component throws in
 * activate; a report still succeeds, and {@code plugins} lists each with its state and reason.
 */
class FailureToleranceIT {

    @TempDir
    Path tmp;

    @Test
    void brokenPluginsAreListedWithTheirReasonsAndStopNothing() throws Exception {
        Path home = Dist.copy(tmp);
        Path deploy = home.resolve("deploy");
        Files.writeString(deploy.resolve("garbage.jar"), "this is not a jar at all");
        Files.write(deploy.resolve("broken.jar"), bundle("com.example.broken", "Import-Package",
                "com.example.nowhere;version=\"[1,2)\""));
        Files.write(deploy.resolve("activator.jar"), compiled("com.example.act", Map.of("Bundle-Activator", "act.Act",
                "Import-Package", "org.osgi.framework"), Map.of("act.Act", """
                package act;
                public class Act implements org.osgi.framework.BundleActivator {
                    public void start(org.osgi.framework.BundleContext c) { throw new IllegalStateException("activator broken on purpose"); }
                    public void stop(org.osgi.framework.BundleContext c) { }
                }
                """), Map.of()));
        Files.write(deploy.resolve("boom.jar"), compiled("com.example.boom", Map.of("Service-Component", "OSGI-INF/boom.xml"),
                Map.of("boom.Boom", """
                package boom;
                public class Boom {
                    public void activate() { throw new IllegalStateException("activate broken on purpose"); }
                }
                """), Map.of("OSGI-INF/boom.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="boom.Boom" immediate="true" activate="activate">
                  <implementation class="boom.Boom"/>
                </scr:component>
                """)));

        Path data = tmp.resolve("data");
        HotDeployIT.writeData(data, java.time.YearMonth.of(2026, 9));
        Dist.Run report = Dist.klarsyn(home, tmp, "report", "--data", data.toString(), "--period", "2026-09", "--out",
                tmp.resolve("out").toString(), "--locale", "en-GB");
        assertThat(report.exit()).as(report.out() + report.err()).isZero();
        // nothing broken stops the run: no section failed. (The hand-made data — every customer buying 100 on
        // the 5th of every month — cannot fit the CLV models, whose non-convergence makes the run UNSTABLE and
        // says so; issue 17.)
        assertThat(report.out()).doesNotContain("section failed").contains("Status: UNSTABLE")
                .contains("The BG/NBD model did not converge");
        assertThat(tmp.resolve("out/report.pdf")).isRegularFile();
        // each broken thing is logged once
        for (String what : List.of("garbage.jar", "com.example.broken", "com.example.act", "boom.Boom")) {
            assertThat(report.err().lines().filter(l -> l.contains(what))).as(what + " in\n" + report.err()).hasSize(1);
        }

        Dist.Run plugins = Dist.klarsyn(home, tmp, "plugins");
        assertThat(plugins.exit()).as(plugins.out() + plugins.err()).isZero();
        String problems = plugins.out().substring(plugins.out().indexOf("Problems:"));
        assertThat(line(problems, "garbage.jar")).contains("IGNORED", "not a bundle: not a jar file");
        assertThat(line(problems, "com.example.broken")).contains("INSTALLED",
                "needs package com.example.nowhere [1.0.0,2.0.0), which no installed bundle provides");
        assertThat(line(problems, "com.example.act")).contains("RESOLVED", "IllegalStateException: activator broken on purpose");
        assertThat(line(problems, "boom.Boom")).contains("FAILED", "activate broken on purpose");
        assertThat(plugins.out()).contains("csv", "churn", "application/pdf");
    }

    private static String line(String text, String containing) {
        return text.lines().filter(l -> l.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + containing + " in\n" + text));
    }

    /** @return an empty bundle with these extra headers (name, value pairs) */
    static byte[] bundle(String bsn, String... headers) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return jar(bsn, h, Map.of());
    }

    private static byte[] jar(String bsn, Map<String, String> headers, Map<String, byte[]> entries) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", "1.0.0");
        headers.forEach(a::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, mf)) {
            for (var e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** @return a bundle of these Java sources (compiled here against the test's class path) and text resources */
    private byte[] compiled(String bsn, Map<String, String> headers, Map<String, String> sources, Map<String, String> resources)
            throws IOException {
        Path src = Files.createTempDirectory(tmp, "src");
        Path classes = Files.createTempDirectory(tmp, "classes");
        List<String> args = new java.util.ArrayList<>(List.of("-d", classes.toString(), "-classpath",
                System.getProperty("java.class.path"), "--release", "17"));
        for (var e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac").isZero();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                entries.put(classes.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        resources.forEach((k, v) -> entries.put(k, v.strip().getBytes(StandardCharsets.UTF_8)));
        return jar(bsn, headers, entries);
    }
}
