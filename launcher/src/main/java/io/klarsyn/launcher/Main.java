package io.klarsyn.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.framework.Bundle;

import io.klarsyn.api.report.Branding;
import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.run.PluginInfo;
import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.api.run.ReportEngine;
import io.klarsyn.api.run.RunResult;
import io.klarsyn.api.run.RunStatus;
import io.klarsyn.api.settings.SettingDescriptor;

/**
 * {@code bin/klarsyn}: one binary, one verb per job. Exit codes: 0 done (SUCCESS or UNSTABLE),
 * 1 the report FAILED, 2 bad usage or input, 3 the runtime did not start.
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int STARTUP = 3;

    private static final String USAGE_TEXT = """
            Usage: klarsyn <verb> [options]      (klarsyn <verb> --help for its options)

            Verbs:
              demo       generate a fictitious Norwegian client and write its monthly report
              report     write the report for one month from a data folder or a job file
              generate   write synthetic client data with known ground truth
              plugins    list the bundles, connectors, metrics and renderers installed
              settings   list every job setting with its default and meaning
              serve      run the server: bundles dropped into deploy/ are picked up live
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;

    Main(Path home, PrintStream out, PrintStream err) {
        this.home = home;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Path home = Path.of(System.getProperty("klarsyn.home", "."));
        int code = new Main(home, System.out, System.err).run(args);
        System.exit(code);
    }

    int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        String verb = args[0];
        Args a;
        try {
            a = Args.parse(args, 1);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        try {
            switch (verb) {
                case "demo": return demo(a);
                case "report": return report(a);
                case "generate": return generate(a);
                case "plugins": return plugins(a);
                case "settings": return settings(a);
                case "serve": return serve(a);
                default: return usage("unknown verb '" + verb + "'");
            }
        } catch (IllegalArgumentException e) {
            err.println("klarsyn " + verb + ": " + e.getMessage());
            return USAGE;
        } catch (KlarsynRuntime.StartupException e) {
            err.println("klarsyn: cannot start: " + e.getMessage());
            return STARTUP;
        } catch (IOException | IllegalStateException e) {
            err.println("klarsyn " + verb + ": " + e.getMessage());
            return FAILED;
        }
    }

    private int usage(String problem) {
        err.println("klarsyn: " + problem + " (klarsyn --help lists the verbs)");
        return USAGE;
    }

    // ---------------------------------------------------------------- plugins

    private int plugins(Args a) throws KlarsynRuntime.StartupException {
        if (a.help()) {
            out.println("Usage: klarsyn plugins\n\nLists the framework's bundles with state and version, then the\n"
                    + "connectors, metrics and renderers they provide.");
            return OK;
        }
        a.allow();
        try (KlarsynRuntime rt = KlarsynRuntime.start(home, KlarsynRuntime.DEFAULT_FEATURES)) {
            ReportEngine engine = rt.engine(10_000);
            List<String> silent = awaitPlugins(rt, engine);
            out.println("Bundles:");
            for (Bundle b : rt.bundles()) {
                out.printf("  %3d  %-9s %-45s %s%n", b.getBundleId(), KlarsynRuntime.state(b), b.getSymbolicName(), b.getVersion());
            }
            for (String kind : List.of("connector", "metric", "renderer")) {
                out.println();
                out.println(Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + "s:");
                boolean any = false;
                for (PluginInfo p : engine.plugins()) {
                    if (p.kind().equals(kind)) {
                        any = true;
                        out.printf("  %-28s %-40s %s %s%s%n", p.id(), p.title(), p.bundle(), p.version(),
                                p.inputs().isEmpty() ? "" : "  needs " + String.join(", ", p.inputs()));
                    }
                }
                if (!any) {
                    out.println("  (none)");
                }
            }
            for (String b : silent) {
                out.println("\nWarning: bundle " + b + " is active but registered no plugin (see the log above)");
            }
            out.printf("%nStarted in %.0f ms.%n", rt.startupMillis());
        }
        return OK;
    }

    // ---------------------------------------------------------------- settings

    private int settings(Args a) throws KlarsynRuntime.StartupException, IOException {
        if (a.help()) {
            out.println("Usage: klarsyn settings [--write FILE]\n\nLists every job setting the engine and the installed plugins understand,\n"
                    + "with its default and meaning, as a commented properties file.");
            return OK;
        }
        String write = a.value("write");
        a.allow("write");
        try (KlarsynRuntime rt = KlarsynRuntime.start(home, KlarsynRuntime.DEFAULT_FEATURES)) {
            ReportEngine engine = rt.engine(10_000);
            for (String b : awaitPlugins(rt, engine)) {
                err.println("klarsyn settings: warning: bundle " + b + " registered no plugin; its settings are missing");
            }
            String text = SettingsFile.render(engine.settings());
            if (write == null) {
                out.print(text);
            } else {
                Files.writeString(Path.of(write), text, StandardCharsets.UTF_8);
            }
        }
        return OK;
    }

    // ---------------------------------------------------------------- serve

    private int serve(Args a) throws KlarsynRuntime.StartupException {
        if (a.help()) {
            out.println("Usage: klarsyn serve\n\nStarts the runtime and keeps it running: bundles dropped into deploy/ are\n"
                    + "installed and started, replaced ones updated, deleted ones uninstalled; etc/*.cfg\n"
                    + "is applied through Configuration Admin. Stop with Ctrl-C.");
            return OK;
        }
        a.allow();
        KlarsynRuntime rt = KlarsynRuntime.start(home, KlarsynRuntime.DEFAULT_FEATURES);
        Runtime.getRuntime().addShutdownHook(new Thread(rt::close));
        out.printf("Klarsyn is running (%d bundles, started in %.0f ms); watching %s%n", rt.bundles().size(),
                rt.startupMillis(), rt.home().resolve("deploy"));
        try {
            rt.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    // ---------------------------------------------------------------- generate

    private int generate(Args a) throws IOException {
        if (a.help()) {
            out.println("""
                    Usage: klarsyn generate --out DIR [--customers N] [--months M] [--seed S]
                                            [--end YYYY-MM] [--nordic] [--non-contractual] [--faults RATE]

                    Writes a synthetic client with known ground truth: customers.csv, transactions.csv,
                    responses.csv and truth.json (every parameter). The same options give the same files.
                      --customers N      customers (default 3000)
                      --months M         months of history ending at --end (default 24)
                      --seed S           random seed (default 42)
                      --end YYYY-MM      last full month of data (default: last month)
                      --nordic           write as a Norwegian Excel export: ';', decimal comma, BOM, dd.MM.yyyy
                      --non-contractual  no churned_on column: purchases are a pure BG/NBD process
                      --faults RATE      inject known faults at this rate (e.g. 0.01); counts go to truth.json""");
            return OK;
        }
        String outDir = a.require("out");
        a.allow("out", "customers", "months", "seed", "end", "faults", "nordic", "non-contractual");
        GeneratorBridge g = new GeneratorBridge();
        if (a.value("customers") != null) {
            g.with("withCustomers", int.class, a.positiveInt("customers"));
        }
        if (a.value("months") != null) {
            g.with("withMonths", int.class, a.positiveInt("months"));
        }
        if (a.value("seed") != null) {
            g.with("withSeed", long.class, a.longValue("seed"));
        }
        if (a.value("end") != null) {
            g.with("withEnd", YearMonth.class, parseMonth(a.value("end"), "--end"));
        }
        if (a.value("faults") != null) {
            g.with("withFaultRate", double.class, a.doubleValue("faults"));
        }
        if (a.flag("nordic")) {
            g.with("withNordic", boolean.class, true);
        }
        if (a.flag("non-contractual")) {
            g.with("withContractual", boolean.class, false);
        }
        long t0 = System.nanoTime();
        GeneratorBridge.Summary s = g.generate(Path.of(outDir));
        out.printf("Wrote %,d customers, %,d transactions, %,d survey responses (up to %s) to %s in %.1f s%n",
                s.customers(), s.transactions(), s.responses(), s.lastMonth(),
                s.dir().toAbsolutePath(), (System.nanoTime() - t0) / 1e9);
        return OK;
    }

    // ---------------------------------------------------------------- report

    private int report(Args a) throws KlarsynRuntime.StartupException, IOException {
        if (a.help()) {
            out.println("""
                    Usage: klarsyn report --data DIR --period YYYY-MM --out DIR [--locale nb-NO|sv-SE|en-GB]
                                          [--currency CODE] [--client NAME] [--set name=value]...
                           klarsyn report --job FILE --period YYYY-MM [--out DIR] [--set name=value]...

                    Writes report.pdf, metrics.json and run.log into --out.
                      --data DIR       a folder with any of customers.csv, transactions.csv, responses.csv
                      --job FILE       a job file (JSON): name, connector, locale, currency, timeZone,
                                       branding {clientName, logo, color}, settings {name: value}
                      --period         the month to report, e.g. 2026-10
                      --locale         language and number formats of the report (default nb-NO)
                      --currency       ISO 4217 code of the amounts in the data (default SEK for sv-SE,
                                       else NOK); with --job, the job file's currency unless given
                      --client         the client's name on the cover (default: the data folder's name)
                      --set name=value override a job setting (repeatable); lists are comma-separated,
                                       e.g. --set churn.segments=plan,region. 'klarsyn settings' lists them all.
                    Exit 0 for SUCCESS and UNSTABLE (sections that failed are named), 1 for FAILURE.""");
            return OK;
        }
        a.allow("data", "job", "period", "out", "locale", "currency", "client", "set");
        YearMonth period = parseMonth(a.require("period"), "--period");
        JobSpec job;
        Path outDir;
        if (a.value("job") != null) {
            if (a.value("data") != null) {
                throw new IllegalArgumentException("give either --data or --job, not both");
            }
            job = JobFiles.read(Path.of(a.value("job")));
            outDir = a.value("out") != null ? Path.of(a.value("out")) : Path.of("out", job.name(), period.toString());
        } else {
            String data = a.require("data");
            outDir = Path.of(a.require("out"));
            Locale locale = parseLocale(a.value("locale") == null ? "nb-NO" : a.value("locale"));
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("csv.folder", Path.of(data).toAbsolutePath().toString());
            String client = a.value("client");
            String currency = a.value("currency") != null ? parseCurrency(a.value("currency"))
                    : locale.getLanguage().equals("sv") ? "SEK" : "NOK";
            job = new JobSpec(Path.of(data).toAbsolutePath().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_"),
                    "csv", locale, currency, ZoneId.of("Europe/Oslo"), new Branding(client, null, null), settings);
        }
        if (a.value("job") != null && (a.value("locale") != null || a.value("currency") != null)) {
            job = new JobSpec(job.name(), job.connector(),
                    a.value("locale") != null ? parseLocale(a.value("locale")) : job.locale(),
                    a.value("currency") != null ? parseCurrency(a.value("currency")) : job.currency(), job.zone(),
                    job.branding(), job.settings());
        }
        job = withOverrides(job, a.sets());
        a.allow("data", "job", "period", "out", "locale", "currency", "client", "set");
        return runReport(job, period, outDir);
    }

    private int runReport(JobSpec job, YearMonth period, Path outDir) throws KlarsynRuntime.StartupException {
        return runReport(job, period, outDir, Map.of());
    }

    /**
     * @param optional settings added to the job only when a plugin of their namespace (the part before
     *        the first dot) is installed: the demo's settings for metrics that may be absent
     */
    private int runReport(JobSpec job, YearMonth period, Path outDir, Map<String, String> optional)
            throws KlarsynRuntime.StartupException {
        Progress progress = new Progress(err, System.console() != null);
        progress.stage("starting");
        try (KlarsynRuntime rt = KlarsynRuntime.start(home, KlarsynRuntime.DEFAULT_FEATURES)) {
            ReportEngine engine = rt.engine(10_000);
            List<String> silent = awaitPlugins(rt, engine);
            if (!silent.isEmpty()) {
                throw new KlarsynRuntime.StartupException("plugin bundle(s) " + String.join(", ", silent)
                        + " are active but registered no connector, metric or renderer within 10 s; see the log above");
            }
            if (!optional.isEmpty()) {
                java.util.Set<String> known = new java.util.HashSet<>();
                engine.settings().forEach(d -> known.add(d.name().substring(0, Math.max(0, d.name().indexOf('.')))));
                Map<String, String> settings = new LinkedHashMap<>();
                java.util.Set<String> skipped = new java.util.TreeSet<>();
                optional.forEach((k, v) -> {
                    String ns = k.substring(0, Math.max(0, k.indexOf('.')));
                    if (known.contains(ns)) {
                        settings.put(k, v);
                    } else {
                        skipped.add(ns);
                    }
                });
                for (String ns : skipped) {
                    err.println("note: no '" + ns + "' plugin is installed; the demo's " + ns + ".* settings are left out");
                }
                settings.putAll(job.settings());
                job = new JobSpec(job.name(), job.connector(), job.locale(), job.currency(), job.zone(), job.branding(), settings);
            }
            RunResult r = engine.run(job, period, outDir, progress);
            progress.done();
            out.println("Status: " + r.status());
            for (String s : r.failedSections()) {
                out.println("  section failed: " + s);
            }
            for (String m : r.messages()) {
                out.println("  " + m);
            }
            if (r.report() != null) {
                out.println("Report:  " + r.report().toAbsolutePath());
            }
            out.println("Metrics: " + r.metricsJson().toAbsolutePath());
            out.println("Log:     " + r.runLog().toAbsolutePath());
            return r.status() == RunStatus.FAILURE ? FAILED : OK;
        }
    }

    // ---------------------------------------------------------------- demo

    private int demo(Args a) throws KlarsynRuntime.StartupException, IOException {
        if (a.help()) {
            out.println("""
                    Usage: klarsyn demo [--out DIR] [--locale nb-NO|sv-SE|en-GB]

                    Generates a fictitious Norwegian client (Nordlys Energi AS: 3 000 customers,
                    24 months, a few hundred survey responses a month) into DIR/data and writes the
                    monthly report for its last full month into DIR/report. Default DIR: ./klarsyn-demo""");
            return OK;
        }
        Path dir = Path.of(a.value("out") == null ? "klarsyn-demo" : a.value("out"));
        Locale locale = parseLocale(a.value("locale") == null ? "nb-NO" : a.value("locale"));
        a.allow("out", "locale", "set");
        GeneratorBridge.Summary s = new GeneratorBridge().generate(dir.resolve("data"));
        out.printf("Demo client: %,d customers, %,d transactions, %,d survey responses in %s%n",
                s.customers(), s.transactions(), s.responses(), s.dir().toAbsolutePath());
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("csv.folder", s.dir().toAbsolutePath().toString());
        JobSpec job = new JobSpec("nordlys-energi", "csv", locale, "NOK", ZoneId.of("Europe/Oslo"),
                new Branding("Nordlys Energi AS", DemoJob.logo(), "#0B6E4F"), settings);
        job = withOverrides(job, a.sets());
        Path report = dir.resolve("report");
        int code = runReport(job, s.lastMonth(), report, DemoJob.settings());
        if (Files.isRegularFile(report.resolve("report.pdf"))) {
            out.println("Open the demo report: " + report.resolve("report.pdf").toAbsolutePath());
        }
        return code;
    }

    // ---------------------------------------------------------------- helpers

    private static List<String> awaitPlugins(KlarsynRuntime rt, ReportEngine engine) throws KlarsynRuntime.StartupException {
        try {
            return rt.awaitPlugins(engine, 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KlarsynRuntime.StartupException("interrupted while waiting for the plugins");
        }
    }

    private static JobSpec withOverrides(JobSpec job, List<String> sets) {
        if (sets.isEmpty()) {
            return job;
        }
        Map<String, String> settings = new LinkedHashMap<>(job.settings());
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set needs name=value, got '" + s + "'");
            }
            settings.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        return new JobSpec(job.name(), job.connector(), job.locale(), job.currency(), job.zone(), job.branding(), settings);
    }

    static YearMonth parseMonth(String s, String flag) {
        try {
            return YearMonth.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(flag + " '" + s + "' is not a month; write it as YYYY-MM, e.g. 2026-10");
        }
    }

    static String parseCurrency(String s) {
        String code = s.trim().toUpperCase(Locale.ROOT);
        try {
            java.util.Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--currency '" + s + "' is not an ISO 4217 currency code, e.g. NOK, SEK, DKK, EUR");
        }
        return code;
    }

    static Locale parseLocale(String s) {
        switch (s) {
            case "nb-NO": case "nb": case "no": return Locale.forLanguageTag("nb-NO");
            case "sv-SE": case "sv": return Locale.forLanguageTag("sv-SE");
            case "en-GB": case "en": return Locale.forLanguageTag("en-GB");
            default: throw new IllegalArgumentException("--locale '" + s + "' is not supported; use nb-NO, sv-SE or en-GB");
        }
    }

    /** Parsed {@code --name value} / {@code --flag} options; {@code --set} may repeat. */
    static final class Args {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final List<String> sets = new ArrayList<>();
        private boolean help;

        static Args parse(String[] args, int from) {
            Args a = new Args();
            for (int i = from; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    a.help = true;
                    continue;
                }
                if (!arg.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument '" + arg + "'");
                }
                String name = arg.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq > 0 && !name.startsWith("set")) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (name.startsWith("set=")) {
                    value = name.substring(4);
                    name = "set";
                } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    value = args[++i];
                }
                if (name.equals("set")) {
                    if (value == null) {
                        throw new IllegalArgumentException("--set needs name=value");
                    }
                    a.sets.add(value);
                } else {
                    a.values.put(name, value == null ? "" : value);
                }
            }
            return a;
        }

        boolean help() {
            return help;
        }

        List<String> sets() {
            return sets;
        }

        String value(String name) {
            String v = values.get(name);
            return v == null || v.isEmpty() ? null : v;
        }

        boolean flag(String name) {
            return values.containsKey(name);
        }

        String require(String name) {
            String v = value(name);
            if (v == null) {
                throw new IllegalArgumentException("--" + name + " is required (see --help)");
            }
            return v;
        }

        int positiveInt(String name) {
            try {
                int v = Integer.parseInt(value(name).replace("_", ""));
                if (v <= 0) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " '" + value(name) + "' is not a positive whole number");
            }
        }

        long longValue(String name) {
            try {
                return Long.parseLong(value(name));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " '" + value(name) + "' is not a whole number");
            }
        }

        double doubleValue(String name) {
            try {
                return Double.parseDouble(value(name));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " '" + value(name) + "' is not a number");
            }
        }

        /** @throws IllegalArgumentException naming the first option not in {@code allowed} */
        void allow(String... allowed) {
            List<String> ok = List.of(allowed);
            for (String k : values.keySet()) {
                if (!ok.contains(k)) {
                    throw new IllegalArgumentException("unknown option --" + k + " (see --help)");
                }
            }
            if (!sets.isEmpty() && !ok.contains("set")) {
                throw new IllegalArgumentException("this verb takes no --set");
            }
        }
    }

    /** Progress on a terminal: one line per stage, rows read; silent when not a terminal. */
    static final class Progress implements ProgressListener {
        private final PrintStream err;
        private final boolean terminal;

        Progress(PrintStream err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        @Override
        public void stage(String stage) {
            if (terminal) {
                err.print("\r\033[K" + stage + " …");
                err.flush();
            }
        }

        @Override
        public void rows(String source, long rows) {
            if (terminal) {
                err.printf("\r\033[Kreading %s: %,d rows", source, rows);
                err.flush();
            }
        }

        @Override
        public void metric(String id, String status, long millis) {
            if (terminal) {
                err.printf("\r\033[Kmetric %s: %s (%d ms)", id, status, millis);
                err.flush();
            }
        }

        void done() {
            if (terminal) {
                err.print("\r\033[K");
                err.flush();
            }
        }
    }

    static List<SettingDescriptor> sorted(List<SettingDescriptor> list) {
        List<SettingDescriptor> l = new ArrayList<>(list);
        l.sort((x, y) -> x.name().compareTo(y.name()));
        return l;
    }
}
