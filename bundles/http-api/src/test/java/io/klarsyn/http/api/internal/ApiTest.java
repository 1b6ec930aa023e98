package io.klarsyn.http.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunState;
import io.klarsyn.api.server.TrendPoint;
import io.klarsyn.api.server.Trigger;

class ApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

    private final FakeServer server = new FakeServer();
    private final List<String> pauses = new ArrayList<>();
    private Runnable onPause = () -> { };
    private Api api;

    @BeforeEach
    void setUp() {
        server.add(FakeServer.validJob("acme", "Acme AS", "H 6 3 * *", OSLO));
        server.add(FakeServer.validJob("plain", null, "@monthly", ZoneId.of("UTC")));
        server.add(FakeServer.invalidJob("broken", "jobs/broken.json line 3, column 7: unexpected '}'"));
        // 06:17 on 3 December in Oslo is winter time, UTC+01:00.
        server.fireTimes.put("acme", List.of(
                ZonedDateTime.of(2026, 12, 3, 6, 17, 0, 0, OSLO),
                ZonedDateTime.of(2027, 1, 3, 6, 17, 0, 0, OSLO),
                ZonedDateTime.of(2027, 2, 3, 6, 17, 0, 0, OSLO),
                ZonedDateTime.of(2027, 3, 3, 6, 17, 0, 0, OSLO)));
        api = new Api(server, server, server, server, () -> {
            pauses.add("pause");
            onPause.run();
        });
    }

    private Response call(String method, String path, Map<String, String> query, Map<String, String> headers, String body) {
        return api.handle(new Request(method, path, query, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    private Response get(String path) {
        return call("GET", path, Map.of(), Map.of(), null);
    }

    private Response post(String path, String body) {
        return call("POST", path, Map.of(), Map.of(), body);
    }

    private static JsonNode json(Response response) throws IOException {
        assertThat(response.contentType()).isEqualTo("application/json");
        return JSON.readTree(response.bytes());
    }

    private static String text(Response response) throws IOException {
        if (response.bytes() != null) {
            return new String(response.bytes(), StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        response.stream().writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listsEveryJobWithClientScheduleNextAndLastRun() throws IOException {
        server.put("acme", YearMonth.of(2026, 9), RunState.SUCCESS, Trigger.SCHEDULE);
        server.put("acme", YearMonth.of(2026, 10), RunState.UNSTABLE, Trigger.SCHEDULE);

        Response response = get("/api/jobs");

        assertThat(response.status()).isEqualTo(200);
        JsonNode jobs = json(response);
        assertThat(jobs).hasSize(3);
        JsonNode acme = jobs.get(0);
        assertThat(acme.get("name").asText()).isEqualTo("acme");
        assertThat(acme.get("client").asText()).isEqualTo("Acme AS");
        assertThat(acme.get("schedule").asText()).isEqualTo("H 6 3 * *");
        assertThat(acme.get("nextRun").asText()).isEqualTo("2026-12-03T06:17:00+01:00");
        assertThat(acme.get("lastRun").get("id").asLong()).isEqualTo(2);
        assertThat(acme.get("lastRun").get("number").asInt()).isEqualTo(2);
        assertThat(acme.get("lastRun").get("period").asText()).isEqualTo("2026-10");
        assertThat(acme.get("lastRun").get("status").asText()).isEqualTo("UNSTABLE");
        assertThat(acme.get("valid").asBoolean()).isTrue();
        assertThat(acme.get("problem").isNull()).isTrue();

        JsonNode plain = jobs.get(1);
        assertThat(plain.get("client").asText()).isEqualTo("plain");
        assertThat(plain.get("nextRun").isNull()).isTrue();
        assertThat(plain.get("lastRun").isNull()).isTrue();

        JsonNode broken = jobs.get(2);
        assertThat(broken.get("client").asText()).isEqualTo("broken");
        assertThat(broken.get("schedule").isNull()).isTrue();
        assertThat(broken.get("valid").asBoolean()).isFalse();
        assertThat(broken.get("problem").asText()).isEqualTo("jobs/broken.json line 3, column 7: unexpected '}'");
    }

    @Test
    void aJobHasItsNextThreeRuns() throws IOException {
        JsonNode acme = json(get("/api/jobs/acme"));

        assertThat(acme.get("nextRuns")).extracting(JsonNode::asText).containsExactly(
                "2026-12-03T06:17:00+01:00", "2027-01-03T06:17:00+01:00", "2027-02-03T06:17:00+01:00");
        assertThat(acme.get("timeZone").asText()).isEqualTo("Europe/Oslo");
        assertThat(acme.get("recipients")).extracting(JsonNode::asText).containsExactly("cfo@example.com");
        assertThat(acme.get("retention").get("runs").asInt()).isEqualTo(50); // the default
        assertThat(acme.get("retention").get("days").asInt()).isEqualTo(400);
        assertThat(get("/api/jobs/nope").status()).isEqualTo(404);
        assertThat(json(get("/api/jobs/nope")).get("error").asText()).isEqualTo("not found");
        assertThat(json(get("/api/jobs/nope")).get("detail").asText()).isEqualTo("no job nope");
    }

    @Test
    void postingARunQueuesItForTheApi() throws IOException {
        Response response = post("/api/jobs/acme/runs", "{\"period\":\"2026-10\"}");

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.headers()).containsEntry("Location", "/api/runs/1");
        JsonNode run = json(response);
        assertThat(run.get("id").asLong()).isEqualTo(1);
        assertThat(run.get("job").asText()).isEqualTo("acme");
        assertThat(run.get("number").asInt()).isEqualTo(1);
        assertThat(run.get("period").asText()).isEqualTo("2026-10");
        assertThat(run.get("status").asText()).isEqualTo("QUEUED");
        assertThat(server.runs.get(1L).trigger()).isEqualTo(Trigger.API);
    }

    @Test
    void theCliMarksItsRunsByHeaderOrBodyField() {
        call("POST", "/api/jobs/acme/runs", Map.of(), Map.of("x-klarsyn-trigger", "cli"), "{\"period\":\"2026-10\"}");
        post("/api/jobs/acme/runs", "{\"period\":\"2026-10\",\"trigger\":\"cli\"}");

        assertThat(server.runs.get(1L).trigger()).isEqualTo(Trigger.CLI);
        assertThat(server.runs.get(2L).trigger()).isEqualTo(Trigger.CLI);
        assertThat(server.runs.get(2L).rerun()).isTrue();
        assertThat(post("/api/jobs/acme/runs", "{\"period\":\"2026-10\",\"trigger\":\"cron\"}").status()).isEqualTo(400);
    }

    @Test
    void badRunRequestsAreRefusedWithTheReason() throws IOException {
        Response badJson = post("/api/jobs/acme/runs", "{\"period\":");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(json(badJson).get("error").asText()).isEqualTo("bad JSON");
        assertThat(json(badJson).get("detail").asText()).isNotBlank();

        assertThat(post("/api/jobs/acme/runs", "[]").status()).isEqualTo(400);
        assertThat(post("/api/jobs/acme/runs", "").status()).isEqualTo(400);
        assertThat(post("/api/jobs/acme/runs", "{}").status()).isEqualTo(400);
        assertThat(post("/api/jobs/acme/runs", "{\"period\":202610}").status()).isEqualTo(400);
        assertThat(post("/api/jobs/acme/runs", "{\"period\":\"2026-1\"}").status()).isEqualTo(400);
        Response month13 = post("/api/jobs/acme/runs", "{\"period\":\"2026-13\"}");
        assertThat(month13.status()).isEqualTo(400);
        assertThat(json(month13).get("error").asText()).isEqualTo("bad period");
        assertThat(json(month13).get("detail").asText()).contains("2026-13");

        assertThat(post("/api/jobs/nope/runs", "{\"period\":\"2026-10\"}").status()).isEqualTo(404);
        Response invalid = post("/api/jobs/broken/runs", "{\"period\":\"2026-10\"}");
        assertThat(invalid.status()).isEqualTo(409);
        assertThat(json(invalid).get("detail").asText()).isEqualTo("jobs/broken.json line 3, column 7: unexpected '}'");
        assertThat(server.runs).isEmpty();
    }

    @Test
    void historyIsNewestFirstAndPaged() throws IOException {
        for (int month = 1; month <= 5; month++) {
            server.put("acme", YearMonth.of(2026, month), RunState.SUCCESS, Trigger.SCHEDULE);
        }
        server.put("plain", YearMonth.of(2026, 5), RunState.SUCCESS, Trigger.SCHEDULE);

        assertThat(json(get("/api/jobs/acme/runs"))).extracting(r -> r.get("number").asInt()).containsExactly(5, 4, 3, 2, 1);
        Response page = call("GET", "/api/jobs/acme/runs", Map.of("offset", "1", "limit", "2"), Map.of(), null);
        assertThat(json(page)).extracting(r -> r.get("period").asText()).containsExactly("2026-04", "2026-03");
        assertThat(call("GET", "/api/jobs/acme/runs", Map.of("limit", "0"), Map.of(), null).status()).isEqualTo(400);
        assertThat(call("GET", "/api/jobs/acme/runs", Map.of("offset", "x"), Map.of(), null).status()).isEqualTo(400);
        assertThat(get("/api/jobs/nope/runs").status()).isEqualTo(404);
    }

    @Test
    void aJobRemovedFromJobsKeepsItsHistory() throws IOException {
        server.put("gone", YearMonth.of(2026, 5), RunState.SUCCESS, Trigger.SCHEDULE);

        assertThat(json(get("/api/jobs/gone/runs"))).hasSize(1);
        assertThat(get("/api/jobs/gone").status()).isEqualTo(404);
    }

    @Test
    void trendHasOnePointPerPeriod() throws IOException {
        server.trends.put("acme", List.of(
                new TrendPoint(YearMonth.of(2026, 9), 1, RunState.SUCCESS,
                        new java.util.LinkedHashMap<>(Map.of("customers.active", 2357.0)) {{ put("cx.nps", 31.0); }}),
                new TrendPoint(YearMonth.of(2026, 10), 2, RunState.UNSTABLE, Map.of("cx.nps", 28.5))));

        JsonNode trend = json(get("/api/jobs/acme/trend"));

        assertThat(trend).hasSize(2);
        assertThat(trend.get(0).get("period").asText()).isEqualTo("2026-09");
        assertThat(trend.get(0).get("runId").asLong()).isEqualTo(1);
        assertThat(trend.get(0).get("values").fieldNames()).toIterable().containsExactly("customers.active", "cx.nps");
        assertThat(trend.get(1).get("values").get("cx.nps").asDouble()).isEqualTo(28.5);
        assertThat(trend.get(1).get("status").asText()).isEqualTo("UNSTABLE");
    }

    @Test
    void aRunHasItsWholeRecordAndArtifactUrls() throws IOException {
        RunRecord queued = server.put("acme", YearMonth.of(2026, 10), RunState.SUCCESS, Trigger.CLI);
        server.replace(new RunRecord(queued.id(), "acme", 1, YearMonth.of(2026, 10), Trigger.CLI, false, RunState.UNSTABLE,
                java.time.Instant.parse("2026-11-03T05:00:00Z"), java.time.Instant.parse("2026-11-03T05:00:01.250Z"), 830L,
                new java.util.LinkedHashMap<>(Map.of("customers.active", 2357.0)) {{ put("clv.predicted", Double.NaN); put("cx.nps", 31.0); }}, 0.012,
                List.of("Rejected share 1.2 % is above 1 %."), List.of("report.pdf", "metrics.json", "run.log")));

        JsonNode run = json(get("/api/runs/1"));

        assertThat(run.fieldNames()).toIterable().containsExactly("id", "job", "number", "period", "status", "trigger",
                "rerun", "queuedAt", "startedAt", "durationMs", "kpis", "rejectedShare", "messages", "artifacts");
        assertThat(run.get("status").asText()).isEqualTo("UNSTABLE");
        assertThat(run.get("trigger").asText()).isEqualTo("CLI");
        assertThat(run.get("queuedAt").asText()).isEqualTo("2026-11-03T05:00:00Z");
        assertThat(run.get("startedAt").asText()).isEqualTo("2026-11-03T05:00:01.250Z");
        assertThat(run.get("durationMs").asLong()).isEqualTo(830);
        // in the record's order (the headline ranks); the CLV is NaN, so null
        assertThat(run.get("kpis").fieldNames()).toIterable().containsExactly("customers.active", "clv.predicted", "cx.nps");
        assertThat(run.get("kpis").get("clv.predicted").isNull()).isTrue();
        assertThat(run.get("rejectedShare").asDouble()).isEqualTo(0.012);
        assertThat(run.get("messages").get(0).asText()).isEqualTo("Rejected share 1.2 % is above 1 %.");
        assertThat(run.get("artifacts").get(0).get("name").asText()).isEqualTo("report.pdf");
        assertThat(run.get("artifacts").get(0).get("url").asText()).isEqualTo("/api/runs/1/artifacts/report.pdf");

        assertThat(get("/api/runs/99").status()).isEqualTo(404);
        assertThat(get("/api/runs/abc").status()).isEqualTo(404);
        assertThat(json(get("/api/runs/99")).get("detail").asText()).isEqualTo("no run 99");
    }

    @Test
    void abortStopsOnlyQueuedOrRunningRuns() throws IOException {
        server.put("acme", YearMonth.of(2026, 10), RunState.RUNNING, Trigger.API);
        server.put("acme", YearMonth.of(2026, 9), RunState.SUCCESS, Trigger.API);

        Response aborted = post("/api/runs/1/abort", "");
        assertThat(aborted.status()).isEqualTo(202);
        assertThat(json(aborted).get("status").asText()).isEqualTo("ABORTED");
        assertThat(post("/api/runs/2/abort", "").status()).isEqualTo(409);
        assertThat(post("/api/runs/7/abort", "").status()).isEqualTo(404);
        assertThat(get("/api/runs/1/abort").status()).isEqualTo(405);
    }

    @Test
    void theLogIsTextFromTheStart() throws IOException {
        server.put("acme", YearMonth.of(2026, 10), RunState.SUCCESS, Trigger.API);
        server.logs.put(1L, new StringBuilder("ingest: 2 357 customers\ndone\n"));

        Response log = get("/api/runs/1/log");

        assertThat(log.status()).isEqualTo(200);
        assertThat(log.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(text(log)).isEqualTo("ingest: 2 357 customers\ndone\n");
        assertThat(get("/api/runs/5/log").status()).isEqualTo(404);
    }

    @Test
    void aFollowedLogStreamsUntilTheRunFinishesAndAllTextIsSent() throws IOException {
        server.put("acme", YearMonth.of(2026, 10), RunState.RUNNING, Trigger.API);
        StringBuilder log = new StringBuilder("line 1\n");
        server.logs.put(1L, log);
        // Each wait makes the run go on: the first adds a line, the second adds the last line and
        // finishes it in one step, so the follower must read once more after seeing it finished.
        onPause = () -> {
            if (pauses.size() == 1) {
                log.append("line 2\n");
            } else {
                log.append("done: SUCCESS\n");
                server.withStatus(1L, RunState.SUCCESS);
            }
        };

        Response follow = call("GET", "/api/runs/1/log", Map.of("follow", "true"), Map.of(), null);

        assertThat(follow.stream()).isNotNull();
        assertThat(text(follow)).isEqualTo("line 1\nline 2\ndone: SUCCESS\n");
        assertThat(pauses).hasSize(2);
    }

    @Test
    void aClientThatLostItsStreamResumesFromItsOffset() throws IOException {
        server.put("acme", YearMonth.of(2026, 10), RunState.SUCCESS, Trigger.API);
        server.logs.put(1L, new StringBuilder("line 1\nline 2\n"));

        // "line 1\n" is 7 characters.
        Map<String, String> from7 = Map.of("follow", "true", "offset", "7");
        assertThat(text(call("GET", "/api/runs/1/log", from7, Map.of(), null))).isEqualTo("line 2\n");
        assertThat(text(call("GET", "/api/runs/1/log", Map.of("offset", "7"), Map.of(), null))).isEqualTo("line 2\n");
        assertThat(call("GET", "/api/runs/1/log", Map.of("offset", "-1"), Map.of(), null).status()).isEqualTo(400);
    }

    @Test
    void aFollowedLogOfAFinishedRunEndsAtOnce() throws IOException {
        server.put("acme", YearMonth.of(2026, 10), RunState.FAILURE, Trigger.API);
        server.logs.put(1L, new StringBuilder("no data folder /x\n"));

        assertThat(text(call("GET", "/api/runs/1/log", Map.of("follow", "true"), Map.of(), null))).isEqualTo("no data folder /x\n");
        assertThat(pauses).isEmpty();
    }

    @Test
    void artifactsAreServedByTheirThreeNamesOnly(@TempDir Path dir) throws IOException {
        server.put("acme", YearMonth.of(2026, 10), RunState.SUCCESS, Trigger.API);
        Path pdf = Files.write(dir.resolve("report.pdf"), "%PDF-1.7".getBytes(StandardCharsets.US_ASCII));
        Path metrics = Files.writeString(dir.resolve("metrics.json"), "{}");
        server.artifacts.put(1L, Map.of("report.pdf", pdf, "metrics.json", metrics));

        Response report = get("/api/runs/1/artifacts/report.pdf");
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.contentType()).isEqualTo("application/pdf");
        assertThat(report.file()).isEqualTo(pdf);
        assertThat(get("/api/runs/1/artifacts/metrics.json").contentType()).isEqualTo("application/json");
        assertThat(get("/api/runs/1/artifacts/run.log").status()).isEqualTo(404);
        assertThat(get("/api/runs/1/artifacts/other.txt").status()).isEqualTo(404);
        assertThat(get("/api/runs/1/artifacts/..%2Freport.pdf").status()).isEqualTo(404);
        assertThat(get("/api/runs/2/artifacts/report.pdf").status()).isEqualTo(404);
    }

    @Test
    void unknownRoutesAndMethodsAreRefused() throws IOException {
        assertThat(get("/api").status()).isEqualTo(404);
        assertThat(get("/api/nothing").status()).isEqualTo(404);
        assertThat(json(get("/api/jobs/acme/what")).get("error").asText()).isEqualTo("not found");
        assertThat(get("/elsewhere").status()).isEqualTo(404);
        Response delete = call("DELETE", "/api/jobs", Map.of(), Map.of(), null);
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.headers()).containsEntry("Allow", "GET");
    }
}
