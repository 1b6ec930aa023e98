package io.klarsyn.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleListener;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.util.tracker.ServiceTracker;

import io.klarsyn.api.run.Branding;
import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.run.PluginInfo;
import io.klarsyn.api.run.ReportEngine;
import io.klarsyn.api.run.RunResult;
import io.klarsyn.api.run.RunStatus;
import io.klarsyn.api.server.JobFiles;
import io.klarsyn.cli.internal.client.ClientVerbs;
import io.klarsyn.generator.GenerationSummary;
import io.klarsyn.generator.Generator;
import io.klarsyn.generator.GeneratorOptions;

/**
 * {@code bin/klarsyn}: one verb per call, dispatched here. Exit codes: 0 done (SUCCESS or
 * UNSTABLE), 1 the report FAILED, 2 bad usage or input, 3 the runtime did not start.
 */
public final class Cli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int STARTUP = 3;

    private static final long WAIT_MILLIS = 10_000;
    /** Half an hour: a million-customer client takes seconds; a run this long is stuck. */
    private static final long DEFAULT_RUN_TIMEOUT_SECONDS = 1800;

    private static final String USAGE_TEXT = """
            Usage: klarsyn <verb> [options]      (klarsyn <verb> --help for its options)

            Verbs:
              demo       start a demo server with a year of reports for a fictitious Norwegian client
              report     write the report for one month from a data folder or a job file
              generate   write synthetic client data with known ground truth
              plugins    list a running server's plugins (state, version, why one failed); without one, this installation's
              plugin     install FILE.jar [--dry-run] | remove NAME | rollback NAME | pin NAME | unpin NAME on a running server
              settings   list every job setting with its default and meaning
              serve      run the server: jobs on schedule, run history, the JSON API
              jobs       list the jobs of a running server
              run        run a job on a running server
              runs       list a job's runs on a running server
            """;

    /** A problem that stops the command: exit 3 with this sentence. */
    static final class StartupException extends Exception {
        private static final long serialVersionUID = 1L;

        StartupException(String message) {
            super(message);
        }
    }

    private final BundleContext ctx;
    private final ConfigurationAdmin ca;
    private final CountDownLatch stopped;
    private final PrintStream out;
    private final PrintStream err;
    private final Path dist;
    private final Health health;
    private ServiceTracker<ReportEngine, ReportEngine> engines;
    private ServiceTracker<JobFiles, JobFiles> jobFiles;
    private Path serverDeploy;

    Cli(BundleContext ctx, ConfigurationAdmin ca, ServiceComponentRuntime scr, CountDownLatch stopped, PrintStream out,
            PrintStream err) {
        this.ctx = ctx;
        this.ca = ca;
        this.stopped = stopped;
        this.out = out;
        this.err = err;
        String home = ctx.getProperty("klarsyn.home");
        this.dist = Path.of(home == null ? "." : home).toAbsolutePath().normalize();
        this.health = new Health(ctx, scr);
    }

    /** @return the exit code of {@code klarsyn args...} */
    public int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        String verb = args[0];
        if (verb.equals("jobs") || verb.equals("run") || verb.equals("runs") || verb.equals("login") || verb.equals("plugin")) {
            return ClientVerbs.run(verb, Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (verb.equals("plugins")) {
            List<String> rest = new java.util.ArrayList<>(Arrays.asList(args).subList(1, args.length));
            boolean local = rest.remove("--local");
            if (!local && !rest.contains("--help") && !rest.contains("-h")) {
                if (ClientVerbs.pluginsFromServer(rest, System.getenv())) {
                    return ClientVerbs.run(verb, rest.toArray(String[]::new), out, err);
                }
            }
            if (rest.contains("--help") || rest.contains("-h")) {
                out.println(ClientVerbs.usage("plugins").replace("usage:", "Usage:"));
                return OK;
            }
            args = java.util.stream.Stream.concat(java.util.stream.Stream.of(verb), rest.stream()).toArray(String[]::new);
        }
        try {
            return verb(verb, args);
        } finally {
            if (engines != null) {
                engines.close();
            }
            if (jobFiles != null) {
                jobFiles.close();
            }
        }
    }

    private int verb(String verb, String[] args) {
        try {
            Args a = Args.parse(args, 1);
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
            if (e.getMessage() != null && e.getMessage().startsWith("unexpected argument")) {
                return usage(e.getMessage());
            }
            err.println("klarsyn " + verb + ": " + e.getMessage());
            return USAGE;
        } catch (StartupException e) {
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

    private int plugins(Args a) throws StartupException {
        if (a.help()) {
            out.println("Usage: klarsyn plugins\n\nLists the framework's bundles with state and version, the connectors,\n"
                    + "metrics and renderers they provide, and every bundle, file or component that\n"
                    + "failed, with the reason.");
            return OK;
        }
        a.allow();
        health.settle(deployFolders(), WAIT_MILLIS);
        ReportEngine engine = engine();
        out.println("Bundles:");
        for (Bundle b : ctx.getBundles()) {
            out.printf("  %3d  %-9s %-45s %s%n", b.getBundleId(), Health.state(b), b.getSymbolicName(), b.getVersion());
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
        List<Health.Problem> problems = health.problems(deployFolders(), false);
        if (!problems.isEmpty()) {
            out.println();
            out.println("Problems:");
            for (Health.Problem p : problems) {
                out.printf("  %-8s %s: %s%n", p.state(), p.what(), p.reason());
            }
        }
        out.printf("%nStarted in %d ms.%n", ManagementFactory.getRuntimeMXBean().getUptime());
        return OK;
    }

    // ---------------------------------------------------------------- settings

    private int settings(Args a) throws StartupException, IOException {
        if (a.help()) {
            out.println("Usage: klarsyn settings [--write FILE]\n\nLists every job setting the engine and the installed plugins understand,\n"
                    + "with its default and meaning, as a commented properties file.");
            return OK;
        }
        String write = a.value("write");
        a.allow("write");
        ReportEngine engine = ready();
        String text = SettingsFile.render(engine.settings());
        if (write == null) {
            out.print(text);
        } else {
            Files.writeString(Path.of(write), text, StandardCharsets.UTF_8);
        }
        return OK;
    }

    // ---------------------------------------------------------------- serve

    private int serve(Args a) throws StartupException, IOException {
        if (a.help()) {
            out.println("""
                    Usage: klarsyn serve [--home DIR] [--port N] [--host ADDRESS] [--db JDBC-URL]
                                         [--concurrency N] [--run-timeout SECONDS]

                    Runs the server until stopped (Ctrl-C or SIGTERM): the jobs in DIR/jobs run on their
                    schedules, runs and their reports are kept under DIR/runs, and the JSON API answers on
                    http://127.0.0.1:N/. Plugins dropped into DIR/deploy/ are picked up live, DIR/etc/*.cfg
                    is applied through Configuration Admin.
                      --home DIR         the server's home (default: $KLARSYN_HOME, else ./klarsyn-home)
                      --port N           the HTTP port (default 8080; 0 takes any free port)
                      --host ADDRESS     where to listen (default 127.0.0.1; 0.0.0.0 for every address):
                                         anything but loopback only with the security bundle active
                      --db JDBC-URL      the database (default: an embedded H2 file under DIR/db)
                      --concurrency N    how many runs at once (default: the number of cores)
                      --run-timeout S    a run's time budget in seconds; over it the run is ABORTED
                                         (default 1800)""");
            return OK;
        }
        a.allow("home", "port", "host", "db", "concurrency", "run-timeout");
        int port = a.port("port", 8080);
        String host = a.value("host") == null ? Server.LOOPBACK : a.value("host").strip();
        int concurrency = a.value("concurrency") == null ? 0 : a.positiveInt("concurrency");
        Path dir = serverHome(a.value("home"));
        long runTimeout = a.value("run-timeout") == null ? DEFAULT_RUN_TIMEOUT_SECONDS : a.positiveInt("run-timeout");
        try (Server server = Server.start(ctx, ca, dir, host, port, a.value("db"), concurrency, runTimeout)) {
            serverDeploy = server.home().home().resolve("deploy");
            health.logNew(health.problems(deployFolders(), false), err);
            out.println("Klarsyn ready at " + server.url());
            if (server.secure() != null) {
                out.println("HTTPS at " + server.secure());
            }
            server.howToLogIn().ifPresent(out::println);
            out.flush();
            serveUntilStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    /** Until the framework stops; a plugin dropped in later that fails is logged once, when the bundles have been quiet for 2 s. */
    private void serveUntilStopped() throws InterruptedException {
        ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "klarsyn-health"));
        AtomicReference<ScheduledFuture<?>> next = new AtomicReference<>();
        BundleListener changed = ev -> {
            ScheduledFuture<?> before = next.getAndSet(checks.schedule(
                    () -> health.logNew(health.problems(deployFolders(), false), err), 2, TimeUnit.SECONDS));
            if (before != null) {
                before.cancel(false);
            }
        };
        ctx.addBundleListener(changed);
        try {
            stopped.await();
        } finally {
            checks.shutdownNow();
            try {
                ctx.removeBundleListener(changed);
            } catch (IllegalStateException e) {
                // the framework is stopping
            }
        }
    }

    /** @return {@code --home}, else {@code $KLARSYN_HOME}, else {@code ./klarsyn-home} */
    static Path serverHome(String option) {
        if (option != null) {
            return Path.of(option);
        }
        String env = System.getenv("KLARSYN_HOME");
        return Path.of(env != null && !env.isBlank() ? env : "klarsyn-home");
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
        GeneratorOptions o = GeneratorOptions.defaults().withEnd(YearMonth.now().minusMonths(1));
        if (a.value("customers") != null) {
            o = o.withCustomers(a.positiveInt("customers"));
        }
        if (a.value("months") != null) {
            o = o.withMonths(a.positiveInt("months"));
        }
        if (a.value("seed") != null) {
            o = o.withSeed(a.longValue("seed"));
        }
        if (a.value("end") != null) {
            o = o.withEnd(Args.month(a.value("end"), "--end"));
        }
        if (a.value("faults") != null) {
            o = o.withFaultRate(a.doubleValue("faults"));
        }
        if (a.flag("nordic")) {
            o = o.withNordic(true);
        }
        if (a.flag("non-contractual")) {
            o = o.withContractual(false);
        }
        long t0 = System.nanoTime();
        GenerationSummary s = Generator.generate(o, Path.of(outDir));
        out.printf("Wrote %,d customers, %,d transactions, %,d survey responses (up to %s) to %s in %.1f s%n",
                s.customers(), s.transactions(), s.responses(), o.end(), Path.of(outDir).toAbsolutePath(),
                (System.nanoTime() - t0) / 1e9);
        return OK;
    }

    // ---------------------------------------------------------------- report

    private int report(Args a) throws StartupException, IOException {
        if (a.help()) {
            out.println("""
                    Usage: klarsyn report --data DIR --period YYYY-MM --out DIR [--locale nb-NO|sv-SE|en-GB]
                                          [--currency CODE] [--client NAME] [--set name=value]...
                           klarsyn report --job FILE --period YYYY-MM [--out DIR] [--set name=value]...

                    Writes report.pdf, metrics.json and run.log into --out.
                      --data DIR       a folder with any of customers.csv, transactions.csv, responses.csv
                      --job FILE       a job file (JSON): name, connector, locale, currency, timeZone,
                                       branding {clientName, logo, color}, settings {name: value}
                                       (schedule and recipients are for the server and ignored here)
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
        YearMonth period = Args.month(a.require("period"), "--period");
        JobSpec job;
        Path outDir;
        if (a.value("job") != null) {
            if (a.value("data") != null) {
                throw new IllegalArgumentException("give either --data or --job, not both");
            }
            job = jobFiles().read(Path.of(a.value("job"))).spec();
            outDir = a.value("out") != null ? Path.of(a.value("out")) : Path.of("out", job.name(), period.toString());
            if (a.value("locale") != null || a.value("currency") != null) {
                job = new JobSpec(job.name(), job.connector(),
                        a.value("locale") != null ? Locale.forLanguageTag(option("locale", a.value("locale"))) : job.locale(),
                        a.value("currency") != null ? option("currency", a.value("currency")) : job.currency(), job.zone(),
                        job.branding(), job.settings());
            }
        } else {
            String data = a.require("data");
            outDir = Path.of(a.require("out"));
            Locale locale = Locale.forLanguageTag(option("locale", a.value("locale") == null ? "nb-NO" : a.value("locale")));
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("csv.folder", Path.of(data).toAbsolutePath().toString());
            String currency = a.value("currency") != null ? option("currency", a.value("currency"))
                    : locale.getLanguage().equals("sv") ? "SEK" : "NOK";
            if (a.value("currency") == null) {
                // a label, not a conversion: say so, or NOK data reads as SEK in a Swedish report
                err.println("Currency: " + currency + " (the default for --locale " + locale.toLanguageTag()
                        + "); amounts are shown as they are in the data, not converted. If they are in another "
                        + "currency, give it with --currency, e.g. --currency NOK.");
            }
            String folder = Path.of(data).toAbsolutePath().getFileName().toString();
            String client = a.value("client") != null ? a.value("client") : defaultClientName(folder);
            job = new JobSpec(jobName(folder), "csv", locale, currency, ZoneId.of("Europe/Oslo"),
                    new Branding(client, null, null), settings);
        }
        job = withOverrides(job, a.sets());
        return runReport(ready(), job, period, outDir);
    }

    /**
     * The client name of a report without {@code --client}: the data folder's name as people wrote it
     * ("Blåbær AS"), letters of every language kept, underscores read as spaces.
     */
    static String defaultClientName(String folder) {
        String name = folder.replace('_', ' ').strip();
        return name.isEmpty() ? folder : name;
    }

    /**
     * A job name (ASCII letters, digits, {@code . _ -}, as job names are everywhere) from a folder's name:
     * Nordic and accented letters spelled in ASCII ("Blåbær AS" → {@code Blabaer_AS}), not dropped.
     */
    static String jobName(String folder) {
        String spelled = folder.replace("æ", "ae").replace("Æ", "AE").replace("ø", "o").replace("Ø", "O")
                .replace("ß", "ss").replace("đ", "d").replace("ð", "d").replace("þ", "th");
        spelled = java.text.Normalizer.normalize(spelled, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String name = spelled.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() ? "report" : name;
    }

    private int runReport(ReportEngine engine, JobSpec job, YearMonth period, Path outDir) {
        Progress progress = new Progress(err, System.console() != null);
        progress.stage("starting");
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

    // ---------------------------------------------------------------- demo

    private int demo(Args a) throws StartupException, IOException {
        if (a.help()) {
            out.println("""
                    Usage: klarsyn demo [--home DIR] [--port N] [--once] [--locale nb-NO|sv-SE|en-GB]
                                        [--set namespace.name=value]...

                    Makes a demo home for a fictitious Norwegian client, Nordlys Energi AS (3 000
                    customers, 24 months of generated data in DIR/data, the shipped job file
                    etc/demo-job.json as DIR/jobs/nordlys-energi.json), starts the server on it, runs
                    the job's last 12 monthly periods so its history and trends have data, prints
                    where the newest report.pdf is and the server's address, and keeps serving until
                    stopped (Ctrl-C). Run again on the same home, it runs only the periods that have
                    no good run yet.
                      --home DIR     the demo home (default ./klarsyn-demo)
                      --port N       the HTTP port on 127.0.0.1 (default 8080; 0 takes any free port)
                      --once         exit after the runs (exit 1 if one of them failed)
                      --locale       the report's language (default: the job file's, nb-NO)
                      --set          a job setting written into the demo's job file (repeatable)""");
            return OK;
        }
        a.allow("home", "port", "once", "locale", "set");
        Path dir = Path.of(a.value("home") == null ? "klarsyn-demo" : a.value("home")).toAbsolutePath().normalize();
        int port = a.port("port", 8080);
        Demo demo = new Demo(ctx, dist, out, err);
        String locale = a.value("locale") == null ? null : option("locale", a.value("locale"));
        Demo.Prepared prepared = demo.prepare(dir, Server.clock(), locale, a.sets(), ready());
        YearMonth end = prepared.end();
        try (Server server = Server.start(ctx, ca, dir, port, null, 0, DEFAULT_RUN_TIMEOUT_SECONDS)) {
            serverDeploy = server.home().home().resolve("deploy");
            out.println("Klarsyn ready at " + server.url());
            server.howToLogIn().ifPresent(out::println);
            out.flush();
            Demo.Result r = demo.runPeriods(prepared, server.url().toString());
            if (r.report() != null) {
                out.println("Newest report:  " + r.report());
                out.println("Its run:        " + server.url() + "runs/" + r.newest().id());
            } else {
                out.println("No report for " + end + ": its run did not succeed (see the messages above)");
            }
            out.println("The job's runs: " + server.url() + "jobs/" + Demo.JOB);
            out.println("The JSON API:   " + server.url() + "api/jobs");
            if (a.flag("once")) {
                return r.allGood() && r.report() != null ? OK : FAILED;
            }
            out.println("Serving until stopped (Ctrl-C).");
            out.flush();
            serveUntilStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    // ---------------------------------------------------------------- helpers

    /** The deploy folder of the distribution (and of a server home, when serving). */
    private List<Path> deployFolders() {
        List<Path> folders = new ArrayList<>();
        folders.add(dist.resolve("deploy"));
        if (serverDeploy != null) {
            folders.add(serverDeploy);
        }
        return folders;
    }

    /** For a one-shot command: deploy/ settled, problems logged once, the engine. */
    private ReportEngine ready() throws StartupException {
        health.settle(deployFolders(), WAIT_MILLIS);
        health.logNew(health.problems(deployFolders(), false), err);
        return engine();
    }

    /** @return the engine, held until the command ends */
    private ReportEngine engine() throws StartupException {
        if (engines == null) {
            engines = new ServiceTracker<>(ctx, ReportEngine.class, null);
            engines.open();
        }
        try {
            ReportEngine e = engines.waitForService(WAIT_MILLIS);
            if (e == null) {
                throw new StartupException("the report engine did not start within " + WAIT_MILLIS / 1000
                        + " s; 'klarsyn plugins' says why");
            }
            return e;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while waiting for the report engine");
        }
    }

    /**
     * Checks a {@code --locale} or {@code --currency} value by the job files' rules; the error names the option.
     *
     * @return the value as given, or the locale's language tag
     */
    private String option(String name, String value) throws StartupException {
        try {
            return name.equals("locale") ? jobFiles().locale(value).toLanguageTag() : jobFiles().currency(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage(), e);
        }
    }

    /** @return the job-file rules of the jobs bundle, held until the command ends */
    private JobFiles jobFiles() throws StartupException {
        if (jobFiles == null) {
            jobFiles = new ServiceTracker<>(ctx, JobFiles.class, null);
            jobFiles.open();
        }
        try {
            JobFiles f = jobFiles.waitForService(WAIT_MILLIS);
            if (f == null) {
                throw new StartupException("the job-file reader (bundle klarsyn-jobs) did not start within " + WAIT_MILLIS / 1000
                        + " s; 'klarsyn plugins' says why");
            }
            return f;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while waiting for the job-file reader");
        }
    }

    static JobSpec withOverrides(JobSpec job, List<String> sets) {
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
}
