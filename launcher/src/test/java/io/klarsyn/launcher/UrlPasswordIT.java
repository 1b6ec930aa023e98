package io.klarsyn.launcher;

import static io.klarsyn.launcher.Dist.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A password written into the URL of a job's per-job JDBC configuration ({@code connectorConfig.url}
 * {@code jdbc:postgresql://report:<password>@127.0.0.1:1/sales}), through a real {@code klarsyn serve}: the
 * server's log line of the configuration, the run's record in the API, its run.log and metrics.json, the job
 * page, the job editor and the jobs API show it as {@code ***}, and the server's output never holds it. The
 * editor saved back as it showed the URL keeps the stored one. Under the home only the job file holds the
 * password.
 */
class UrlPasswordIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "S3cret-url-5d0e";
    private static final String URL = "jdbc:postgresql://report:" + SECRET + "@127.0.0.1:1/sales";
    private static final String MASKED = "jdbc:postgresql://report:***@127.0.0.1:1/sales";

    @TempDir
    Path tmp;

    private Dist.Server server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    @AfterEach
    void stop() {
        if (server != null) {
            server.process().destroyForcibly();
        }
    }

    @Test
    void aPasswordInAConnectorConfigUrlShowsAsStarsEverywhere() throws Exception {
        Path dist = Dist.copy(tmp);
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("jobs"));
        Path job = home.resolve("jobs/salg.json");
        Files.writeString(job, """
                {
                  "connector": "jdbc", "locale": "en-GB", "currency": "NOK", "timeZone": "Europe/Oslo",
                  "schedule": "@yearly",
                  "branding": { "clientName": "Salg AS" },
                  "connectorConfig": { "url": "%s", "user": "report" },
                  "settings": { "jdbc.customers.table": "kunder" }
                }
                """.formatted(URL), StandardCharsets.UTF_8);

        // the server's INFO lines printed too (warnings only by default), so that the test reads its log
        server = Dist.serve(dist, tmp, Map.of("KLARSYN_OPTS", "-Dorg.ops4j.pax.logging.DefaultServiceLog.level=INFO"),
                new StringBuffer(), List.of("--home", home.toString()));
        String url = server.url();
        token = Auth.adminToken(home, url);

        // the server's log says how the connector is configured, with the URL's password masked
        await("the configuration's log line", 30_000, () -> server.output().toString(),
                out -> out.contains("job salg: connector jdbc configured: url=" + MASKED + ", user=report"));

        await("job salg to be valid", 30_000, () -> job(get(url + "api/jobs"), "salg"), j -> j != null && j.path("valid").asBoolean());
        HttpResponse<String> created = post(url + "api/jobs/salg/runs", "{\"period\":\"2024-04\"}");
        assertThat(created.statusCode()).as(created.body()).isIn(201, 202);
        long id = JSON.readTree(created.body()).path("id").asLong();
        JsonNode run = await("run " + id, 120_000, () -> get(url + "api/runs/" + id),
                r -> !List.of("QUEUED", "RUNNING").contains(r.path("status").asText()));
        // the connector refuses the URL before the driver sees it, and says so with the password masked
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("FAILURE");
        assertThat(run.toString()).contains("the database URL " + MASKED + " holds a password");
        String runLog = text(url + "api/runs/" + id + "/artifacts/run.log");
        assertThat(runLog).contains("the database URL " + MASKED + " holds a password");
        String metrics = text(url + "api/runs/" + id + "/artifacts/metrics.json");
        assertThat(metrics).contains(MASKED);

        // the pages: the job page and the editor's form, the URL masked; saved back as shown, the URL stays
        String session = Auth.session(url);
        String jobPage = Auth.page(url, "GET", "/jobs/salg", session, null).body();
        HttpResponse<String> edit = Auth.page(url, "GET", "/jobs/salg/edit", session, null);
        assertThat(edit.statusCode()).isEqualTo(200);
        assertThat(edit.body()).contains("name=\"config.url\"").contains("value=\"" + MASKED + "\"");
        Map<String, String> form = new LinkedHashMap<>(Map.of("csrf", Auth.csrf(edit.body()), "client", "Salg AS",
                "connector", "jdbc", "schedule", "@yearly", "timeZone", "Europe/Oslo", "locale", "en-GB", "currency", "NOK"));
        form.putAll(Map.of("config.url", MASKED, "config.user", "report", "config.password", ""));
        HttpResponse<String> saved = Auth.page(url, "POST", "/jobs/salg/edit", session, form);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(JSON.readTree(job.toFile()).path("connectorConfig").path("url").asText()).isEqualTo(URL);

        String answers = get(url + "api/jobs") + "\n" + get(url + "api/jobs/salg") + "\n" + get(url + "api/runs/" + id) + "\n"
                + runLog + metrics + jobPage + edit.body() + Auth.page(url, "GET", "/runs/" + id, session, null).body();
        assertThat(answers).doesNotContain(SECRET);
        assertThat(server.output().toString()).doesNotContain(SECRET);

        // under the home only the job file and the configuration the connector is made from hold it
        List<String> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(SECRET)) {
                    holding.add(home.relativize(f).toString());
                }
            }
        }
        // (the configuration the connector is made from lives in the framework's storage, a temporary folder
        // outside the home deleted at stop)
        assertThat(holding).as("files holding the password").containsExactly("jobs/salg.json");
    }

    private String text(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + url + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private JsonNode get(String url) throws Exception {
        return JSON.readTree(text(url));
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode job(JsonNode jobs, String name) {
        for (JsonNode j : jobs) {
            if (j.path("name").asText().equals(name)) {
                return j;
            }
        }
        return null;
    }
}
