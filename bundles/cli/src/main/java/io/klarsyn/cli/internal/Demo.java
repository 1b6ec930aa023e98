package io.klarsyn.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.klarsyn.api.run.ReportEngine;
import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.JobRegistry;
import io.klarsyn.api.server.RunQueue;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunState;
import io.klarsyn.api.server.RunStore;
import io.klarsyn.api.server.Trigger;
import io.klarsyn.generator.GenerationSummary;
import io.klarsyn.generator.Generator;
import io.klarsyn.generator.GeneratorOptions;

/**
 * {@code klarsyn demo}: a demo home with the fictitious client Nordlys Energi AS (generated data and
 * the shipped job file {@code etc/demo-job.json}), its last 12 monthly periods run through the
 * server's own queue so history and trends have data, then the server keeps serving. Periods that
 * already have a good run in the home are not run again.
 */
final class Demo {

    /** The demo job's name: its file in {@code DIR/jobs} is {@code nordlys-energi.json}. */
    static final String JOB = "nordlys-energi";
    static final int PERIODS = 12;
    private static final long WAIT_MILLIS = 30_000;

    private final BundleContext ctx;
    private final Path dist;
    private final PrintStream out;
    private final PrintStream err;

    Demo(BundleContext ctx, Path dist, PrintStream out, PrintStream err) {
        this.ctx = ctx;
        this.dist = dist;
        this.out = out;
        this.err = err;
    }

    /**
     * Writes {@code home/data} (generated up to the month before {@code clock}'s) and
     * {@code home/jobs/nordlys-energi.json} with its logo.
     *
     * @param locale the report's language tag, checked, or null for the job file's
     * @param engine the engine: settings of plugins that are not installed are left out, with a note
     * @return the last month of data (the newest period to report), and whether the job file changed
     */
    Prepared prepare(Path home, Clock clock, String locale, List<String> sets, ReportEngine engine) throws IOException {
        ZoneId zone = ZoneId.of("Europe/Oslo");
        YearMonth end = YearMonth.now(clock.withZone(zone)).minusMonths(1);
        Path data = home.resolve("data");
        GenerationSummary s = Generator.generate(GeneratorOptions.defaults().withEnd(end), data);
        out.printf("Demo client Nordlys Energi AS: %,d customers, %,d transactions, %,d survey responses up to %s in %s%n",
                s.customers(), s.transactions(), s.responses(), end, data.toAbsolutePath());

        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode job = (ObjectNode) json.readTree(dist.resolve("etc/demo-job.json").toFile());
        job.remove("name"); // the file's stem names the job
        if (locale != null) {
            job.put("locale", locale);
        }
        ObjectNode settings = job.with("settings");
        ((ObjectNode) settings.with("csv")).put("folder", "../data");
        for (String set : sets) {
            int eq = set.indexOf('=');
            int dot = set.indexOf('.');
            if (eq <= 0 || dot <= 0 || dot > eq) {
                throw new IllegalArgumentException("--set needs namespace.name=value, got '" + set + "'");
            }
            settings.with(set.substring(0, dot).trim()).put(set.substring(dot + 1, eq).trim(), set.substring(eq + 1).trim());
        }
        Set<String> known = new HashSet<>();
        engine.settings().forEach(d -> known.add(d.name().substring(0, Math.max(0, d.name().indexOf('.')))));
        Set<String> skipped = new TreeSet<>();
        for (Iterator<String> names = settings.fieldNames(); names.hasNext();) {
            String ns = names.next();
            if (!known.contains(ns)) {
                skipped.add(ns);
            }
        }
        for (String ns : skipped) {
            settings.remove(ns);
            err.println("note: no '" + ns + "' plugin is installed; the demo's " + ns + ".* settings are left out");
        }
        Path jobs = Files.createDirectories(home.resolve("jobs"));
        JsonNode logo = job.path("branding").path("logo");
        if (logo.isTextual()) {
            Files.copy(dist.resolve("etc").resolve(logo.asText()), jobs.resolve(logo.asText()), StandardCopyOption.REPLACE_EXISTING);
        }
        Path file = jobs.resolve(JOB + ".json");
        String text = json.writeValueAsString(job) + "\n";
        boolean changed = !Files.isRegularFile(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(text);
        Path tmp = jobs.resolve("." + JOB + ".json.tmp"); // not *.json: the registry never reads half a file
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Prepared(end, changed);
    }

    /** @param jobChanged the job file differs from the one the home had: earlier runs are no longer this job's reports */
    record Prepared(YearMonth end, boolean jobChanged) {
    }

    /**
     * Runs the 12 periods up to {@code end} that have no SUCCESS or UNSTABLE run yet (all 12 when
     * the job file changed: a rerun each), and prints each as it finishes.
     *
     * @return the newest period's good run, if any, and whether every period ended well
     */
    Result runPeriods(Prepared prepared, String url) throws InterruptedException, Cli.StartupException {
        JobRegistry registry = await(JobRegistry.class);
        RunQueue queue = await(RunQueue.class);
        RunStore store = await(RunStore.class);
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        Optional<JobEntry> entry = registry.job(JOB);
        while (entry.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            entry = registry.job(JOB);
        }
        if (entry.isEmpty()) {
            throw new Cli.StartupException("the demo job " + JOB + " was not picked up from the jobs folder within "
                    + WAIT_MILLIS / 1000 + " s");
        }
        if (!entry.get().valid()) {
            throw new IllegalStateException("the demo job is invalid: " + entry.get().problem());
        }
        YearMonth end = prepared.end();
        Map<YearMonth, RunRecord> good = new LinkedHashMap<>();
        for (RunRecord r : prepared.jobChanged() ? List.<RunRecord>of() : store.runs(JOB, 0, 1000)) {
            if ((r.status() == RunState.SUCCESS || r.status() == RunState.UNSTABLE) && !good.containsKey(r.period())) {
                good.put(r.period(), r); // newest first: the latest good run of each period
            }
        }
        YearMonth first = end.minusMonths(PERIODS - 1);
        List<RunRecord> submitted = new ArrayList<>();
        for (YearMonth p = first; !p.isAfter(end); p = p.plusMonths(1)) {
            if (!good.containsKey(p)) {
                submitted.add(queue.submit(JOB, p, Trigger.CLI));
            }
        }
        int kept = PERIODS - submitted.size();
        out.printf("Running the demo job for %s to %s: %d run%s%s; the API answers meanwhile at %sapi/jobs/%s/runs%n",
                first, end, submitted.size(), submitted.size() == 1 ? "" : "s",
                kept == 0 ? "" : " (" + kept + " period" + (kept == 1 ? "" : "s") + " kept from before)", url, JOB);
        out.flush();
        boolean allGood = true;
        List<RunRecord> pending = new ArrayList<>(submitted);
        while (!pending.isEmpty()) {
            for (Iterator<RunRecord> it = pending.iterator(); it.hasNext();) {
                RunRecord now = store.run(it.next().id()).orElseThrow();
                if (now.status().finished()) {
                    it.remove();
                    out.printf("  %s  %-8s run %d  %.1f s%s%n", now.period(), now.status(), now.number(),
                            now.durationMs() == null ? 0.0 : now.durationMs() / 1000.0,
                            now.messages().isEmpty() ? "" : "  " + String.join("; ", now.messages()));
                    out.flush();
                    if (now.status() == RunState.SUCCESS || now.status() == RunState.UNSTABLE) {
                        good.put(now.period(), now);
                    } else {
                        allGood = false;
                    }
                }
            }
            Thread.sleep(50);
        }
        RunRecord newest = good.get(end);
        Optional<Path> pdf = newest == null ? Optional.empty() : store.artifact(newest.id(), "report.pdf");
        return new Result(newest, pdf.orElse(null), allGood);
    }

    record Result(RunRecord newest, Path report, boolean allGood) {
    }

    private <T> T await(Class<T> type) throws InterruptedException, Cli.StartupException {
        ServiceTracker<T, T> t = new ServiceTracker<>(ctx, type, null);
        t.open();
        T service = t.waitForService(WAIT_MILLIS);
        // the tracker stays open until the command ends: the service is used until then
        if (service == null) {
            t.close();
            throw new Cli.StartupException("the server's " + type.getSimpleName() + " did not start within "
                    + WAIT_MILLIS / 1000 + " s; 'klarsyn plugins' says why");
        }
        return service;
    }
}
