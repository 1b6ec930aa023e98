package io.klarsyn.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The assembled distribution under test, copied so a test may break it, and a way to run bin/klarsyn. */
final class Dist {

    private Dist() {
    }

    static Path built() {
        String p = System.getProperty("klarsyn.dist");
        if (p == null) {
            throw new IllegalStateException("run with mvn verify: system property klarsyn.dist is not set");
        }
        return Path.of(p);
    }

    /** @return a fresh copy of the distribution in {@code parent} */
    static Path copy(Path parent) throws IOException {
        Path src = built();
        Path dst = parent.resolve("klarsyn");
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return dst;
    }

    /**
     * @return whether the shipped bundle {@code bundles/<artifactId>-0.1.0-SNAPSHOT.jar} has DS components
     *         (a module still being written ships without any and provides no plugin yet)
     */
    static boolean hasComponents(String artifactId) throws IOException {
        try (java.util.jar.JarFile jf = new java.util.jar.JarFile(built().resolve("bundles/" + artifactId + "-0.1.0-SNAPSHOT.jar").toFile())) {
            return jf.getManifest().getMainAttributes().getValue("Service-Component") != null;
        }
    }

    /** The result of one command. */
    record Run(int exit, String out, String err) {
    }

    /** Runs {@code home/bin/klarsyn args...} as a user would, with a time limit. */
    static Run klarsyn(Path home, Path workDir, String... args) throws IOException, InterruptedException {
        return klarsyn(home, workDir, java.util.Map.of(), args);
    }

    /** Runs {@code home/bin/klarsyn args...} with these environment variables added (e.g. {@code KLARSYN_OPTS}). */
    static Run klarsyn(Path home, Path workDir, java.util.Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/klarsyn").toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("klarsyn-out", ".txt");
        Path err = Files.createTempFile("klarsyn-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().putAll(env);
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("klarsyn " + String.join(" ", args) + " did not finish in 300 s");
        }
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    /** The line {@code klarsyn serve} prints once it answers. */
    static final Pattern READY = Pattern.compile("Klarsyn ready at (http://127\\.0\\.0\\.1:\\d+/)");
    /** How long {@link Server#url()} waits for the ready line: only stops a hung test. */
    private static final long READY_SECONDS = 180;

    /**
     * A {@code klarsyn serve} started by a test: its process, its URL once it printed its ready line, and everything
     * it printed (standard output and error).
     */
    static final class Server {
        private final Process process;
        private final CompletableFuture<String> ready;
        private final StringBuffer output;

        private Server(Process process, CompletableFuture<String> ready, StringBuffer output) {
            this.process = process;
            this.ready = ready;
            this.output = output;
        }

        Process process() {
            return process;
        }

        StringBuffer output() {
            return output;
        }

        /** @return the server's URL ({@code http://127.0.0.1:PORT/}), waiting for its ready line */
        String url() {
            try {
                return ready.get(READY_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
            } catch (TimeoutException e) {
                throw new AssertionError("serve printed no ready line in " + READY_SECONDS + " s:\n" + output);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for serve", e);
            }
        }
    }

    /**
     * Starts {@code home/bin/klarsyn serve --port 0 args...} in {@code workDir}, without waiting for it
     * ({@link Server#url()} waits).
     *
     * @param env environment variables added (e.g. {@code KLARSYN_OPTS})
     * @param output where its lines go (a test may collect several servers' lines in one)
     */
    static Server serve(Path home, Path workDir, Map<String, String> env, StringBuffer output, List<String> args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/klarsyn").toString(), "serve", "--port", "0"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            url.completeExceptionally(new AssertionError("serve ended without a ready line:\n" + output));
        }, "serve-output");
        reader.setDaemon(true);
        reader.start();
        return new Server(p, url, output);
    }

    /** {@link #serve(Path, Path, Map, StringBuffer, List)} with its own output. */
    static Server serve(Path home, Path workDir, Map<String, String> env, String... args) throws IOException {
        return serve(home, workDir, env, new StringBuffer(), List.of(args));
    }

    /** Something polled by {@link #await}. */
    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    /** Polls until the condition holds (every 100 ms; the limit only stops a hung test). */
    static <T> T await(String what, long limitMillis, ThrowingSupplier<T> s, java.util.function.Predicate<T> done)
            throws Exception {
        long deadline = System.currentTimeMillis() + limitMillis;
        T last = null;
        while (System.currentTimeMillis() < deadline) {
            last = s.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited " + limitMillis + " ms for " + what + "; last: " + last);
    }
}
