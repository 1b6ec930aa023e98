package io.klarsyn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.Test;

/**
 * The API's packages depend on each other without a cycle, so each can be versioned, baselined and
 * evolved on its own. The dependencies are read from the compiled classes by the JDK's {@code jdeps}.
 */
class PackageGraphTest {

    private static final Pattern EDGE = Pattern.compile("^\\s+(io\\.klarsyn\\.api\\.\\w+)\\s+->\\s+(io\\.klarsyn\\.api\\.\\w+)\\s",
            Pattern.MULTILINE);

    static Map<String, Set<String>> graph() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-e",
                "io\\.klarsyn\\.api\\..*", "target/classes");
        assertThat(code).as(out.toString()).isZero();
        Map<String, Set<String>> g = new TreeMap<>();
        Matcher m = EDGE.matcher(out.toString());
        while (m.find()) {
            if (!m.group(1).equals(m.group(2))) {
                g.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return g;
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        Map<String, Set<String>> g = graph();
        // the graph is real: the renderer SPI uses results and the run status
        assertThat(g.get("io.klarsyn.api.report")).contains("io.klarsyn.api.result", "io.klarsyn.api.run");
        List<List<String>> cycles = new ArrayList<>();
        for (String start : g.keySet()) {
            cycle(g, start, new ArrayList<>(List.of(start)), cycles);
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    @Test
    void theCheckFindsACycle() {
        List<List<String>> cycles = new ArrayList<>();
        cycle(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a")), "a", new ArrayList<>(List.of("a")), cycles);
        assertThat(cycles).containsExactly(List.of("a", "b", "c", "a"));
    }

    private static void cycle(Map<String, Set<String>> g, String start, List<String> path, List<List<String>> found) {
        for (String next : g.getOrDefault(path.get(path.size() - 1), Set.of())) {
            if (next.equals(start)) {
                List<String> c = new ArrayList<>(path);
                c.add(start);
                found.add(c);
            } else if (!path.contains(next) && next.compareTo(start) > 0) {
                path.add(next);
                cycle(g, start, path, found);
                path.remove(path.size() - 1);
            }
        }
    }
}
