package io.klarsyn.render.pdf.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the fixture report in nb, sv and en to target/fixture-report-*.pdf and prints warm/cold render times.
 * Run: {@code mvn -q -o -pl bundles/render-pdf test-compile exec:java -Dexec.mainClass=io.klarsyn.render.pdf.internal.WriteFixtureReport -Dexec.classpathScope=test}
 * or via the test {@code WriteFixtureReportTest}.
 */
public final class WriteFixtureReport {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target");
        Files.createDirectories(dir);
        PdfReportRenderer r = new PdfReportRenderer();
        for (Locale l : new Locale[] {ReportFixture.NB, ReportFixture.SV, ReportFixture.EN}) {
            long t0 = System.nanoTime();
            byte[] pdf = r.render(ReportFixture.model(l));
            long t1 = System.nanoTime();
            Path out = dir.resolve("fixture-report-" + l.getLanguage() + ".pdf");
            Files.write(out, pdf);
            System.out.printf("%s: %d bytes, %.0f ms%n", out, pdf.length, (t1 - t0) / 1e6);
        }
        if (args.length > 1 && args[1].equals("bench")) {
            var model = ReportFixture.model(ReportFixture.NB);
            for (int i = 0; i < 20; i++) {
                r.render(model);
            }
            int n = 30;
            long t0 = System.nanoTime();
            long size = 0;
            for (int i = 0; i < n; i++) {
                size = r.render(model).length;
            }
            System.out.printf("warm: %.1f ms per report (%d runs), %d bytes%n", (System.nanoTime() - t0) / 1e6 / n, n, size);
        }
    }
}
