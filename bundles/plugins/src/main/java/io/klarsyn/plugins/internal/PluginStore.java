package io.klarsyn.plugins.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The managed plugins' files: {@code DIR/plugins/<name>/current.jar}, {@code previous.jar} (the version
 * the last update replaced) and {@code plugin.properties} ({@code pinned}, and {@code seen}: the
 * SHA-256 of each {@code deploy/} jar already considered, so a restart does not take it again).
 * Every file is written under a temporary name and renamed.
 */
final class PluginStore {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    static final String CURRENT = "current.jar";
    static final String PREVIOUS = "previous.jar";
    private static final String STATE = "plugin.properties";

    private final Path root;

    PluginStore(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** @return the names of the plugins with a {@code current.jar}, sorted */
    List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return names;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                if (Files.isRegularFile(d.resolve(CURRENT)) && NAME.matcher(d.getFileName().toString()).matches()) {
                    names.add(d.getFileName().toString());
                }
            }
        }
        names.sort(null);
        return names;
    }

    Path current(String name) {
        return dir(name).resolve(CURRENT);
    }

    Path previous(String name) {
        return dir(name).resolve(PREVIOUS);
    }

    /** Writes a new plugin's jar, or an update's: the current one becomes the previous. */
    void put(String name, byte[] jar) throws IOException {
        Path d = dir(name);
        Files.createDirectories(d);
        Path tmp = d.resolve("incoming.tmp");
        Files.write(tmp, jar);
        if (Files.isRegularFile(d.resolve(CURRENT))) {
            Files.move(d.resolve(CURRENT), d.resolve(PREVIOUS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, d.resolve(CURRENT), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Swaps current and previous. */
    void swap(String name) throws IOException {
        Path d = dir(name);
        Path tmp = d.resolve("swap.tmp");
        Files.move(d.resolve(CURRENT), tmp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(d.resolve(PREVIOUS), d.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmp, d.resolve(PREVIOUS), StandardCopyOption.ATOMIC_MOVE);
    }

    void delete(String name) throws IOException {
        Path d = dir(name);
        if (!Files.isDirectory(d)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(d);
    }

    boolean pinned(String name) {
        return Boolean.parseBoolean(state(name).getProperty("pinned", "false"));
    }

    void pin(String name, boolean pinned) throws IOException {
        Properties p = state(name);
        p.setProperty("pinned", Boolean.toString(pinned));
        save(name, p);
    }

    /** @return whether the {@code deploy/} jar with this SHA-256 was considered before; marks it considered */
    boolean seen(String name, String sha256) throws IOException {
        Properties p = state(name);
        Set<String> seen = new LinkedHashSet<>(Arrays.asList(p.getProperty("seen", "").split(",")));
        seen.remove("");
        if (!seen.add(sha256)) {
            return true;
        }
        p.setProperty("seen", String.join(",", seen));
        save(name, p);
        return false;
    }

    private Properties state(String name) {
        Properties p = new Properties();
        Path f = dir(name).resolve(STATE);
        if (Files.isRegularFile(f)) {
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                // an unreadable state file means defaults: not pinned, nothing seen
            }
        }
        return p;
    }

    private void save(String name, Properties p) throws IOException {
        Path d = dir(name);
        Files.createDirectories(d);
        Path tmp = d.resolve(STATE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "Klarsyn plugin manager: pinned = not replaced from deploy/; seen = deploy/ jars considered (SHA-256)");
        }
        Files.move(tmp, d.resolve(STATE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path dir(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is no plugin name");
        }
        return root.resolve(name);
    }
}
