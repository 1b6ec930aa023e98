package io.klarsyn.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Java example in the javadoc of the plugin API and the testkit compiles against them: a plugin author
 * copies these first. An example is a {@code <pre>{@code ...}</pre>} block ({@code <pre class="json">} marks
 * one that is not Java). An example that declares a class is compiled as a file; one made of statements is
 * compiled as a method body in which these names are given unless it declares them: {@code calculator} (a
 * {@code MetricCalculator}), {@code results} (its {@code List<MetricResult>}), {@code month} (a
 * {@code YearMonth}), {@code folder} (a {@code Path}), {@code connector} (a {@code DataConnector}), and the class {@code MyCalculator} (a metric).
 */
class JavadocExamplesTest {

    private static final Pattern EXAMPLE = Pattern.compile("<pre>\\{@code\\n(.*?)\\n \\*\\s*}</pre>", Pattern.DOTALL);
    private static final String IMPORTS = """
            import java.nio.file.*;
            import java.time.*;
            import java.util.*;
            import static org.assertj.core.api.Assertions.assertThat;
            import org.osgi.service.component.annotations.*;
            import io.klarsyn.api.connector.*;
            import io.klarsyn.api.delivery.*;
            import io.klarsyn.api.ledger.*;
            import io.klarsyn.api.metric.*;
            import io.klarsyn.api.model.*;
            import io.klarsyn.api.plugin.*;
            import io.klarsyn.api.report.*;
            import io.klarsyn.api.result.*;
            import io.klarsyn.api.run.*;
            import io.klarsyn.api.settings.*;
            import io.klarsyn.generator.*;
            import io.klarsyn.testkit.*;
            """;

    @TestFactory
    Stream<DynamicTest> everyJavadocExampleCompiles() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path root : List.of(Path.of("../api/src/main/java"), Path.of("src/main/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    Matcher m = EXAMPLE.matcher(Files.readString(f));
                    int n = 0;
                    while (m.find()) {
                        String code = m.group(1).replaceAll("(?m)^ \\* ?", "");
                        String name = root.relativize(f) + " #" + (++n);
                        tests.add(DynamicTest.dynamicTest(name, () -> assertCompiles(name, code)));
                    }
                }
            }
        }
        assertThat(tests).as("the API's and the testkit's examples").hasSizeGreaterThanOrEqualTo(5);
        return tests.stream();
    }

    private static void assertCompiles(String name, String code) {
        String unit;
        String className;
        Matcher declared = Pattern.compile("(?m)^(?:public )?(?:final )?class (\\w+)").matcher(code);
        if (declared.find()) {
            className = declared.group(1);
            unit = IMPORTS + code.replaceFirst("(?m)^public class", "class");
        } else {
            className = "Example";
            List<String> given = new ArrayList<>();
            for (String[] g : new String[][] {{"MetricCalculator", "calculator"}, {"List<MetricResult>", "results"},
                    {"YearMonth", "month"}, {"Path", "folder"}, {"DataConnector", "connector"}}) {
                if (!Pattern.compile("[\\w>]\\s+" + g[1] + "\\s*=").matcher(code).find()) {
                    given.add(g[0] + " " + g[1]);
                }
            }
            unit = IMPORTS + """
                    class Example {
                        static class MyCalculator implements MetricCalculator {
                            public Set<DataKind> inputs() { return Set.of(); }
                            public List<MetricResult> compute(MetricContext ctx) { return List.of(); }
                        }
                        void run(""" + String.join(", ", given) + """
                    ) throws Exception {
                    """ + code + "\n    }\n}\n";
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> problems = new DiagnosticCollector<>();
        JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return unit;
            }
        };
        StringWriter out = new StringWriter();
        boolean ok = javac.getTask(out, null, problems, List.of("-proc:none", "-d",
                System.getProperty("java.io.tmpdir") + "/klarsyn-javadoc-examples", "-classpath",
                System.getProperty("java.class.path")), null, List.of(source)).call();
        assertThat(ok).as(name + " does not compile:\n" + problems.getDiagnostics() + "\n" + unit).isTrue();
    }
}
