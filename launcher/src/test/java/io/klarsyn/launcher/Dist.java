package io.klarsyn.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
}
