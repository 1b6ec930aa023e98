package io.klarsyn.cli.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The client verbs against a real HTTP server on the loopback that answers with canned JSON. */
class ClientVerbsTest {

    private static final String JOBS = """
            [{"name":"acme","client":"Acme AS","schedule":"H 6 3 * *","nextRun":"2026-12-03T06:17:00+01:00",
              "lastRun":{"id":2,"number":2,"period":"2026-10","status":"UNSTABLE"},"valid":true,"problem":null},
             {"name":"broken","client":"broken","schedule":null,"nextRun":null,"lastRun":null,"valid":false,
              "problem":"jobs/broken.json line 3, column 7: unexpected '}'"}]""";
    private static final String RUNS = """
            [{"id":18,"job":"acme","number":2,"period":"2026-10","status":"UNSTABLE","trigger":"CLI","rerun":true,
              "queuedAt":"2026-11-03T05:00:00Z","startedAt":"2026-11-03T05:00:01.250Z","durationMs":830},
             {"id":9,"job":"acme","number":1,"period":"2026-10","status":"RUNNING","trigger":"CATCH_UP","rerun":false,
              "queuedAt":"2026-11-02T23:59:00Z","startedAt":null,"durationMs":null}]""";
    private static final String QUEUED = """
            {"id":17,"job":"acme","number":3,"period":"2026-10","status":"QUEUED","trigger":"CLI","rerun":true}""";

    private HttpServer server;
    private String url;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String posted;
    private volatile String triggerHeader;
    private volatile String finalStatus = "SUCCESS";
    private volatile boolean cutFirstFollow;
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/", this::answer);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(method + " " + path + (query == null ? "" : "?" + query));
        switch (method + " " + path) {
            case "GET /api/jobs" -> send(exchange, 200, JOBS);
            case "GET /api/jobs/acme/runs" -> send(exchange, 200, RUNS);
            case "POST /api/jobs/acme/runs" -> {
                posted = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                triggerHeader = exchange.getRequestHeaders().getFirst("X-Klarsyn-Trigger");
                send(exchange, 202, QUEUED);
            }
            case "GET /api/runs/17/log" -> {
                if (cutFirstFollow && "follow=true&offset=0".equals(query)) {
                    // Promises 100 bytes, sends the first line and hangs up: the client sees a cut stream.
                    exchange.sendResponseHeaders(200, 100);
                    OutputStream body = exchange.getResponseBody();
                    body.write("ingest: 2 357 customers\n".getBytes(StandardCharsets.UTF_8));
                    body.flush();
                    exchange.close();
                    return;
                }
                if (cutFirstFollow) {
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream body = exchange.getResponseBody()) {
                        body.write("render: 14 pages\n".getBytes(StandardCharsets.UTF_8));
                    }
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write("ingest: 2 357 customers\n".getBytes(StandardCharsets.UTF_8));
                    body.flush();
                    body.write("render: 14 pages\n".getBytes(StandardCharsets.UTF_8));
                }
            }
            case "GET /api/runs/17" -> send(exchange, 200, """
                    {"id":17,"job":"acme","number":3,"period":"2026-10","status":"%s","trigger":"CLI","rerun":true,
                     "durationMs":1250,"messages":%s,
                     "artifacts":[{"name":"report.pdf","url":"/api/runs/17/artifacts/report.pdf"},
                                  {"name":"run.log","url":"/api/runs/17/artifacts/run.log"}]}"""
                    .formatted(finalStatus, finalStatus.equals("SUCCESS") ? "[]" : "[\"No data folder /data/acme.\"]"));
            default -> send(exchange, 404, "{\"error\":\"not found\",\"detail\":\"no job nope\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(bytes);
        }
    }

    private int klarsyn(String verb, String... args) {
        return ClientVerbs.run(verb, args, out, err, Map.of(), ZoneId.of("UTC"));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void jobsPrintsATable() {
        assertThat(klarsyn("jobs", "--server", url)).isEqualTo(0);

        // Column widths: NAME 6 ("broken"), CLIENT 7 ("Acme AS"), SCHEDULE 9 ("H 6 3 * *"),
        // NEXT RUN 23 ("2026-12-03 06:17 +01:00"), each followed by two spaces.
        assertThat(out()).isEqualTo("""
                NAME    CLIENT   SCHEDULE   NEXT RUN                 LAST RUN
                acme    Acme AS  H 6 3 * *  2026-12-03 06:17 +01:00  #2 2026-10 UNSTABLE
                broken  broken   -          INVALID                  -

                Invalid jobs:
                  broken: jobs/broken.json line 3, column 7: unexpected '}'
                """);
        assertThat(requests).containsExactly("GET /api/jobs");
    }

    @Test
    void jsonPrintsTheServersAnswer() {
        assertThat(klarsyn("jobs", "--json", "--server=" + url + "/")).isEqualTo(0);

        assertThat(out()).isEqualTo(JOBS + "\n");
    }

    @Test
    void theServerComesFromTheEnvironmentWhenNotGiven() {
        int code = ClientVerbs.run("jobs", new String[] {"--json"}, out, err, Map.of("KLARSYN_SERVER", url), ZoneId.of("UTC"));

        assertThat(code).isEqualTo(0);
        assertThat(requests).containsExactly("GET /api/jobs");
    }

    @Test
    void runsPrintsTheHistory() {
        assertThat(klarsyn("runs", "acme", "--server", url, "--limit", "2")).isEqualTo(0);

        // 05:00:01.250Z shown in UTC to the minute; 830 ms = 0.8 s.
        assertThat(out()).isEqualTo("""
                #          PERIOD   STATUS    TRIGGER   STARTED           DURATION  ID
                2 (rerun)  2026-10  UNSTABLE  cli       2026-11-03 05:00  0.8 s     18
                1          2026-10  RUNNING   catch-up  -                 -         9
                """);
        assertThat(requests).containsExactly("GET /api/jobs/acme/runs?limit=2");
    }

    @Test
    void runQueuesForTheCli() {
        assertThat(klarsyn("run", "acme", "--period", "2026-10", "--server", url)).isEqualTo(0);

        assertThat(posted).isEqualTo("{\"period\":\"2026-10\",\"trigger\":\"cli\"}");
        assertThat(triggerHeader).isEqualTo("cli");
        assertThat(out()).isEqualTo("Queued acme #3 for 2026-10 (run 17): " + url + "/api/runs/17\n");
    }

    @Test
    void runWaitFollowsTheLogAndEndsWithStatusAndArtifacts() {
        assertThat(klarsyn("run", "acme", "--period", "2026-10", "--wait", "--server", url)).isEqualTo(0);

        assertThat(out()).isEqualTo("""
                Queued acme #3 for 2026-10 (run 17); its log follows.
                ingest: 2 357 customers
                render: 14 pages

                acme #3 2026-10: SUCCESS in 1.3 s
                  report.pdf: %1$s/api/runs/17/artifacts/report.pdf
                  run.log: %1$s/api/runs/17/artifacts/run.log
                """.formatted(url));
        assertThat(requests).containsExactly("POST /api/jobs/acme/runs", "GET /api/runs/17/log?follow=true&offset=0", "GET /api/runs/17");
    }

    @Test
    void aCutLogStreamIsResumedWhereItBrokeOff() {
        cutFirstFollow = true;

        assertThat(klarsyn("run", "acme", "--period", "2026-10", "--wait", "--server", url)).isEqualTo(0);

        assertThat(out()).startsWith("""
                Queued acme #3 for 2026-10 (run 17); its log follows.
                ingest: 2 357 customers
                render: 14 pages
                """);
        // "ingest: 2 357 customers\n" is 24 characters.
        assertThat(requests).containsExactly("POST /api/jobs/acme/runs", "GET /api/runs/17/log?follow=true&offset=0",
                "GET /api/runs/17/log?follow=true&offset=24", "GET /api/runs/17");
    }

    @Test
    void aFailedRunExitsWithOne() {
        finalStatus = "FAILURE";

        assertThat(klarsyn("run", "acme", "--period", "2026-10", "--wait", "--server", url)).isEqualTo(1);
        assertThat(out()).contains("acme #3 2026-10: FAILURE", "  No data folder /data/acme.");
    }

    @Test
    void runWaitWithJsonKeepsTheLogOffStandardOutput() {
        finalStatus = "ABORTED";

        assertThat(klarsyn("run", "acme", "--period", "2026-10", "--wait", "--json", "--server", url)).isEqualTo(1);
        assertThat(err()).isEqualTo("ingest: 2 357 customers\nrender: 14 pages\n");
        assertThat(out()).startsWith("{\"id\":17,").contains("\"status\":\"ABORTED\"");
    }

    @Test
    void theServersRefusalIsShownWithExitTwo() {
        assertThat(klarsyn("run", "nope", "--period", "2026-10", "--server", url)).isEqualTo(2);

        assertThat(err()).isEqualTo("klarsyn run: not found: no job nope\n");
    }

    @Test
    void badUsageNeverReachesTheServer() {
        assertThat(klarsyn("run", "acme", "--server", url)).isEqualTo(2);
        assertThat(err()).startsWith("klarsyn run: --period YYYY-MM is required");
        assertThat(klarsyn("run", "acme", "--period", "2026-13", "--server", url)).isEqualTo(2);
        assertThat(klarsyn("run", "--period", "2026-10", "--server", url)).isEqualTo(2);
        assertThat(klarsyn("runs", "acme", "extra", "--server", url)).isEqualTo(2);
        assertThat(klarsyn("jobs", "--period", "2026-10", "--server", url)).isEqualTo(2);
        assertThat(klarsyn("jobs", "--colour", "--server", url)).isEqualTo(2);
        assertThat(klarsyn("jobs", "--server", "ftp://x")).isEqualTo(2);
        assertThat(requests).isEmpty();
    }

    @Test
    void noServerExitsWithThree() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String nobody = "http://127.0.0.1:" + port;

        assertThat(klarsyn("jobs", "--server", nobody)).isEqualTo(3);
        assertThat(err()).isEqualTo("no Klarsyn server at " + nobody + ": is `klarsyn serve` running?\n");
    }
}
