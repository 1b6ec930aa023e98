package io.klarsyn.engine.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.klarsyn.api.connector.AggregatingConnector;
import io.klarsyn.api.connector.ConnectorException;
import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.ledger.SurveyTable;
import io.klarsyn.api.metric.MetricCalculator;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.ReportPeriod;
import io.klarsyn.api.report.DataQuality;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.api.report.Messages;
import io.klarsyn.api.report.ReportModel;
import io.klarsyn.api.report.ReportRenderer;
import io.klarsyn.api.report.ReportSection;
import io.klarsyn.api.report.SectionStatus;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.api.run.RunResult;
import io.klarsyn.api.result.Note;
import io.klarsyn.api.run.RunStatus;
import io.klarsyn.api.settings.SettingDescriptor;

/** One report run over a snapshot of the plugins: ingest → metrics → render, then the run records. */
final class ReportRunner {

    static final String PDF = "application/pdf";
    static final String REPORT_FILE = "report.pdf";
    static final String METRICS_FILE = "metrics.json";
    static final String LOG_FILE = "run.log";
    private static final String ENGINE = "engine";
    static final String ABORTED = "aborted";
    private static final long CANCEL_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final JobSpec job;
    private final ReportPeriod period;
    private final LocalDate asOf;
    private final Path outDir;
    private final ProgressListener progress;
    private final PluginRegistry.Snapshot plugins;
    private final RunLog log;
    private final Instant started = Instant.now();
    private final List<String> messages = new ArrayList<>();
    private final Map<String, Long> stageMillis = new LinkedHashMap<>();
    private final Map<String, Long> calculatorMillis = new LinkedHashMap<>();
    private final List<ReportSection> sections = new ArrayList<>();
    private RunStatus status = RunStatus.SUCCESS;
    /** Why the status is not SUCCESS, as notes the renderer words ({@code run.reason.<code>} or a metric's key). */
    private final List<Note> statusReasons = new ArrayList<>();
    /** Today, for "the month is not over"; a test sets another clock. */
    java.time.Clock clock = java.time.Clock.systemUTC();
    private boolean aborted;
    private ResolvedSettings settings;
    /** The settings of the engine, the job's connector and the metrics: those the report shows. */
    private List<SettingDescriptor> applying = List.of();
    private DataConnector connector;
    private DataQuality dataQuality = new DataQuality(Map.of(), new DataQuality.Totals(0, 0, 0, 0));

    ReportRunner(JobSpec job, YearMonth month, Path outDir, ProgressListener progress, PluginRegistry.Snapshot plugins) {
        this.job = job;
        this.period = new ReportPeriod(month, job.zone());
        this.asOf = period.lastDay();
        this.outDir = outDir;
        this.progress = progress == null ? ProgressListener.NONE : progress;
        this.log = new RunLog(this.progress);
        this.plugins = plugins;
    }

    /**
     * A metric plugin installed but not running because its activation threw: its section is reported
     * FAILED with the reason, so the reader learns what is missing.
     *
     * @param id the metric's plugin id
     * @param bundle its bundle, {@code symbolic-name version}
     * @param failure the exception, one line
     */
    record Broken(String id, String bundle, String failure) {
    }

    private List<Broken> broken = List.of();

    ReportRunner withBroken(List<Broken> broken) {
        this.broken = List.copyOf(broken);
        return this;
    }

    /** @return the settings of the engine and of every installed connector and metric: the names a job may give */
    static List<SettingDescriptor> descriptors(PluginRegistry.Snapshot plugins) {
        List<SettingDescriptor> all = new ArrayList<>(EngineSettings.DESCRIPTORS);
        for (PluginRegistry.Entry<DataConnector> e : plugins.connectors()) {
            all.addAll(safeSettings(() -> e.service().settings()));
        }
        for (PluginRegistry.Entry<MetricCalculator> e : plugins.calculators()) {
            all.addAll(safeSettings(() -> e.service().settings()));
        }
        return all;
    }

    /**
     * @return the settings that shape this job's report: the engine's, its own connector's (not another
     *         installed connector's) and the metrics'
     */
    static List<SettingDescriptor> applying(PluginRegistry.Snapshot plugins, DataConnector connector) {
        List<SettingDescriptor> all = new ArrayList<>(EngineSettings.DESCRIPTORS);
        all.addAll(safeSettings(connector::settings));
        for (PluginRegistry.Entry<MetricCalculator> e : plugins.calculators()) {
            all.addAll(safeSettings(() -> e.service().settings()));
        }
        return all;
    }

    private static List<SettingDescriptor> safeSettings(java.util.function.Supplier<List<SettingDescriptor>> s) {
        try {
            List<SettingDescriptor> l = s.get();
            return l == null ? List.of() : l;
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    static String connectorId(PluginRegistry.Entry<DataConnector> e) {
        return e.id();
    }

    static String metricId(PluginRegistry.Entry<MetricCalculator> e) {
        return e.id();
    }

    /** Checks the job before any work: connector and settings. */
    void validate() {
        // the instance configured for this job (per-job configuration), else one that serves every job
        boolean configuredForOthers = false;
        for (PluginRegistry.Entry<DataConnector> e : plugins.connectors()) {
            if (job.connector().equals(connectorId(e))) {
                if (job.name().equals(e.job())) {
                    connector = e.service();
                    break;
                }
                if (e.job() == null && connector == null) {
                    connector = e.service();
                }
                configuredForOthers |= e.job() != null;
            }
        }
        if (connector == null && configuredForOthers) {
            throw new IllegalArgumentException("connector '" + job.connector() + "' is configured per job and has no "
                    + "configuration for job '" + job.name() + "': give its fields in the job file's connectorConfig "
                    + "or in the job editor");
        }
        if (connector == null) {
            String installed = plugins.connectors().stream().map(ReportRunner::connectorId).sorted()
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException("unknown connector '" + job.connector() + "' (installed: "
                    + (installed.isEmpty() ? "none" : installed) + ")");
        }
        applying = applying(plugins, connector);
        settings = ResolvedSettings.resolve(job.settings(), descriptors(plugins), applying);
        for (String name : job.settings().keySet()) {
            String now = EngineSettings.RENAMED.getOrDefault(name, name);
            if (applying.stream().noneMatch(d -> d.matches(now))) {
                log.warn(ENGINE, "setting '" + name + "' belongs to another installed plugin, not to connector '"
                        + job.connector() + "' nor a metric: it has no effect on this job's report, which does not "
                        + "list it");
            }
        }
        EngineSettings.RENAMED.forEach((old, now) -> {
            if (job.settings().containsKey(old)) {
                log.warn(ENGINE, "setting '" + old + "' is now '" + now + "': read as " + now
                        + (job.settings().containsKey(now) ? " (both given: " + now + " wins)" : "")
                        + "; rename it in the job file");
            }
        });
        if (settings.integer(EngineSettings.INACTIVITY_DAYS, 90) <= 0) {
            throw new IllegalArgumentException("setting '" + EngineSettings.INACTIVITY_DAYS + "' must be positive");
        }
        if (settings.integer(EngineSettings.TIMEOUT_SECONDS, 60) <= 0) {
            throw new IllegalArgumentException("setting '" + EngineSettings.TIMEOUT_SECONDS + "' must be positive");
        }
    }

    RunResult run() {
        validate();
        long t0 = System.nanoTime();
        log.info(ENGINE, "job '" + job.name() + "', period " + period + " (as of " + asOf + ", " + job.zone()
                + "), connector " + job.connector() + ", locale " + job.locale().toLanguageTag());
        log.info(ENGINE, "settings " + settings.shown());
        Path report = null;
        try {
            Files.createDirectories(outDir);
            Files.deleteIfExists(outDir.resolve(REPORT_FILE));
        } catch (IOException e) {
            fail("cannot write to " + outDir + ": " + io.klarsyn.api.server.IoErrors.why(e), e);
        }
        ColumnarLedger ledger = ColumnarLedger.empty();
        SurveyTable surveys = ColumnarSurveyTable.empty();
        Set<DataKind> available = EnumSet.noneOf(DataKind.class);
        if (status != RunStatus.FAILURE && !aborted()) {
            progress.stage("ingest");
            long s = System.nanoTime();
            Ingestion ingestion = new Ingestion(asOf, progress, this::cancelRequested,
                    IngestRules.of(settings, asOf));
            available = ingest(ingestion);
            ledger = ingestion.buildLedger().withLostRule((int) asOf.toEpochDay(),
                    settings.integer(EngineSettings.INACTIVITY_DAYS, 90));
            surveys = ingestion.buildSurveys();
            dataQuality = dataQuality(ingestion.quality(), ledger, surveys);
            if (!aborted()) {
                checkPeriod(ingestion.quality(), ledger, surveys);
            }
            if (!aborted() && status != RunStatus.FAILURE) {
                checkThresholds();
            }
            stageMillis.put("ingest", millis(s));
            log.info(ENGINE, "ingested " + ledger.size() + " customers, " + dataQuality.totals().transactions()
                    + " transactions, " + surveys.size() + " responses in " + stageMillis.get("ingest") + " ms");
        }
        Map<String, ResourceBundle> bundles = new LinkedHashMap<>();
        if (status != RunStatus.FAILURE && !aborted()) {
            progress.stage("metrics");
            long s = System.nanoTime();
            runMetrics(available, ledger, surveys, bundles);
            stageMillis.put("metrics", millis(s));
        }
        if (status != RunStatus.FAILURE && !aborted()) {
            progress.stage("render");
            long s = System.nanoTime();
            report = render(bundles);
            stageMillis.put("render", millis(s));
        }
        stageMillis.put("total", millis(t0));
        log.info(ENGINE, "status " + status + (messages.isEmpty() ? "" : ": " + String.join(" ", messages)));
        Path metricsJson = outDir.resolve(METRICS_FILE);
        Path runLog = outDir.resolve(LOG_FILE);
        try {
            Files.createDirectories(outDir);
            MetricsJsonWriter.write(new MetricsJsonWriter.Content(job.name(), period.month(), asOf, status,
                    job.locale().toLanguageTag(), job.currency(), started.truncatedTo(ChronoUnit.MILLIS).toString(),
                    messages, stageMillis, calculatorMillis, dataQuality, sections, settings.shown(),
                    new MergedMessages(withEngine(bundles))), metricsJson, log);
        } catch (IOException | RuntimeException e) {
            fail("metrics.json could not be written: " + io.klarsyn.api.server.IoErrors.why(e), e);
            report = null;
        }
        try {
            if (status == RunStatus.FAILURE) {
                Files.deleteIfExists(outDir.resolve(REPORT_FILE));
            }
            AtomicFiles.write(runLog, log.text().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            messages.add("run.log could not be written: " + io.klarsyn.api.server.IoErrors.why(e));
        }
        List<String> failed = sections.stream()
                .filter(x -> x.status() == SectionStatus.FAILED || x.status() == SectionStatus.TIMED_OUT)
                .map(ReportSection::metricId).toList();
        return new RunResult(status, status == RunStatus.FAILURE ? null : report, metricsJson, runLog, failed, messages);
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** The listener's cancel request; a listener that throws asks for nothing. */
    private boolean cancelRequested() {
        try {
            return progress.cancelled();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** @return true when the run was cancelled, now or before: then it has failed with "aborted" */
    private boolean aborted() {
        if (!aborted && cancelRequested()) {
            aborted = true;
            fail(ABORTED, null);
        }
        return aborted;
    }

    private void fail(String message, Throwable t) {
        fail(message, t, "text", message);
    }

    /**
     * Fails with a reason the report words as {@code run.reason.<code>} with {@code args}. A message may quote a
     * connector's error, which may quote its URL: the run's messages, the report and run.log show it with the
     * URL's password as {@code ***} ({@link SettingDescriptor#maskPasswords}).
     */
    private void fail(String message, Throwable t, String code, Object... args) {
        status = RunStatus.FAILURE;
        messages.add(SettingDescriptor.maskPasswords(message));
        statusReasons.add(reason(Note.Severity.WARNING, code, shown(args)));
        log.error(ENGINE, message, t);
    }

    private static Object[] shown(Object[] args) {
        Object[] shown = args.clone();
        for (int i = 0; i < shown.length; i++) {
            if (shown[i] instanceof String text) {
                shown[i] = SettingDescriptor.maskPasswords(text);
            }
        }
        return shown;
    }

    private void unstable(String message) {
        unstable(message, "text", message);
    }

    /** Marks the run UNSTABLE with a reason the report words as {@code run.reason.<code>} with {@code args}. */
    private void unstable(String message, String code, Object... args) {
        status = status.worst(RunStatus.UNSTABLE);
        messages.add(SettingDescriptor.maskPasswords(message));
        statusReasons.add(reason(Note.Severity.WARNING, code, shown(args)));
        log.warn(ENGINE, message);
    }

    private static Note reason(Note.Severity severity, String code, Object... args) {
        return new Note("run.reason." + code, severity, "run.reason." + code, java.util.Arrays.asList(args),
                Map.of("scope", io.klarsyn.api.report.Messages.ENGINE));
    }

    /**
     * A status that does not say SUCCESS when the period has nothing to report: every input empty,
     * no data on or before the period end, the period after all the data (FAILURE); the period not
     * over yet (UNSTABLE).
     */
    private void checkPeriod(List<FileQuality> files, ColumnarLedger ledger, SurveyTable surveys) {
        long read = 0;
        long kept = 0;
        LocalDate latest = null;
        for (FileQuality f : files) {
            read += f.read();
            kept += f.accepted() - f.afterPeriod();
            if (f.latest() != null && (latest == null || f.latest().isAfter(latest))) {
                latest = f.latest();
            }
        }
        LocalDate first = period.month().atDay(1);
        if (!files.isEmpty() && read == 0) {
            fail("every input file is empty: " + files.stream().map(FileQuality::file).collect(Collectors.joining(", "))
                    + " hold no records", null, "allEmpty");
            return;
        }
        if (read > 0 && kept == 0) {
            fail("no data on or before the period end " + asOf + ": every record kept is dated after it"
                    + (latest == null ? "" : " (latest " + latest + ")") + "; choose a later period", null,
                    "noDataBeforeEnd", asOf);
            return;
        }
        if (latest != null && latest.isBefore(first)) {
            long days = ChronoUnit.DAYS.between(latest, first);
            fail("the period " + period + " begins after all the data: the latest record is dated " + latest + ", "
                    + days + (days == 1 ? " day" : " days") + " before the period begins; choose an earlier period", null, days == 1 ? "afterAllDataOneDay" : "afterAllData",
                    period.month(), latest, days);
            return;
        }
        LocalDate today = LocalDate.now(clock.withZone(job.zone()));
        if (!asOf.isBefore(today)) {
            unstable("the month is not over: the period ends on " + asOf + " and today is " + today
                    + "; its figures will change", "monthNotOver", asOf, today);
        }
    }

    private Set<DataKind> ingest(Ingestion ingestion) {
        Set<DataKind> available;
        try {
            Set<DataKind> a = connector.available(settings);
            available = a == null || a.isEmpty() ? EnumSet.noneOf(DataKind.class) : EnumSet.copyOf(a);
        } catch (IOException | RuntimeException e) {
            fail("connector '" + job.connector() + "' cannot reach the data: " + e.getMessage(), e);
            return EnumSet.noneOf(DataKind.class);
        }
        if (available.isEmpty()) {
            fail("connector '" + job.connector() + "' found no input (none of customers.csv, transactions.csv, "
                    + "responses.csv)", null);
            return available;
        }
        log.info(ENGINE, "inputs: " + available.stream().map(DataKind::fileName).collect(Collectors.joining(", ")));
        for (DataKind kind : DataKind.values()) {
            if (!available.contains(kind)) {
                continue;
            }
            ingestion.start(kind);
            long s = System.nanoTime();
            try {
                if (kind == DataKind.TRANSACTIONS && connector instanceof AggregatingConnector aggregating
                        && aggregating.summarize(settings, ingestion)) {
                    log.info(ENGINE, kind.fileName() + ": summarized per customer and month by the source");
                } else {
                    connector.read(kind, settings, ingestion);
                }
                if (ingestion.secondPassNeeded() && !aborted()) {
                    log.info(ENGINE, kind.fileName() + ": line " + ingestion.outOfOrderLine() + " is dated before an "
                            + "earlier row of its customer; reading the file again with hash sets for the duplicate "
                            + "and purchase-occasion checks");
                    ingestion.restart();
                    connector.read(kind, settings, ingestion);
                }
            } catch (ConnectorException e) {
                ingestion.finish();
                ingestion.current().warn(e.line(), e.column(), "unreadable-input", SettingDescriptor.maskPasswords(e.getMessage()));
                fail(kind.fileName() + " cannot be read: " + e.getMessage(), e);
                return available;
            } catch (IOException | RuntimeException e) {
                ingestion.finish();
                fail(kind.fileName() + " cannot be read: " + e, e);
                return available;
            }
            ingestion.finish();
            if (aborted()) {
                return available;
            }
            FileQualityBuilder q = ingestion.current();
            log.info(ENGINE, kind.fileName() + ": " + q.read + " read, " + q.accepted + " accepted, " + q.rejected
                    + " rejected, " + q.afterPeriod + " after the period, in " + millis(s) + " ms");
        }
        if (ingestion.ledger.unordered()) {
            log.info(ENGINE, "transactions were not in date order per customer: duplicate and occasion "
                    + "checks used hash sets");
        }
        return available;
    }

    private DataQuality dataQuality(List<FileQuality> files, ColumnarLedger ledger, SurveyTable surveys) {
        Map<String, FileQuality> byFile = new LinkedHashMap<>();
        for (FileQuality f : files) {
            byFile.put(f.file(), f);
        }
        // anonymous sales are in the totals (and the monthly revenue), in no customer's figures
        long tx = ledger.anonymousTransactions;
        double revenue = ledger.anonymousRevenue;
        for (int i = 0; i < ledger.size(); i++) {
            tx += ledger.transactions[i];
            revenue += ledger.revenue[i];
        }
        return new DataQuality(byFile, new DataQuality.Totals(ledger.size(), tx, revenue, surveys.size()));
    }

    private void checkThresholds() {
        double failShare = settings.number(EngineSettings.DQ_FAILURE_REJECTED, 0.5);
        double unstableShare = settings.number(EngineSettings.DQ_UNSTABLE_REJECTED, 0.01);
        int staleDays = settings.integer(EngineSettings.DQ_UNSTABLE_FRESHNESS, Integer.MAX_VALUE);
        double duplicateShare = settings.number(EngineSettings.DQ_UNSTABLE_DUPLICATES, 0.25);
        for (FileQuality f : dataQuality.files().values()) {
            if (f.read() > 0) {
                double share = (double) f.rejected() / f.read();
                String top = f.rejectedByReason().entrySet().stream()
                        // most first, ties by name: the same message on every run
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                                .thenComparing(Map.Entry.comparingByKey())).limit(3)
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
                String what = String.format(Locale.ROOT, "%s: %d of %d records rejected (%.1f %%; %s)", f.file(),
                        f.rejected(), f.read(), share * 100, top);
                if (share > failShare) {
                    fail(what + ", above " + EngineSettings.DQ_FAILURE_REJECTED + " = " + failShare
                            + ": the file is mostly unusable; check its format and column mapping", null);
                } else if (share > unstableShare) {
                    String commonest = f.rejectedByReason().entrySet().stream()
                            .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                                    .thenComparing(Map.Entry.comparingByKey()))
                            .map(e -> "dq.reason." + e.getKey()).findFirst().orElse("");
                    unstable(what + ", above " + EngineSettings.DQ_UNSTABLE_REJECTED + " = " + unstableShare + ".",
                            "rejectedShare", f.file(), f.rejected(), f.read(),
                            new io.klarsyn.api.result.Quantity(share, io.klarsyn.api.result.Unit.FRACTION), commonest,
                            EngineSettings.DQ_UNSTABLE_REJECTED,
                            new io.klarsyn.api.result.Quantity(unstableShare, io.klarsyn.api.result.Unit.FRACTION));
                }
            }
            long repeats = f.warningsByReason().getOrDefault("possible-duplicate", 0L)
                    + f.rejectedByReason().getOrDefault("duplicate-row", 0L);
            if (f.read() > 0 && (double) repeats / f.read() > duplicateShare) {
                unstable(String.format(Locale.ROOT, "%s: %d of %d rows (%.1f %%) repeat an earlier row exactly, in "
                        + "every column, above %s = %s: the file looks appended twice; check the export",
                        f.file(), repeats, f.read(), 100.0 * repeats / f.read(), EngineSettings.DQ_UNSTABLE_DUPLICATES,
                        duplicateShare));
            }
            if (f.freshnessDays() != null && f.freshnessDays() > staleDays) {
                unstable(f.file() + ": latest date " + f.latest() + " is " + f.freshnessDays()
                        + " days before the period end, above " + EngineSettings.DQ_UNSTABLE_FRESHNESS + " = "
                        + staleDays + ".", "stale", f.file(), f.latest(), (long) f.freshnessDays(),
                        EngineSettings.DQ_UNSTABLE_FRESHNESS, (long) staleDays);
            }
        }
    }

    private void runMetrics(Set<DataKind> available, ColumnarLedger ledger, SurveyTable surveys,
            Map<String, ResourceBundle> bundles) {
        int timeoutSeconds = settings.integer(EngineSettings.TIMEOUT_SECONDS, 60);
        List<PluginRegistry.Entry<MetricCalculator>> calcs = new ArrayList<>(plugins.calculators());
        calcs.sort(Comparator.comparingInt((PluginRegistry.Entry<MetricCalculator> e) -> order(e.service()))
                .thenComparing(ReportRunner::metricId));
        Set<String> ids = new HashSet<>();
        Set<String> resultIds = new HashSet<>();
        for (PluginRegistry.Entry<MetricCalculator> e : calcs) {
            if (aborted()) {
                return;
            }
            MetricCalculator calc = e.service();
            String id = metricId(e);
            if (Messages.ENGINE.equals(id)) {
                log.warn(ENGINE, "a metric with the reserved id '" + id + "' (bundle " + e.bundle() + ") is ignored");
                continue;
            }
            if (!ids.add(id)) {
                log.warn(ENGINE, "a second metric with id '" + id + "' (bundle " + e.bundle() + ") is ignored");
                continue;
            }
            try {
                ResourceBundle b = calc.messages(job.locale());
                if (b != null) {
                    bundles.put(id, b);
                }
            } catch (RuntimeException x) {
                log.warn(id, "messages could not be loaded: " + x);
            }
            ReportSection section = runOne(calc, id, e.bundle(), available, ledger, surveys, timeoutSeconds, resultIds);
            sections.add(section);
            calculatorMillis.put(id, section.millis());
            progress.metric(id, section.status().name(), section.millis());
        }
        for (Broken b : broken) {
            if (ids.add(b.id())) {
                String reason = "the plugin " + b.bundle() + " did not start: " + b.failure();
                log.error(b.id(), reason, null);
                ReportSection section = failed(b.id(), b.id() + ".title", 1000, reason, 0, List.of());
                sections.add(section);
                progress.metric(b.id(), section.status().name(), 0);
            }
        }
    }

    private static int order(MetricCalculator c) {
        try {
            return c.order();
        } catch (RuntimeException e) {
            return 1000;
        }
    }

    private ReportSection runOne(MetricCalculator calc, String id, String bundle, Set<DataKind> available,
            ColumnarLedger ledger, SurveyTable surveys, int timeoutSeconds, Set<String> resultIds) {
        String titleKey = id + ".title";
        int order = order(calc);
        Set<DataKind> inputs;
        try {
            inputs = calc.inputs() == null ? Set.of() : calc.inputs();
        } catch (RuntimeException x) {
            log.error(id, "inputs() failed", x);
            return failed(id, titleKey, order, "the metric could not say which inputs it needs: " + x, 0, List.of());
        }
        List<String> missing = inputs.stream().filter(k -> !available.contains(k)).sorted()
                .map(DataKind::fileName).toList();
        if (!missing.isEmpty()) {
            String reason = "needs " + String.join(" and ", missing) + ", which this run does not have";
            log.info(id, reason);
            return new ReportSection(id, titleKey, order, SectionStatus.SKIPPED, reason, List.of(), List.of(), 0);
        }
        EngineMetricContext ctx = new EngineMetricContext(id, period, settings, available, ledger, surveys,
                job.currency(), log, connector);
        FutureTask<List<MetricResult>> task = new FutureTask<>(() -> calc.compute(ctx));
        Thread worker = new Thread(task, "klarsyn-metric-" + id);
        worker.setDaemon(true);
        worker.setContextClassLoader(calc.getClass().getClassLoader());
        log.info(id, "computing (bundle " + bundle + ", budget " + timeoutSeconds + " s)");
        long s = System.nanoTime();
        worker.start();
        List<MetricResult> results;
        try {
            results = await(task, ctx, timeoutSeconds);
        } catch (TimeoutException x) {
            ctx.cancelled.set(true);
            task.cancel(true);
            long ms = millis(s);
            String reason = "cancelled after the time budget of " + timeoutSeconds + " s ("
                    + EngineSettings.TIMEOUT_SECONDS + ")";
            log.error(id, reason + "; its thread was interrupted", null);
            unstable("Section '" + id + "' timed out after " + timeoutSeconds + " s.", "sectionTimedOut", id,
                    (long) timeoutSeconds, EngineSettings.TIMEOUT_SECONDS);
            return new ReportSection(id, titleKey, order, SectionStatus.TIMED_OUT, reason, List.of(),
                    ctx.warnings(), ms);
        } catch (ExecutionException x) {
            Throwable cause = x.getCause() == null ? x : x.getCause();
            long ms = millis(s);
            String reason = (cause instanceof CancellationException ? "cancelled: " : "failed: ")
                    + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            log.error(id, reason, cause);
            return failed(id, titleKey, order, reason, ms, ctx.warnings());
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            ctx.cancelled.set(true);
            task.cancel(true);
            return failed(id, titleKey, order, "the run was interrupted", millis(s), ctx.warnings());
        } catch (CancellationException x) {
            if (aborted()) {
                return new ReportSection(id, titleKey, order, SectionStatus.FAILED, ABORTED, List.of(),
                        ctx.warnings(), millis(s));
            }
            return failed(id, titleKey, order, "cancelled", millis(s), ctx.warnings());
        }
        long ms = millis(s);
        String problem = checkResults(results, resultIds);
        if (problem != null) {
            log.error(id, problem, null);
            return failed(id, titleKey, order, problem, ms, ctx.warnings());
        }
        for (MetricResult r : results) {
            resultIds.add(r.id());
        }
        log.info(id, results.size() + " results in " + ms + " ms");
        for (Note reason : ctx.unstableReasons()) {
            status = status.worst(RunStatus.UNSTABLE);
            Map<String, Object> facts = new LinkedHashMap<>(reason.facts());
            facts.put("scope", id);
            statusReasons.add(new Note(reason.id(), reason.severity(), reason.messageKey(), reason.args(), facts));
            String text = english(calc, reason);
            messages.add("Section '" + id + "': " + text);
            log.warn(id, "the run is UNSTABLE: " + text);
        }
        return new ReportSection(id, titleKey, order, SectionStatus.OK, null, results, ctx.warnings(), ms);
    }

    /** A metric's reason in English (its default messages), for metrics.json and run.log. */
    private static String english(MetricCalculator calc, Note reason) {
        try {
            ResourceBundle b = calc.messages(Locale.ROOT);
            if (b != null && b.containsKey(reason.messageKey())) {
                return new java.text.MessageFormat(b.getString(reason.messageKey()), Locale.ROOT)
                        .format(reason.args().stream().map(a -> a instanceof String t && b.containsKey(t)
                                ? b.getString(t) : a).toArray());
            }
        } catch (RuntimeException e) {
            // fall through to the key
        }
        return reason.messageKey() + " " + reason.args();
    }

    /** Waits for a metric within its budget, looking every so often whether the run was cancelled. */
    private List<MetricResult> await(FutureTask<List<MetricResult>> task, EngineMetricContext ctx, int timeoutSeconds)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException();
            }
            try {
                return task.get(Math.min(left, CANCEL_POLL_NANOS), TimeUnit.NANOSECONDS);
            } catch (TimeoutException x) {
                if (cancelRequested()) {
                    ctx.cancelled.set(true);
                    task.cancel(true);
                    throw new CancellationException(ABORTED);
                }
            }
        }
    }

    private static String checkResults(List<MetricResult> results, Set<String> earlier) {
        if (results == null) {
            return "failed: compute() returned null instead of a result list";
        }
        Set<String> seen = new HashSet<>();
        for (MetricResult r : results) {
            if (r == null) {
                return "failed: compute() returned a null result";
            }
            if (!seen.add(r.id())) {
                return "failed: result id '" + r.id() + "' is returned twice";
            }
            if (earlier.contains(r.id())) {
                return "failed: result id '" + r.id() + "' is already used by another metric";
            }
        }
        return null;
    }

    private ReportSection failed(String id, String titleKey, int order, String reason, long ms, List<String> warnings) {
        unstable("Section '" + id + "' " + (reason.startsWith("failed") ? "" : "failed: ") + reason + ".",
                "sectionFailed", id);
        return new ReportSection(id, titleKey, order, SectionStatus.FAILED, reason, List.of(), warnings, ms);
    }

    private Map<String, ResourceBundle> withEngine(Map<String, ResourceBundle> bundles) {
        Map<String, ResourceBundle> all = new LinkedHashMap<>(bundles);
        try {
            all.put(Messages.ENGINE, MergedMessages.engineTexts(job.locale()));
        } catch (MissingResourceException e) {
            log.warn(ENGINE, "the engine's texts could not be loaded: " + e.getMessage());
        }
        return all;
    }

    private Path render(Map<String, ResourceBundle> bundles) {
        PluginRegistry.Entry<ReportRenderer> chosen = null;
        for (PluginRegistry.Entry<ReportRenderer> e : plugins.renderers()) {
            String format;
            try {
                format = e.service().format();
            } catch (RuntimeException x) {
                continue;
            }
            if (PDF.equals(format)) {
                chosen = e;
                break;
            }
        }
        if (chosen == null) {
            fail("no renderer for " + PDF + " is installed: no report.pdf (metrics.json is written)", null);
            return null;
        }
        sections.sort(Comparator.comparingInt(ReportSection::order));
        ReportModel model = new ReportModel(job.name(), period, asOf, job.locale(), job.currency(), job.branding(),
                status, sections, dataQuality, settings.forReport(applying), new MergedMessages(withEngine(bundles)),
                started, statusReasons);
        byte[] pdf;
        try {
            pdf = chosen.service().render(model);
        } catch (Exception | LinkageError e) {
            fail("the renderer (bundle " + chosen.bundle() + ") failed: " + e, e);
            return null;
        }
        if (pdf == null || pdf.length == 0) {
            fail("the renderer (bundle " + chosen.bundle() + ") produced no document", null);
            return null;
        }
        Path file = outDir.resolve(REPORT_FILE);
        if (aborted()) {
            return null;
        }
        try {
            AtomicFiles.write(file, pdf);
        } catch (IOException e) {
            fail("report.pdf could not be written: " + io.klarsyn.api.server.IoErrors.why(e), e);
            return null;
        }
        log.info(ENGINE, "wrote " + file + " (" + pdf.length + " bytes)");
        return file;
    }
}
