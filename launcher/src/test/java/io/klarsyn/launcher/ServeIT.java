package io.klarsyn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code klarsyn serve}: the home is made, the API answers on the printed port, SIGTERM stops it cleanly. */
class ServeIT {

    private static final Pattern READY = Pattern.compile("Klarsyn ready at http://127\\.0\\.0\\.1:(\\d+)/");

    @TempDir
    Path tmp;

    @Test
    void serveAnswersOnTheReadyLinesPortAndStopsOnSigterm() throws Exception {
        Path home = tmp.resolve("home");
        ProcessBuilder pb = new ProcessBuilder(Dist.built().resolve("bin/klarsyn").toString(), "serve", "--home", home.toString(),
                "--port", "0").directory(tmp.toFile()).redirectError(tmp.resolve("err.txt").toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String line;
            Matcher ready = null;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                Matcher m = READY.matcher(line);
                if (m.matches()) {
                    ready = m;
                    break;
                }
            }
            assertThat(ready).as("ready line in " + lines + " / " + Files.readString(tmp.resolve("err.txt"))).isNotNull();
            System.out.printf("serve: ready line after %.0f ms%n", (System.nanoTime() - t0) / 1e6);
            assertThat(lines).as("nothing before the ready line").hasSize(1);
            int port = Integer.parseInt(ready.group(1));
            for (String sub : List.of("jobs", "deploy", "etc", "runs", "secrets")) {
                assertThat(home.resolve(sub)).isDirectory();
            }
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/api/jobs").toURL().openConnection();
            assertThat(c.getResponseCode()).as("an HTTP answer").isBetween(200, 599);
            c.disconnect();
            // the ready line waits for the security bundle's login page: no "no page" from the web UI's catch-all
            HttpURLConnection login = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/login").toURL().openConnection();
            assertThat(login.getResponseCode()).as("/login right after the ready line").isEqualTo(200);
            try (var in = login.getInputStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("action=\"/login\"");
            }
            login.disconnect();

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
            assertThat(accepts(port)).as("port closed after stop").isFalse();
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * bin/klarsyn's class-data archive: the build's (lib/klarsyn.jsa) serves commands in the build's folder; a copy
     * elsewhere (an unpacked zip) cannot use it (the JVM records lib/'s paths), so its first server writes
     * lib/klarsyn-here.jsa when it stops, and later commands there load classes from it. Whether a class came from
     * an archive is what the JVM's class-loading log says ("source: shared objects file (top)").
     */
    @Test
    void theBuildsArchiveServesItsFolderAndACopyMakesItsOwn() throws Exception {
        Path built = Dist.built();
        Path log = tmp.resolve("built-classes.txt");
        Dist.Run r = Dist.klarsyn(built, tmp, java.util.Map.of("KLARSYN_OPTS", "-Xlog:class+load=info:file=" + log), "plugins");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(log)).as("the build's own archive in use").contains("source: shared objects file (top)");

        Path copy = Dist.copy(tmp.resolve("elsewhere"));
        Path here = copy.resolve("lib/klarsyn-here.jsa");
        log = tmp.resolve("copy-classes.txt");
        r = Dist.klarsyn(copy, tmp, java.util.Map.of("KLARSYN_OPTS", "-Xlog:class+load=info:file=" + log), "plugins");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(log)).as("the build's archive is not used elsewhere").doesNotContain("shared objects file (top)");
        assertThat(here).doesNotExist();

        Dist.Server server = Dist.serve(copy, tmp, java.util.Map.of(), "--home", tmp.resolve("home").toString());
        try {
            server.url();
            server.process().destroy(); // SIGTERM: the archive is written as the JVM exits
            assertThat(server.process().waitFor(120, TimeUnit.SECONDS)).as("stopped").isTrue();
        } finally {
            server.process().destroyForcibly();
        }
        assertThat(here).as("written by the first server").isRegularFile();
        assertThat(Files.readString(copy.resolve("lib/klarsyn-here.jsa.dir")).strip()).isEqualTo(copy.toRealPath().toString());
        log = tmp.resolve("copy-classes-after.txt");
        r = Dist.klarsyn(copy, tmp, java.util.Map.of("KLARSYN_OPTS", "-Xlog:class+load=info:file=" + log), "plugins");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(log)).as("the copy's own archive in use").contains("source: shared objects file (top)");
    }

    @Test
    void oneShotCommandsPrintNoServerLog() throws Exception {
        Dist.Run r = Dist.klarsyn(Dist.built(), tmp, "plugins");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).doesNotContain("Jetty", "WARN");
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
