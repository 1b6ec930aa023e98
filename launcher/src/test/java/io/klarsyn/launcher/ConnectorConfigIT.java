package io.klarsyn.launcher;

import static io.klarsyn.launcher.Dist.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A client-specific connector configured per job, through a real {@code klarsyn serve}: the connector example
 * (a CRM's JSON export behind an export API with a key) in {@code deploy/}, two jobs naming it with their own
 * {@code connectorConfig}. Each job's run reads its own client's export with its own key; the keys, written
 * in the clear into the job files, are sealed there within seconds, and no file under the home, no API answer
 * and nothing the server printed holds them in the clear.
 */
class ConnectorConfigIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern READY = Pattern.compile("Klarsyn ready at (http://127\\.0\\.0\\.1:\\d+/)");
    private static final String KEY_NORD = "nord-Key-7f3a9c1e";
    private static final String KEY_SOR = "sor-Key-22b8d4e0";
    private static final String KEY_WEST = "west-Key-90aa13f5";

    @TempDir
    Path tmp;

    private Process server;
    private HttpServer crm;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
        if (crm != null) {
            crm.stop(0);
        }
    }

    @Test
    void eachJobReadsWithItsOwnConfigurationAndTheKeysStaySealed() throws Exception {
        // the CRM's export API: one export per client, each behind its own key
        byte[] export = Files.readAllBytes(Path.of(System.getProperty("klarsyn.root"),
                "examples/connector-example/src/test/resources/crm/crm-export.json"));
        List<String> seen = new CopyOnWriteArrayList<>();
        crm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (String[] client : new String[][] {{"nord", KEY_NORD}, {"sor", KEY_SOR}, {"west", KEY_WEST}}) {
            crm.createContext("/" + client[0] + "/export", x -> {
                String auth = x.getRequestHeaders().getFirst("Authorization");
                seen.add(client[0] + " " + ("Bearer " + client[1]).equals(auth));
                boolean ok = ("Bearer " + client[1]).equals(auth);
                x.sendResponseHeaders(ok ? 200 : 401, ok ? export.length : -1);
                if (ok) {
                    x.getResponseBody().write(export);
                }
                x.close();
            });
        }
        crm.start();
        String crmUrl = "http://127.0.0.1:" + crm.getAddress().getPort();

        Path dist = Dist.copy(tmp);
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("deploy"));
        Files.createDirectories(home.resolve("jobs"));
        Files.copy(Path.of(System.getProperty("klarsyn.connector.example.jar")), home.resolve("deploy/crm-example.jar"));
        writeJob(home, "nord", crmUrl + "/nord/export", KEY_NORD);
        writeJob(home, "sor", crmUrl + "/sor/export", KEY_SOR);
        // a job naming the connector without its configuration is refused with the reason, not run with another's
        Files.writeString(home.resolve("jobs/vest.json"), """
                {"connector": "example.crm", "locale": "en-GB", "currency": "NOK", "timeZone": "Europe/Oslo",
                 "schedule": "@yearly", "branding": {"clientName": "Vest AS"}}
                """);

        StringBuffer output = new StringBuffer();
        String url = serve(dist, home, output);

        // within seconds the keys are sealed in the job files
        for (String job : List.of("nord", "sor")) {
            String text = await("jobs/" + job + ".json to be sealed", 20_000,
                    () -> Files.readString(home.resolve("jobs/" + job + ".json")), t -> t.contains("{aes-gcm}"));
            assertThat(text).doesNotContain(KEY_NORD).doesNotContain(KEY_SOR);
            assertThat(JSON.readTree(text).path("connectorConfig").path("url").asText()).isEqualTo(crmUrl + "/" + job + "/export");
        }

        for (String job : List.of("nord", "sor")) {
            await("job " + job + " to be valid", 20_000, () -> job(get(url + "api/jobs"), job),
                    j -> j != null && j.path("valid").asBoolean());
            HttpResponse<String> created = post(url + "api/jobs/" + job + "/runs", "{\"period\":\"2024-04\"}");
            assertThat(created.statusCode()).as(created.body()).isIn(201, 202);
            long id = JSON.readTree(created.body()).path("id").asLong();
            JsonNode done = await("run " + id, 120_000, () -> get(url + "api/runs/" + id),
                    r -> !List.of("QUEUED", "RUNNING").contains(r.path("status").asText()));
            assertThat(done.path("status").asText()).as(done.toString()).isIn("SUCCESS", "UNSTABLE");
            JsonNode files = get(url + "api/runs/" + id + "/artifacts/metrics.json").path("dataQuality").path("files");
            // the example's export: 5 customers (2 rejected), 6 orders (3 rejected), read from this job's URL
            assertThat(files.path("customers.csv").path("read").asInt()).isEqualTo(5);
            assertThat(files.path("customers.csv").path("rejected").asInt()).isEqualTo(2);
            assertThat(files.path("transactions.csv").path("accepted").asInt()).isEqualTo(3);
            assertThat(files.path("transactions.csv").path("findings").get(0).path("detail").asText())
                    .contains("at /customers/1/orders/0/total");
        }
        // each job's instance sent its own key to its own client's export, twice (customers, then orders)
        assertThat(seen).containsExactlyInAnyOrder("nord true", "nord true", "sor true", "sor true");
        seen.clear();

        JsonNode vest = await("job vest to be listed", 20_000, () -> job(get(url + "api/jobs"), "vest"), j -> j != null);
        assertThat(vest.path("valid").asBoolean()).isFalse();
        assertThat(vest.path("problem").asText()).contains("configured per job").contains("vest");

        // the job editor: the connector's declared fields, the key never sent back to the browser
        String session = Auth.session(url);
        HttpResponse<String> edit = Auth.page(url, "GET", "/jobs/nord/edit", session, null);
        assertThat(edit.statusCode()).isEqualTo(200);
        assertThat(edit.body()).contains("Connection: example.crm").contains("name=\"config.url\"")
                .contains("value=\"" + crmUrl + "/nord/export\"").contains("name=\"config.apiKey\" type=\"password\" value=\"\"")
                .contains("Time-out (seconds)").doesNotContain(KEY_NORD).doesNotContain("{aes-gcm}");
        // a bad value is said at its field and nothing is written
        String before = Files.readString(home.resolve("jobs/nord.json"));
        HttpResponse<String> bad = Auth.page(url, "POST", "/jobs/nord/edit", session, form(Auth.csrf(edit.body()), "nord", Map.of(
                "config.url", crmUrl + "/nord/export", "config.timeoutSeconds", "soon")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("connectorConfig.timeoutSeconds: &#39;soon&#39; is not a whole number");
        assertThat(Files.readString(home.resolve("jobs/nord.json"))).isEqualTo(before);
        // saved with the key field left empty: the sealed key is kept, the new time-out written
        HttpResponse<String> saved = Auth.page(url, "POST", "/jobs/nord/edit", session, form(Auth.csrf(edit.body()), "nord", Map.of(
                "config.url", crmUrl + "/nord/export", "config.timeoutSeconds", "25")));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        JsonNode nord = JSON.readTree(Files.readString(home.resolve("jobs/nord.json"))).path("connectorConfig");
        assertThat(nord.path("timeoutSeconds").asText()).isEqualTo("25");
        assertThat(nord.path("apiKey").asText()).isEqualTo(JSON.readTree(before).path("connectorConfig").path("apiKey").asText());
        // a new job made in the editor: its key is sealed before the file is written, and its run reads with it
        HttpResponse<String> blank = Auth.page(url, "GET", "/jobs/new", session, null);
        HttpResponse<String> created = Auth.page(url, "POST", "/jobs/new", session, form(Auth.csrf(blank.body()), "west", Map.of(
                "name", "west", "config.url", crmUrl + "/west/export", "config.apiKey", KEY_WEST)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        String west = Files.readString(home.resolve("jobs/west.json"));
        assertThat(west).contains("{aes-gcm}").doesNotContain(KEY_WEST);
        for (String job : List.of("nord", "west")) {
            await("job " + job + " to be valid", 20_000, () -> job(get(url + "api/jobs"), job),
                    j -> j != null && j.path("valid").asBoolean());
            long id = JSON.readTree(post(url + "api/jobs/" + job + "/runs", "{\"period\":\"2024-04\"}").body()).path("id").asLong();
            JsonNode done = await("run " + id, 120_000, () -> get(url + "api/runs/" + id),
                    r -> !List.of("QUEUED", "RUNNING").contains(r.path("status").asText()));
            assertThat(done.path("status").asText()).as(done.toString()).isIn("SUCCESS", "UNSTABLE");
        }
        assertThat(seen).containsExactlyInAnyOrder("nord true", "nord true", "west true", "west true");

        // what a person sees in a real browser (screenshot: target/screenshots/web-editor-connector.png)
        org.openqa.selenium.WebDriver browser = chrome();
        try {
            browser.get(url + "login");
            browser.manage().addCookie(new org.openqa.selenium.Cookie("KLARSYN_SESSION", session));
            browser.get(url + "jobs/west/edit");
            org.openqa.selenium.WebElement key = browser.findElement(org.openqa.selenium.By.name("config.apiKey"));
            assertThat(key.getAttribute("type")).isEqualTo("password");
            assertThat(key.getAttribute("value")).isEmpty();
            assertThat(browser.findElement(org.openqa.selenium.By.name("config.url")).getAttribute("value"))
                    .isEqualTo(crmUrl + "/west/export");
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                    "window.scrollTo(0, document.getElementById('f-config-file').getBoundingClientRect().top + window.scrollY - 160)");
            Path shots = Files.createDirectories(Path.of("target/screenshots"));
            Files.write(shots.resolve("web-editor-connector.png"),
                    ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        } finally {
            browser.quit();
        }

        // nothing under the home, in the API or in what the server printed holds a key in the clear
        String answers = get(url + "api/jobs").toString() + get(url + "api/jobs/nord").toString()
                + Auth.page(url, "GET", "/jobs/west", session, null).body() + Auth.page(url, "GET", "/jobs/west/edit", session, null).body();
        for (String key : List.of(KEY_NORD, KEY_SOR, KEY_WEST)) {
            assertThat(answers).doesNotContain(key);
            assertThat(output.toString()).doesNotContain(key);
            try (Stream<Path> files = Files.walk(home)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(key);
                }
            }
        }
    }

    private static org.openqa.selenium.WebDriver chrome() throws IOException {
        if (!Files.isExecutable(Path.of("/usr/bin/chromium")) || !Files.isExecutable(Path.of("/usr/bin/chromedriver"))) {
            throw new AssertionError("this test looks at the job editor with Debian's chromium through chromium-driver: "
                    + "apt-get install chromium chromium-driver (.ci/run does)");
        }
        org.openqa.selenium.chrome.ChromeOptions options = new org.openqa.selenium.chrome.ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1300,1000",
                "--user-data-dir=" + Files.createTempDirectory("klarsyn-chromium"));
        org.openqa.selenium.chrome.ChromeDriverService service = new org.openqa.selenium.chrome.ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new org.openqa.selenium.chrome.ChromeDriver(service, options);
    }

    /** The editor's form of a job of the example connector (fields as a browser sends them). */
    private static Map<String, String> form(String csrf, String client, Map<String, String> config) {
        Map<String, String> f = new java.util.LinkedHashMap<>(Map.of("csrf", csrf, "client", client + " AS", "connector", "example.crm",
                "schedule", "@yearly", "timeZone", "Europe/Oslo", "locale", "en-GB", "currency", "NOK"));
        f.putAll(config);
        return f;
    }

    private static void writeJob(Path home, String name, String url, String key) throws IOException {
        Files.writeString(home.resolve("jobs/" + name + ".json"), """
                {
                  "connector": "example.crm", "locale": "en-GB", "currency": "NOK", "timeZone": "Europe/Oslo",
                  "schedule": "@yearly",
                  "branding": { "clientName": "%s AS" },
                  "connectorConfig": { "url": "%s", "apiKey": "%s", "timeoutSeconds": 20 }
                }
                """.formatted(name, url, key), StandardCharsets.UTF_8);
    }

    private String serve(Path dist, Path home, StringBuffer output) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/klarsyn").toString(), "serve", "--home", home.toString(),
                "--port", "0").directory(tmp.toFile()).redirectErrorStream(true);
        server = pb.start();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    output.append(line).append('\n');
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            url.completeExceptionally(new AssertionError("serve ended without a ready line:\n" + output));
        });
        reader.setDaemon(true);
        reader.start();
        String u = url.get(60, TimeUnit.SECONDS);
        token = Auth.adminToken(home, u);
        return u;
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + url + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
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
