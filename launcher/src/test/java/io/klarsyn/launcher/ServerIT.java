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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.klarsyn.launcher.Dist.Server;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code klarsyn serve} through the real launcher, real HTTP and the real H2 file: job files added,
 * changed and removed live; runs through the API to SUCCESS with their artifacts; bad input; the
 * CLI client verbs; restart keeps history and ids; {@code kill -9} during a run leaves it ABORTED.
 */
class ServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();
    /** The admin's API token, once the first server of the test's home answered. */
    private String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stopAll() {
        for (Process p : started) {
            p.destroyForcibly();
        }
    }

    private Server serve(Path dist, Path home, Map<String, String> env, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--home", home.toString()));
        args.addAll(List.of(extra));
        Server server = Dist.serve(dist, tmp, env, new StringBuffer(), args);
        started.add(server.process());
        if (token == null) {
            token = Auth.adminToken(home, server.url());
        }
        return server;
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + url + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode job(JsonNode jobs, String name) {
        for (JsonNode j : jobs) {
            if (j.path("name").asText().equals(name)) {
                return j;
            }
        }
        return null;
    }

    private static void writeJob(Path home, String name, String client, String extra) throws IOException {
        Files.writeString(home.resolve("jobs/" + name + ".json"), """
                {
                  "connector": "csv", "locale": "nb-NO", "currency": "NOK", "timeZone": "Europe/Oslo",
                  "branding": { "clientName": "%s" },
                  "settings": { "csv": { "folder": "../data" } }%s
                }
                """.formatted(client, extra), StandardCharsets.UTF_8);
    }

    private JsonNode awaitFinished(String url, long id) throws Exception {
        return await("run " + id + " to finish", 180_000, () -> get(url + "api/runs/" + id),
                r -> !List.of("QUEUED", "RUNNING").contains(r.path("status").asText()));
    }

    @Test
    void jobsRunThroughTheApiAndHistorySurvivesRestart() throws Exception {
        Path dist = Dist.copy(tmp);
        Path home = tmp.resolve("home");
        Dist.Run gen = Dist.klarsyn(dist, tmp, "generate", "--customers", "400", "--months", "15", "--end", "2026-10",
                "--seed", "3", "--out", home.resolve("data").toString());
        assertThat(gen.exit()).as(gen.err()).isZero();

        Server s = serve(dist, home, Map.of());
        String url = s.url();
        assertThat(Files.isDirectory(home.resolve("jobs"))).isTrue();
        assertThat(get(url + "api/jobs").size()).isZero();

        // A job file added while the server runs appears within 5 s (the promise).
        writeJob(home, "fjord", "Fjord Kraft AS", "");
        JsonNode fjord = await("job fjord to appear", 5_000, () -> job(get(url + "api/jobs"), "fjord"), j -> j != null);
        assertThat(fjord.path("client").asText()).isEqualTo("Fjord Kraft AS");
        assertThat(fjord.path("nextRun").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");

        // A malformed job is listed as invalid with line and column; the other job still runs.
        Files.writeString(home.resolve("jobs/broken.json"), "{\n  \"connector\": \"csv\",\n  \"locale\" \"nb-NO\"\n}\n");
        JsonNode broken = await("job broken to be listed", 5_000, () -> job(get(url + "api/jobs"), "broken"), j -> j != null);
        assertThat(broken.path("valid").asBoolean()).isFalse();
        assertThat(broken.path("problem").asText()).contains("line 3");

        // Bad input: 400 with error and detail; unknown job: 404.
        HttpResponse<String> bad = post(url + "api/jobs/fjord/runs", "{\"period\":\"2026-13\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).has("error")).isTrue();
        assertThat(JSON.readTree(bad.body()).has("detail")).isTrue();
        assertThat(post(url + "api/jobs/nosuch/runs", "{\"period\":\"2026-10\"}").statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url + "api/runs/999999")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

        // A run through the API, to SUCCESS with its artifacts.
        HttpResponse<String> created = post(url + "api/jobs/fjord/runs", "{\"period\":\"2026-10\"}");
        assertThat(created.statusCode()).as(created.body()).isIn(201, 202);
        JsonNode run = JSON.readTree(created.body());
        long id = run.path("id").asLong();
        assertThat(run.path("job").asText()).isEqualTo("fjord");
        assertThat(run.path("number").asInt()).isEqualTo(1);
        assertThat(run.path("period").asText()).isEqualTo("2026-10");
        JsonNode done = awaitFinished(url, id);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCESS");
        assertThat(done.path("trigger").asText()).isEqualTo("API");
        assertThat(done.path("kpis").path("cx.nps").isNumber()).as(done.toString()).isTrue();
        HttpResponse<byte[]> pdf = http.send(HttpRequest.newBuilder(URI.create(url + "api/runs/" + id + "/artifacts/report.pdf")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        JsonNode metrics = get(url + "api/runs/" + id + "/artifacts/metrics.json");
        assertThat(metrics.path("status").asText()).isEqualTo("SUCCESS");
        String log = http.send(HttpRequest.newBuilder(URI.create(url + "api/runs/" + id + "/log")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(log).contains("job 'fjord'");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url + "api/runs/" + id + "/artifacts/..%2F..%2Fjobs%2Ffjord.json")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("a path out of the run refused").isIn(400, 404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url + "api/runs/" + id + "/artifacts/run.json")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("only the run's three artifacts").isEqualTo(404);

        // The CLI talks to the same server.
        Dist.Run jobs = Dist.klarsyn(dist, tmp, "jobs", "--server", url, "--token", token);
        assertThat(jobs.exit()).as(jobs.err()).isZero();
        assertThat(jobs.out()).contains("fjord").contains("broken");
        Dist.Run cliRun = Dist.klarsyn(dist, tmp, "run", "fjord", "--period", "2026-09", "--wait", "--server", url, "--token", token);
        assertThat(cliRun.exit()).as(cliRun.out() + cliRun.err()).isZero();
        assertThat(cliRun.out()).contains("SUCCESS");
        Dist.Run runs = Dist.klarsyn(dist, tmp, "runs", "fjord", "--json", "--server", url, "--token", token);
        assertThat(runs.exit()).as(runs.err()).isZero();
        JsonNode history = JSON.readTree(runs.out());
        assertThat(history.size()).isEqualTo(2);
        assertThat(history.get(0).path("period").asText()).isEqualTo("2026-09");
        assertThat(history.get(0).path("trigger").asText()).isEqualTo("CLI");

        // A changed job file takes effect; a removed one disappears.
        writeJob(home, "fjord", "Fjord Kraft ASA", "");
        await("job fjord's new client name", 5_000, () -> job(get(url + "api/jobs"), "fjord"),
                j -> j != null && j.path("client").asText().equals("Fjord Kraft ASA"));
        Files.delete(home.resolve("jobs/broken.json"));
        await("job broken to disappear", 5_000, () -> job(get(url + "api/jobs"), "broken"), j -> j == null);

        // SIGTERM stops the server cleanly; a new server on the same home keeps history and ids.
        s.process().destroy();
        assertThat(s.process().waitFor(30, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
        Server again = serve(dist, home, Map.of());
        JsonNode kept = get(again.url() + "api/jobs/fjord/runs");
        assertThat(kept.size()).isEqualTo(2);
        assertThat(get(again.url() + "api/runs/" + id).path("status").asText()).isEqualTo("SUCCESS");
        HttpResponse<String> third = post(again.url() + "api/jobs/fjord/runs", "{\"period\":\"2026-10\"}");
        JsonNode thirdRun = JSON.readTree(third.body());
        assertThat(thirdRun.path("id").asLong()).isGreaterThan(id);
        assertThat(thirdRun.path("number").asInt()).isEqualTo(3);

        // kill -9 while the run goes: at the next start it is ABORTED.
        await("run " + thirdRun.path("id").asLong() + " to start", 60_000, () -> get(again.url() + "api/runs/" + thirdRun.path("id").asLong()),
                r -> !r.path("status").asText().equals("QUEUED"));
        again.process().destroyForcibly();
        again.process().waitFor(30, TimeUnit.SECONDS);
        Server third3 = serve(dist, home, Map.of());
        JsonNode killed = get(third3.url() + "api/runs/" + thirdRun.path("id").asLong());
        if (!killed.path("status").asText().equals("SUCCESS")) { // it may have finished before the kill
            assertThat(killed.path("status").asText()).isEqualTo("ABORTED");
        }
        JsonNode trend = get(third3.url() + "api/jobs/fjord/trend");
        assertThat(trend.size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void missedPeriodsAreCaughtUpOnceAndTwentyJobsRespectTheConcurrencyLimit() throws Exception {
        Path dist = Dist.copy(tmp);
        Path home = tmp.resolve("home");
        Dist.Run gen = Dist.klarsyn(dist, tmp, "generate", "--customers", "300", "--months", "15", "--end", "2026-10",
                "--seed", "5", "--out", home.resolve("data").toString());
        assertThat(gen.exit()).as(gen.err()).isZero();
        Files.createDirectories(home.resolve("jobs"));
        // 06:00 on the 3rd, Oslo time: each fire reports the month before.
        writeJob(home, "monthly", "Månedlig AS", ",\n  \"schedule\": \"0 6 3 * *\"");

        // First start on 1 August: the job is new, nothing is missed.
        Server first = serve(dist, home, Map.of("KLARSYN_OPTS", "-Dklarsyn.clock=2026-08-01T00:00:00Z"));
        await("job monthly", 5_000, () -> job(get(first.url() + "api/jobs"), "monthly"), j -> j != null);
        assertThat(get(first.url() + "api/jobs/monthly/runs").size()).isZero();
        first.process().destroy();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

        // Down until 5 November: the fires of 3 Aug, 3 Sep, 3 Oct and 3 Nov were missed → July to October, once each.
        Server second = serve(dist, home, Map.of("KLARSYN_OPTS", "-Dklarsyn.clock=2026-11-05T00:00:00Z"));
        JsonNode caught = await("four catch-up runs to finish", 180_000, () -> get(second.url() + "api/jobs/monthly/runs"),
                r -> r.size() >= 4 && allFinished(r));
        assertThat(caught.size()).isEqualTo(4);
        List<String> periods = new ArrayList<>();
        for (JsonNode r : caught) {
            periods.add(r.path("period").asText());
            assertThat(get(second.url() + "api/runs/" + r.path("id").asLong()).path("trigger").asText()).isEqualTo("CATCH_UP");
        }
        assertThat(periods).containsExactlyInAnyOrder("2026-07", "2026-08", "2026-09", "2026-10");
        second.process().destroy();
        assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

        // A later start in the same month misses nothing new: no run is repeated.
        Server third = serve(dist, home, Map.of("KLARSYN_OPTS", "-Dklarsyn.clock=2026-11-06T00:00:00Z"), "--concurrency", "2");
        assertThat(get(third.url() + "api/jobs/monthly/runs").size()).isEqualTo(4);

        // 20 jobs triggered at once with a concurrency limit of 2: all finish, never more than 2 running.
        for (int i = 1; i <= 20; i++) {
            writeJob(home, "job" + i, "Klient " + i, "");
        }
        await("20 more jobs", 10_000, () -> get(third.url() + "api/jobs"), j -> j.size() == 21);
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            HttpResponse<String> r = post(third.url() + "api/jobs/job" + i + "/runs", "{\"period\":\"2026-10\"}");
            assertThat(r.statusCode()).as(r.body()).isIn(201, 202);
            ids.add(JSON.readTree(r.body()).path("id").asLong());
        }
        // Polling each run in turn is no snapshot; the records' start and duration are: on one worker a
        // run starts no earlier than the one before it ended (both on the server's clock, in ms).
        List<long[]> intervals = new ArrayList<>();
        for (long id : ids) {
            JsonNode r = awaitFinished(third.url(), id);
            assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("SUCCESS");
            long start = java.time.Instant.parse(r.path("startedAt").asText()).toEpochMilli();
            intervals.add(new long[] {start, start + r.path("durationMs").asLong()});
        }
        assertThat(maxOverlap(intervals)).as("runs at once").isEqualTo(2);
    }

    /** The most intervals [start, end) open at one instant; an end at t comes before a start at t. */
    static int maxOverlap(List<long[]> intervals) {
        List<long[]> events = new ArrayList<>();
        for (long[] i : intervals) {
            events.add(new long[] {i[0], 1});
            events.add(new long[] {i[1], -1});
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int open = 0;
        int max = 0;
        for (long[] e : events) {
            open += (int) e[1];
            max = Math.max(max, open);
        }
        return max;
    }

    private static boolean allFinished(JsonNode runs) {
        for (JsonNode r : runs) {
            if (List.of("QUEUED", "RUNNING").contains(r.path("status").asText())) {
                return false;
            }
        }
        return true;
    }
}
