package io.klarsyn.launcher;

import static io.klarsyn.launcher.Dist.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

/**
 * Two {@code klarsyn serve} nodes in separate JVMs on one real PostgreSQL (embedded, started by the test) and
 * one home (jobs, runs' artifacts) shared as a cluster would share a folder: both list the same jobs and runs
 * and serve every run's files; a month start due on both nodes at once runs each (job, period) once and mails
 * each report once; a node killed with {@code kill -9} during a scheduled run has that run ABORTED and run
 * once more by the other.
 */
class ClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> UNFINISHED = Set.of("QUEUED", "RUNNING");
    private static EmbeddedPostgres postgres;
    /** A client big enough that its run lasts seconds (it is seen RUNNING before it ends), generated once. */
    private static Path bigClient;

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();
    private final List<GreenMail> mailServers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;
    private DataSource database;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
        if (bigClient != null) {
            try (Stream<Path> walk = Files.walk(bigClient.getParent())) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** {@code home/big}: the big client (150,000 customers, 15 months to 2026-10), linked to one generated for all tests. */
    private static void bigClient(Path home) throws Exception {
        synchronized (ClusterIT.class) {
            if (bigClient == null) {
                Path dir = Files.createTempDirectory("cluster-it-big");
                Dist.Run gen = Dist.klarsyn(Dist.built(), dir, "generate", "--customers", "150000", "--months", "15", "--end",
                        "2026-10", "--seed", "11", "--out", dir.resolve("big").toString());
                assertThat(gen.exit()).as(gen.err()).isZero();
                bigClient = dir.resolve("big");
            }
        }
        Files.createDirectories(home);
        Files.createSymbolicLink(home.resolve("big"), bigClient);
    }

    @AfterEach
    void stopAll() {
        for (Process p : started) {
            p.destroyForcibly();
        }
        mailServers.forEach(GreenMail::stop);
    }

    /** A node: its server (process, URL once ready, everything it printed) and its name. */
    record Node(Dist.Server server, String name) {
        String url() {
            return server.url();
        }

        Process process() {
            return server.process();
        }

        StringBuffer output() {
            return server.output();
        }
    }

    /** A fresh database of the test's own on the shared PostgreSQL; its JDBC URL. */
    private String newDatabase(String name) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        database = postgres.getDatabase("postgres", name);
        return postgres.getJdbcUrl("postgres", name);
    }

    /** Starts {@code klarsyn serve} as node {@code name} with its clock at {@code clock}; does not wait for it. */
    private Node launch(Path dist, Path home, String db, String name, String clock, String... opts) throws IOException {
        String options = "-Xmx512m -Dklarsyn.node=" + name + " -Dklarsyn.clock=" + clock + (opts.length == 0 ? "" : " " + String.join(" ", opts));
        Dist.Server server = Dist.serve(dist, tmp, Map.of("KLARSYN_OPTS", options), "--home", home.toString(), "--db", db,
                "--concurrency", "1");
        started.add(server.process());
        return new Node(server, name);
    }

    private Node serve(Path dist, Path home, String db, String name, String clock) throws Exception {
        Node node = launch(dist, home, db, name, clock);
        login(home, node);
        return node;
    }

    private void login(Path home, Node node) throws Exception {
        if (token == null) {
            token = Auth.adminToken(home, node.url());
        }
    }

    private static void stop(Node node) throws InterruptedException {
        node.process().destroy();
        assertThat(node.process().waitFor(60, TimeUnit.SECONDS)).as("node " + node.name() + " stops on SIGTERM").isTrue();
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + url + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<byte[]> bytes(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode post(String url, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST " + url + ": " + r.body()).isIn(201, 202);
        return JSON.readTree(r.body());
    }

    /** The runs table as rows {id, job, number, period, status, trigger, node, messages}, by id. */
    private List<Map<String, String>> runs() throws SQLException {
        List<Map<String, String>> out = new ArrayList<>();
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT id, job, number, period, status, trigger, node, messages FROM runs ORDER BY id")) {
            while (rows.next()) {
                Map<String, String> row = new HashMap<>();
                for (String column : List.of("id", "job", "number", "period", "status", "trigger", "node", "messages")) {
                    row.put(column, rows.getString(column));
                }
                out.add(row);
            }
        }
        return out;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql); ResultSet rows = s.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void writeJob(Path home, String name, String client, String data, String extra) throws IOException {
        Files.writeString(home.resolve("jobs/" + name + ".json"), """
                {
                  "connector": "csv", "locale": "nb-NO", "currency": "NOK", "timeZone": "Europe/Oslo",
                  "branding": { "clientName": "%s" },
                  "settings": { "csv": { "folder": "../%s" } },
                  "schedule": "0 6 1 * *"%s
                }
                """.formatted(client, data, extra), StandardCharsets.UTF_8);
    }

    /**
     * Month start: 20 clients due at 06:00 on 1 November (Oslo). Both nodes start at once at 08:00 that day and catch
     * up October for every job — 40 submissions for 20 (job, period)s: each runs once, both nodes take runs, every
     * report is mailed and copied once, and either node serves every run, its files and the same history.
     */
    @Test
    void aMonthStartOnTwoNodesRunsEachPeriodOnceAndBothServeEveryRun() throws Exception {
        Path dist = Dist.copy(tmp);
        Path home = tmp.resolve("home");
        Dist.Run gen = Dist.klarsyn(dist, tmp, "generate", "--customers", "300", "--months", "15", "--end", "2026-10",
                "--seed", "7", "--out", home.resolve("data").toString());
        assertThat(gen.exit()).as(gen.err()).isZero();
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        mailServers.add(smtp);
        for (String dir : List.of("etc", "jobs", "share")) {
            Files.createDirectories(home.resolve(dir));
        }
        Files.writeString(home.resolve("etc/io.klarsyn.delivery.mail.cfg"), """
                host = 127.0.0.1
                port = %d
                from = Klarsyn <klarsyn@konsulent.example>
                user =
                password =
                tls = none
                timeoutSeconds = 5
                """.formatted(smtp.getSmtp().getPort()));
        int jobs = 20;
        for (int i = 1; i <= jobs; i++) {
            String name = "k%02d".formatted(i);
            writeJob(home, name, "Klient " + i + " AS", "data",
                    ",\n  \"recipients\": [\"leder@" + name + ".example\"],\n  \"delivery\": { \"folder\": \"../share\" }");
        }
        String db = newDatabase("month_start");

        // 31 October: node a alone meets the jobs; they are new, nothing is missed.
        Node first = serve(dist, home, db, "a", "2026-10-31T00:00:00Z");
        await("20 jobs", 30_000, () -> get(first.url() + "api/jobs"), j -> j.size() == jobs);
        assertThat(runs()).isEmpty();
        stop(first);

        // 1 November, 08:00 in Oslo: both nodes start at once; each catches up October for every job.
        Node a = launch(dist, home, db, "a", "2026-11-01T07:00:00Z");
        Node b = launch(dist, home, db, "b", "2026-11-01T07:00:00Z");
        String urlA = a.url();
        String urlB = b.url();
        List<Map<String, String>> done = await("20 runs to finish", 240_000, this::runs,
                r -> r.size() >= jobs && r.stream().noneMatch(x -> UNFINISHED.contains(x.get("status"))));

        // Each (job, period) once, caught up, SUCCESS; both nodes took some.
        assertThat(done).hasSize(jobs);
        Map<String, List<String>> periods = new TreeMap<>();
        Set<String> nodes = new HashSet<>();
        for (Map<String, String> r : done) {
            periods.computeIfAbsent(r.get("job"), j -> new ArrayList<>()).add(r.get("period"));
            assertThat(r.get("status")).as(r.toString()).isEqualTo("SUCCESS");
            assertThat(r.get("trigger")).isEqualTo("CATCH_UP");
            assertThat(r.get("number")).isEqualTo("1");
            nodes.add(r.get("node"));
        }
        assertThat(periods).hasSize(jobs).allSatisfy((job, p) -> assertThat(p).containsExactly("2026-10"));
        assertThat(nodes).as("runs taken by each node").containsExactlyInAnyOrder("a", "b");
        String skipped = "CATCH_UP run of job 'k01' for 2026-10 skipped: that period has a run already";
        // the node that did not make k01's run either found it made, or found its catch-up already done by the other
        System.out.println("[ClusterIT] month start: runs by node " + count(done, "a") + " on a, " + count(done, "b")
                + " on b; skip lines: a " + a.output().toString().contains(skipped) + ", b " + b.output().toString().contains(skipped));

        // Both list the same jobs and the same history.
        login(home, a);
        assertThat(names(get(urlA + "api/jobs"))).isEqualTo(names(get(urlB + "api/jobs"))).hasSize(jobs);
        for (int i = 1; i <= jobs; i++) {
            String job = "api/jobs/k%02d/runs".formatted(i);
            assertThat(get(urlA + job)).isEqualTo(get(urlB + job));
        }

        // Any node serves any run's report, numbers and log.
        for (Map<String, String> r : List.of(first(done, "a"), first(done, "b"))) {
            for (String url : List.of(urlA, urlB)) {
                HttpResponse<byte[]> pdf = bytes(url + "api/runs/" + r.get("id") + "/artifacts/report.pdf");
                assertThat(pdf.statusCode()).isEqualTo(200);
                assertThat(new String(pdf.body(), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
                assertThat(get(url + "api/runs/" + r.get("id") + "/artifacts/metrics.json").path("status").asText()).isEqualTo("SUCCESS");
                String log = new String(bytes(url + "api/runs/" + r.get("id") + "/log?follow=true").body(), StandardCharsets.UTF_8);
                assertThat(log).contains("job '" + r.get("job") + "'");
            }
        }

        // Each report delivered once by mail and once to the folder.
        await("40 deliveries SENT", 120_000, () -> count("SELECT COUNT(*) FROM deliveries WHERE state = 'SENT'"), n -> n >= 2L * jobs);
        assertThat(count("SELECT COUNT(*) FROM deliveries")).isEqualTo(2L * jobs);
        MimeMessage[] mails = smtp.getReceivedMessages();
        List<String> to = new ArrayList<>();
        for (MimeMessage m : mails) {
            to.add(Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString).findFirst().orElseThrow());
        }
        assertThat(to).hasSize(jobs).doesNotHaveDuplicates();
        try (Stream<Path> files = Files.list(home.resolve("share"))) {
            assertThat(files.filter(f -> f.toString().endsWith("-2026-10.pdf")).count()).isEqualTo(jobs);
        }

        // Reruns asked of both nodes at once: numbers 2 and 3 of the job, both reruns.
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            Future<JsonNode> onA = two.submit(() -> post(urlA + "api/jobs/k01/runs", "{\"period\":\"2026-10\"}"));
            Future<JsonNode> onB = two.submit(() -> post(urlB + "api/jobs/k01/runs", "{\"period\":\"2026-10\"}"));
            List<Integer> numbers = List.of(onA.get().path("number").asInt(), onB.get().path("number").asInt());
            assertThat(numbers).containsExactlyInAnyOrder(2, 3);
            assertThat(onA.get().path("rerun").asBoolean()).isTrue();
            assertThat(onB.get().path("rerun").asBoolean()).isTrue();
        } finally {
            two.shutdownNow();
        }
        stop(a);
        stop(b);
    }

    /**
     * A scheduled run's node dies ({@code kill -9}) while the run goes: the other node, once the dead one has been
     * silent for 15 s, records the run ABORTED and runs the (job, period) once more, itself.
     */
    @Test
    void aKilledNodesRunIsAbortedAndRunOnceMoreOnTheOther() throws Exception {
        Path dist = Dist.copy(tmp);
        Path home = tmp.resolve("home");
        bigClient(home);
        Files.createDirectories(home.resolve("jobs"));
        writeJob(home, "big", "Storkunde AS", "big", "");
        String db = newDatabase("node_death");

        Node first = serve(dist, home, db, "a", "2026-10-31T00:00:00Z");
        await("job big", 30_000, () -> get(first.url() + "api/jobs"), j -> j.size() == 1);
        stop(first);

        Node a = launch(dist, home, db, "a", "2026-11-01T07:00:00Z");
        Node b = launch(dist, home, db, "b", "2026-11-01T07:00:00Z");
        a.url();
        b.url();
        Map<String, String> running = await("the catch-up run to start", 120_000, this::runs,
                r -> r.size() == 1 && r.get(0).get("status").equals("RUNNING")).get(0);
        Node victim = running.get("node").equals("a") ? a : b;
        Node survivor = victim == a ? b : a;
        victim.process().destroyForcibly();
        long killedAt = System.nanoTime();
        assertThat(victim.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

        await("the run queued again and taken", 120_000, this::runs,
                r -> r.size() >= 2 && !r.get(1).get("status").equals("QUEUED"));
        long restarted = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt);
        List<Map<String, String>> after = await("the run aborted and run again", 180_000, this::runs,
                r -> r.size() >= 2 && r.stream().noneMatch(x -> UNFINISHED.contains(x.get("status"))));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt);
        assertThat(after).hasSize(2);
        Map<String, String> lost = after.get(0);
        Map<String, String> again = after.get(1);
        assertThat(lost.get("id")).isEqualTo(running.get("id"));
        assertThat(lost.get("status")).isEqualTo("ABORTED");
        assertThat(lost.get("messages")).isEqualTo("the server running it stopped answering (node " + victim.name() + ")");
        assertThat(again.get("period")).isEqualTo("2026-10");
        assertThat(again.get("trigger")).isEqualTo("CATCH_UP");
        assertThat(again.get("status")).isEqualTo("SUCCESS");
        assertThat(again.get("node")).isEqualTo(survivor.name());
        System.out.println("[ClusterIT] node " + victim.name() + " killed; its run ABORTED and run again by " + survivor.name()
                + ": started again " + restarted + " s and finished " + seconds + " s after the kill");

        // The survivor serves both: the lost run's record, the new run's report.
        login(home, survivor);
        JsonNode history = get(survivor.url() + "api/jobs/big/runs");
        assertThat(history.size()).isEqualTo(2);
        assertThat(history.get(0).path("status").asText()).isEqualTo("SUCCESS");
        assertThat(history.get(1).path("status").asText()).isEqualTo("ABORTED");
        assertThat(bytes(survivor.url() + "api/runs/" + again.get("id") + "/artifacts/report.pdf").statusCode()).isEqualTo(200);
        stop(survivor);
        // queued again once: no third run after the survivor stopped
        assertThat(runs()).hasSize(2);
    }

    /**
     * Two nodes, one running a run: through the other node, its log grows while it runs (run.log is written as it
     * goes in the shared home) and is whole at the end; an abort asked through the node not running a run answers
     * 202 and the run ends ABORTED (the node running it reads the request with its heartbeat).
     */
    @Test
    void theLiveLogAndTheAbortOfARunReachItThroughTheOtherNode() throws Exception {
        Path dist = Dist.copy(tmp);
        Path home = tmp.resolve("home");
        bigClient(home);
        Files.createDirectories(home.resolve("jobs"));
        writeJob(home, "big", "Storkunde AS", "big", "");
        String db = newDatabase("remote_runs");
        Node a = launch(dist, home, db, "a", "2026-10-31T00:00:00Z");
        Node b = launch(dist, home, db, "b", "2026-10-31T00:00:00Z");
        login(home, a);
        await("job big on b", 30_000, () -> get(b.url() + "api/jobs"), j -> j.size() == 1);

        // the live log, read through the node that does not run it
        long first = post(a.url() + "api/jobs/big/runs", "{\"period\":\"2026-09\"}").path("id").asLong();
        Map<String, String> running = await("run " + first + " to start", 120_000, () -> run(first),
                r -> !r.get("status").equals("QUEUED"));
        assertThat(running.get("status")).as(running.toString()).isEqualTo("RUNNING");
        Node owner = running.get("node").equals("a") ? a : b;
        Node other = owner == a ? b : a;
        List<String> live = new ArrayList<>();
        await("the log of run " + first + " read through node " + other.name() + " to grow while it runs", 120_000, () -> {
            String log = text(other.url() + "api/runs/" + first + "/log");
            String status = run(first).get("status");
            if (status.equals("RUNNING") && !log.isEmpty() && (live.isEmpty() || log.length() > live.get(live.size() - 1).length())) {
                live.add(log);
            }
            return status;
        }, status -> live.size() >= 2 || !status.equals("RUNNING"));
        assertThat(live).as("the log read through node " + other.name() + " while node " + owner.name() + " ran it").hasSizeGreaterThanOrEqualTo(2);
        assertThat(live.get(0)).contains("job 'big', period");
        assertThat(live.get(1)).startsWith(live.get(0));
        System.out.println("[ClusterIT] live log through node " + other.name() + ": " + live.stream().map(String::length).toList() + " characters");

        // an abort asked of the node that does not run the run
        long second = post(b.url() + "api/jobs/big/runs", "{\"period\":\"2026-08\"}").path("id").asLong();
        Map<String, String> secondRunning = await("run " + second + " to start", 120_000, () -> run(second),
                r -> !r.get("status").equals("QUEUED"));
        assertThat(secondRunning.get("status")).as(secondRunning.toString()).isEqualTo("RUNNING");
        Node runsIt = secondRunning.get("node").equals("a") ? a : b;
        Node asked = runsIt == a ? b : a;
        HttpResponse<String> abort = http.send(HttpRequest.newBuilder(URI.create(asked.url() + "api/runs/" + second + "/abort"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(abort.statusCode()).as(abort.body()).isEqualTo(202);
        long askedAt = System.nanoTime();
        Map<String, String> aborted = await("run " + second + " to end", 120_000, () -> run(second),
                r -> !UNFINISHED.contains(r.get("status")));
        assertThat(aborted.get("status")).as(aborted.toString()).isEqualTo("ABORTED");
        assertThat(aborted.get("messages")).isEqualTo("aborted by request");
        assertThat(aborted.get("node")).isEqualTo(runsIt.name());
        System.out.println("[ClusterIT] abort through node " + asked.name() + " of a run on " + runsIt.name() + ": ABORTED "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - askedAt) + " ms after the answer");

        // the first run's whole log, through the other node, continues what it showed while it ran
        Map<String, String> done = await("run " + first + " to end", 180_000, () -> run(first), r -> !UNFINISHED.contains(r.get("status")));
        assertThat(done.get("status")).as(done.toString()).isEqualTo("SUCCESS");
        String whole = text(other.url() + "api/runs/" + first + "/log?follow=true");
        assertThat(whole).startsWith(live.get(live.size() - 1)).contains("status SUCCESS");
        stop(a);
        stop(b);
    }

    /**
     * A rolling restart loses nothing: a node stopped with SIGTERM (no grace here: {@code -Dklarsyn.stop.grace=0}) while
     * it runs a manual run hands the run back to the queue under its id; the other node runs it, and the run queued
     * meanwhile, each once and each mailed once.
     */
    @Test
    void aNodeStoppedCleanlyHandsItsRunBackAndTheOtherRunsItOnce() throws Exception {
        Path dist = Dist.copy(tmp);
        Path home = tmp.resolve("home");
        bigClient(home);
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        mailServers.add(smtp);
        Files.createDirectories(home.resolve("etc"));
        Files.createDirectories(home.resolve("jobs"));
        Files.writeString(home.resolve("etc/io.klarsyn.delivery.mail.cfg"), """
                host = 127.0.0.1
                port = %d
                from = Klarsyn <klarsyn@konsulent.example>
                user =
                password =
                tls = none
                timeoutSeconds = 5
                """.formatted(smtp.getSmtp().getPort()));
        writeJob(home, "big", "Storkunde AS", "big", ",\n  \"recipients\": [\"leder@big.example\"]");
        String db = newDatabase("rolling_restart");
        Node a = launch(dist, home, db, "a", "2026-10-31T00:00:00Z", "-Dklarsyn.stop.grace=0");
        Node b = launch(dist, home, db, "b", "2026-10-31T00:00:00Z", "-Dklarsyn.stop.grace=0");
        login(home, a);
        await("job big on b", 30_000, () -> get(b.url() + "api/jobs"), j -> j.size() == 1);

        // one run on each node, a third queued
        long one = post(a.url() + "api/jobs/big/runs", "{\"period\":\"2026-07\"}").path("id").asLong();
        long two = post(b.url() + "api/jobs/big/runs", "{\"period\":\"2026-08\"}").path("id").asLong();
        await("runs " + one + " and " + two + " to start", 120_000, this::runs,
                r -> r.stream().filter(x -> !x.get("status").equals("QUEUED")).count() == 2);
        long three = post(a.url() + "api/jobs/big/runs", "{\"period\":\"2026-09\"}").path("id").asLong();
        Map<String, String> running = run(one);
        assertThat(running.get("status")).as(running.toString()).isEqualTo("RUNNING");
        Node stopped = running.get("node").equals("a") ? a : b;
        Node survivor = stopped == a ? b : a;

        // (the node's log says "run N of job 'big' (2026-07) goes back to the queue" at INFO, which serve does not print)
        stop(stopped);
        Map<String, String> handedBack = run(one);
        assertThat(handedBack.get("status")).as("run " + one + " once its node stopped: " + handedBack).isIn("QUEUED", "RUNNING");
        assertThat(handedBack.get("node")).as(handedBack.toString()).isNotEqualTo(stopped.name());

        List<Map<String, String>> done = await("the three runs to end", 300_000, this::runs,
                r -> r.size() >= 3 && r.stream().noneMatch(x -> UNFINISHED.contains(x.get("status"))));
        assertThat(done).as("no run made again: the handed-back run keeps its id").hasSize(3);
        assertThat(done).extracting(r -> r.get("id")).containsExactly(Long.toString(one), Long.toString(two), Long.toString(three));
        for (Map<String, String> r : done) {
            assertThat(r.get("status")).as(r.toString()).isEqualTo("SUCCESS");
            assertThat(r.get("trigger")).isEqualTo("API");
            assertThat(r.get("node")).as(r.toString()).isEqualTo(survivor.name());
        }
        await("3 deliveries SENT", 120_000, () -> count("SELECT COUNT(*) FROM deliveries WHERE state = 'SENT'"), n -> n >= 3L);
        assertThat(count("SELECT COUNT(*) FROM deliveries")).isEqualTo(3);
        List<String> subjects = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            subjects.add(m.getSubject());
        }
        assertThat(subjects).as("one mail per run").hasSize(3);
        assertThat(count("SELECT COUNT(DISTINCT run_id) FROM deliveries")).isEqualTo(3);

        // the stopped node comes back (the rolling restart's second half) and takes work at once: with the survivor
        // busy with run four (one run at a time, --concurrency 1), run five is the returned node's
        Node back = launch(dist, home, db, stopped.name(), "2026-10-31T00:00:00Z", "-Dklarsyn.stop.grace=0");
        await("job big on the returned node", 60_000, () -> get(back.url() + "api/jobs"), j -> j.size() == 1);
        long four = post(survivor.url() + "api/jobs/big/runs", "{\"period\":\"2026-10\"}").path("id").asLong();
        long five = post(survivor.url() + "api/jobs/big/runs", "{\"period\":\"2026-06\"}").path("id").asLong();
        List<Map<String, String>> all = await("runs four and five to end", 300_000, this::runs,
                r -> r.size() >= 5 && r.stream().noneMatch(x -> UNFINISHED.contains(x.get("status"))));
        assertThat(all).hasSize(5);
        assertThat(run(four).get("status")).isEqualTo("SUCCESS");
        assertThat(run(five).get("status")).isEqualTo("SUCCESS");
        assertThat(List.of(run(four).get("node"), run(five).get("node"))).as("the returned node took one of the two")
                .contains(stopped.name());
        await("5 deliveries SENT", 120_000, () -> count("SELECT COUNT(*) FROM deliveries WHERE state = 'SENT'"), n -> n >= 5L);
        assertThat(count("SELECT COUNT(*) FROM deliveries")).isEqualTo(5);
        assertThat(smtp.getReceivedMessages()).as("one mail per run").hasSize(5);
        stop(back);
        stop(survivor);
    }

    /** The run's row: {id, job, number, period, status, trigger, node, messages}. */
    private Map<String, String> run(long id) throws SQLException {
        return runs().stream().filter(r -> r.get("id").equals(Long.toString(id))).findFirst()
                .orElseThrow(() -> new AssertionError("no run " + id));
    }

    private String text(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as("GET " + url + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private static List<String> names(JsonNode jobs) {
        List<String> out = new ArrayList<>();
        jobs.forEach(j -> out.add(j.path("name").asText()));
        out.sort(null);
        return out;
    }

    private static long count(List<Map<String, String>> runs, String node) {
        return runs.stream().filter(r -> node.equals(r.get("node"))).count();
    }

    private static Map<String, String> first(List<Map<String, String>> runs, String node) {
        return runs.stream().filter(r -> node.equals(r.get("node"))).findFirst().orElseThrow();
    }
}
