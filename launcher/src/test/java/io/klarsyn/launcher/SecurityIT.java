package io.klarsyn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Users, roles and client isolation (issue 19) through the real launcher, real HTTP and the real H2
 * file: one server with two clients' jobs (each with a finished run), an admin, a consultant and a
 * viewer of client A. The route matrix is generated from the server's own route table
 * ({@code GET /api/routes}), so a route added later is checked without touching this test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIT {

    private static final Pattern READY = Pattern.compile("Klarsyn ready at (http://127\\.0\\.0\\.1:\\d+/)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_A = "Aurora Kraft AS";
    private static final String CLIENT_B = "Bølgen Fiber AS";
    private static final String CONSULTANT_PASSWORD = "consultant-password-A";
    private static final String VIEWER_PASSWORD = "viewer-password-of-A";
    private static final String SMTP_PASSWORD = "smtp-Secret-4711";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path tmp;
    static Path home;
    static Process server;
    static StringBuffer output = new StringBuffer();
    static String url;
    static final Map<String, String> TOKENS = new java.util.HashMap<>();
    static final Map<String, String> PASSWORDS = new java.util.HashMap<>();
    static final List<String> SECRETS_SEEN = new ArrayList<>();
    static long runA;
    static long runB;

    @BeforeAll
    static void serveTwoClients() throws Exception {
        Path dist = Dist.copy(tmp);
        home = tmp.resolve("home");
        Files.createDirectories(home.resolve("jobs"));
        Dist.Run gen = Dist.klarsyn(dist, tmp, "generate", "--customers", "300", "--months", "15", "--end", "2026-10",
                "--seed", "3", "--out", home.resolve("data").toString());
        assertThat(gen.exit()).as(gen.err()).isZero();
        writeJob("aurora", CLIENT_A);
        writeJob("bolgen", CLIENT_B);
        // the SMTP password, written in the clear as an admin would: sealed in the file once the server runs
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.klarsyn.delivery.mail.cfg"), "host = 127.0.0.1\nport = 2525\ntls = none\n"
                + "from = Klarsyn <klarsyn@firma.no>\nuser = klarsyn\npassword = " + SMTP_PASSWORD + "\n", StandardCharsets.ISO_8859_1);
        SECRETS_SEEN.add(SMTP_PASSWORD);
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/klarsyn").toString(), "serve", "--home", home.toString(),
                "--port", "0").directory(tmp.toFile()).redirectErrorStream(true);
        server = pb.start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        ready.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // ended
            }
            ready.completeExceptionally(new AssertionError("serve ended without a ready line:\n" + output));
        });
        reader.setDaemon(true);
        reader.start();
        url = ready.get(60, TimeUnit.SECONDS);

        // the console says where the first password is, never what it is
        String initial = Files.readString(home.resolve("secrets/initial-admin-password"), StandardCharsets.UTF_8).strip();
        SECRETS_SEEN.add(initial);
        await(() -> output.toString().contains("secrets/initial-admin-password"));
        assertThat(output.toString()).contains("Log in at " + url + "login as admin with the password in "
                + home.resolve("secrets/initial-admin-password")).doesNotContain(initial);
        // the initial password gives no token until it is changed
        HttpResponse<String> first = Auth.basic(url + "api/tokens", "admin", initial, "{}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(403);
        assertThat(first.body()).contains("password change required");
        TOKENS.put("admin", Auth.adminToken(home, url));
        PASSWORDS.put("admin", Auth.ADMIN_PASSWORD);
        assertThat(home.resolve("secrets/initial-admin-password")).as("gone once changed").doesNotExist();

        // users of client A: created by the admin, each changes the given password at the first login
        for (String[] u : new String[][] {{"consultant", "consultant", "first-password-c"}, {"viewer", "viewer", "first-password-v"}}) {
            HttpResponse<String> created = send("POST", "/api/users", TOKENS.get("admin"), """
                    {"username": "%s", "password": "%s", "role": "%s", "clients": ["%s"]}""".formatted(u[0], u[2], u[1], CLIENT_A));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(JSON.readTree(created.body()).path("mustChangePassword").asBoolean()).isTrue();
            String own = u[0].equals("consultant") ? CONSULTANT_PASSWORD : VIEWER_PASSWORD;
            assertThat(Auth.basic(url + "api/password", u[0], u[2], "{\"newPassword\": \"" + own + "\"}").statusCode()).isEqualTo(204);
            TOKENS.put(u[0], Auth.token(url, u[0], own));
            PASSWORDS.put(u[0], own);
            SECRETS_SEEN.add(u[2]);
        }
        // one finished run per client
        runA = startRun("aurora");
        runB = startRun("bolgen");
        awaitFinished(runA);
        awaitFinished(runB);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The role table of the issue, written out here independently of the server's code. */
    private static int expected(String role, String permission, boolean scoped, boolean ownClient) {
        if (scoped && !ownClient && !role.equals("admin")) {
            return 404;
        }
        return switch (permission) {
            case "AUTHENTICATED", "READ" -> 200;
            case "OPERATE" -> role.equals("viewer") ? 403 : 200;
            case "ADMIN" -> role.equals("admin") ? 200 : 403;
            default -> throw new AssertionError("unexpected permission " + permission);
        };
    }

    @Test
    @Order(1)
    void everyApiRouteTimesEachRoleAndBothClientsIsAllowedOrDenied() throws Exception {
        JsonNode routes = JSON.readTree(send("GET", "/api/routes", TOKENS.get("admin"), null).body());
        List<String> checked = new ArrayList<>();
        Set<String> patterns = new LinkedHashSet<>();
        int cases = 0;
        for (JsonNode route : routes) {
            String method = route.path("method").asText();
            String pattern = route.path("pattern").asText();
            String permission = route.path("permission").asText();
            if (!pattern.startsWith("/api/")) {
                continue;
            }
            patterns.add(method + " " + pattern);
            boolean scoped = pattern.contains("{job}") || pattern.contains("{run}");
            if (permission.equals("PUBLIC")) {
                // only POST /api/tokens and /api/password, which take HTTP Basic: nothing else opens them
                assertThat(pattern).isIn("/api/tokens", "/api/password");
                assertThat(send(method, pattern, null, "{}").statusCode()).as(method + " " + pattern + " without Basic").isEqualTo(401);
                continue;
            }
            // no token, and a forged one: 401 everywhere
            String anyPath = path(pattern, true, "admin");
            assertThat(send(method, anyPath, null, "").statusCode()).as(method + " " + anyPath + " without a token").isEqualTo(401);
            assertThat(send(method, anyPath, "ks_forged", "").statusCode()).as(method + " " + anyPath + " forged").isEqualTo(401);
            for (String role : List.of("admin", "consultant", "viewer")) {
                for (boolean own : scoped ? List.of(true, false) : List.of(true)) {
                    String path = path(pattern, own, role);
                    int want = expected(role, permission, scoped, own);
                    HttpResponse<String> r = send(method, path, TOKENS.get(role), "");
                    String what = role + " " + method + " " + path + " (" + permission + (scoped ? own ? ", own client" : ", other client" : "")
                            + ") -> " + r.statusCode() + " " + r.body();
                    if (want == 200) {
                        assertThat(r.statusCode()).as(what).isNotIn(401, 403, 404, 405).isLessThan(500);
                    } else {
                        assertThat(r.statusCode()).as(what).isEqualTo(want);
                    }
                    checked.add(what);
                    cases++;
                }
            }
        }
        // the plugin the plugin routes were asked about goes again (a later test drops the same jar into deploy/)
        assertThat(send("DELETE", "/api/plugins/io.klarsyn.metric-example", TOKENS.get("admin"), null).statusCode()).isIn(200, 404);
        // the routes of the JSON API and of the accounts are all in the table (a forgotten one would be
        // unreachable: the filter answers 404 for any route no table declares)
        assertThat(patterns).contains("GET /api/jobs", "POST /api/jobs/{job}/runs", "GET /api/runs/{run}/artifacts/{name}",
                "POST /api/runs/{run}/deliveries", "POST /api/users", "DELETE /api/tokens/{id}", "GET /api/audit",
                "GET /api/plugins", "POST /api/plugins", "DELETE /api/plugins/{name}", "POST /api/plugins/{name}/rollback",
                "PUT /api/plugins/{name}/pin");
        // 12 routes of the JSON API: 11 client-scoped (x 3 roles x 2 clients) + GET /api/jobs (x 3);
        // 10 accounts routes besides the two Basic ones (x 3 roles); 7 plugin manager routes (x 3 roles)
        assertThat(cases).as(String.join("\n", checked)).isEqualTo(11 * 6 + 3 + 10 * 3 + 7 * 3);

        // lists show only the user's clients
        assertThat(names(send("GET", "/api/jobs", TOKENS.get("admin"), null))).containsExactlyInAnyOrder("aurora", "bolgen");
        assertThat(names(send("GET", "/api/jobs", TOKENS.get("consultant"), null))).containsExactly("aurora");
        assertThat(names(send("GET", "/api/jobs", TOKENS.get("viewer"), null))).containsExactly("aurora");
        // a consultant runs their client's job, a viewer may not, another client's job does not exist for them
        assertThat(send("POST", "/api/jobs/aurora/runs", TOKENS.get("consultant"), "{\"period\":\"2026-09\"}").statusCode()).isEqualTo(202);
        assertThat(send("POST", "/api/jobs/aurora/runs", TOKENS.get("viewer"), "{\"period\":\"2026-09\"}").statusCode()).isEqualTo(403);
        HttpResponse<String> hidden = send("POST", "/api/jobs/bolgen/runs", TOKENS.get("consultant"), "{\"period\":\"2026-09\"}");
        assertThat(hidden.statusCode()).isEqualTo(404);
        // word for word what the admin, who sees every client, is told of a job that does not exist
        assertThat(hidden.body()).isEqualTo(send("POST", "/api/jobs/nosuch/runs", TOKENS.get("admin"), "{\"period\":\"2026-09\"}")
                .body().replace("nosuch", "bolgen"));
        HttpResponse<String> hiddenRun = send("GET", "/api/runs/" + runB, TOKENS.get("viewer"), null);
        assertThat(hiddenRun.body()).isEqualTo(send("GET", "/api/runs/999999", TOKENS.get("admin"), null).body()
                .replace("999999", String.valueOf(runB)));
    }

    /** A path of the pattern: the job or run of client A ({@code own}) or B, a fresh user or token for the rest. */
    private static String path(String pattern, boolean own, String role) throws Exception {
        String p = pattern.replace("{job}", own ? "aurora" : "bolgen").replace("{run}", String.valueOf(own ? runA : runB))
                .replace("{name}", "run.log");
        if (pattern.startsWith("/api/users/")) {
            String name = "throwaway" + COUNTER.incrementAndGet();
            HttpResponse<String> r = send("POST", "/api/users", TOKENS.get("admin"),
                    "{\"username\": \"" + name + "\", \"password\": \"throwaway-password\", \"role\": \"viewer\", \"clients\": []}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            p = "/api/users/" + name;
        }
        if (pattern.startsWith("/api/plugins/")) {
            // a plugin to ask about, with a previous version (installed twice) for the rollback route
            byte[] jar = Files.readAllBytes(Path.of(System.getProperty("klarsyn.example.jar")));
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "api/plugins"))
                        .header("Authorization", "Bearer " + TOKENS.get("admin")).header("Content-Type", "application/java-archive")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(jar)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }
            p = pattern.replace("{name}", "io.klarsyn.metric-example");
        }
        if (pattern.contains("{id}")) {
            String token = Auth.token(url, role, PASSWORDS.get(role));
            JsonNode mine = JSON.readTree(send("GET", "/api/tokens", token, null).body());
            p = pattern.replace("{id}", mine.get(mine.size() - 1).path("id").asText());
        }
        return p;
    }

    private static final AtomicInteger COUNTER = new AtomicInteger();

    @Test
    @Order(2)
    void pagesNeedALoginAFreshSessionIdAndTheCsrfTokenOnEveryPost() throws Exception {
        // without a session a page leads to the login
        HttpResponse<String> anonymous = page("GET", "/jobs/aurora", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location").orElse("")).isEqualTo("/login?next=%2Fjobs%2Faurora");
        // the login page hands out a session (the form's CSRF token) before anyone logs in
        HttpResponse<String> form = page("GET", "/login", null, null);
        // the login page speaks the UI's languages, chosen as the web UI chooses them (here by ?lang=)
        assertThat(page("GET", "/login?lang=sv", null, null).body()).contains("<html lang=\"sv\"", "<h1>Logga in</h1>",
                ">Användarnamn</label>");
        assertThat(page("GET", "/login?lang=nb", null, null).body()).contains("<h1>Logg inn</h1>", "Første gang");
        String before = Auth.cookie(form);
        assertThat(form.headers().allValues("Set-Cookie").get(0)).contains("HttpOnly", "SameSite=Lax", "Path=/");
        String loginCsrf = Auth.csrf(form.body());
        // a login form posted without its token, or with another one, is refused
        assertThat(page("POST", "/login", before, Map.of("username", "consultant", "password", CONSULTANT_PASSWORD)).statusCode())
                .isEqualTo(403);
        assertThat(page("POST", "/login", before, Map.of("username", "consultant", "password", CONSULTANT_PASSWORD,
                "csrf", "forged")).statusCode()).isEqualTo(403);
        HttpResponse<String> login = page("POST", "/login", before, Map.of("username", "consultant", "password",
                CONSULTANT_PASSWORD, "csrf", loginCsrf, "next", "/jobs/aurora"));
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/jobs/aurora");
        String after = Auth.cookie(login);
        // session fixation: the id from before the login is a new one after it, and the old one is nobody
        assertThat(after).isNotEqualTo(before);
        assertThat(page("GET", "/jobs/aurora", before, null).statusCode()).isEqualTo(303);
        HttpResponse<String> job = page("GET", "/jobs/aurora", after, null);
        assertThat(job.statusCode()).isEqualTo(200);
        String csrf = Auth.csrf(job.body());
        assertThat(csrf).isNotEqualTo(loginCsrf);
        // another client's job page does not exist for this user; admin pages are forbidden
        assertThat(page("GET", "/jobs/bolgen", after, null).statusCode()).isEqualTo(404);
        assertThat(page("GET", "/runs/" + runB, after, null).statusCode()).isEqualTo(404);
        assertThat(page("GET", "/system", after, null).statusCode()).isEqualTo(403);
        assertThat(page("GET", "/users", after, null).statusCode()).isEqualTo(403);
        // run now: without the token, with a forged one, then with the page's
        Map<String, String> run = Map.of("period", "2026-08");
        assertThat(page("POST", "/jobs/aurora/run", after, run).statusCode()).isEqualTo(403);
        assertThat(page("POST", "/jobs/aurora/run", after, Map.of("period", "2026-08", "csrf", csrf.substring(1) + "x")).statusCode())
                .isEqualTo(403);
        assertThat(runsOf("aurora", "2026-08")).as("nothing ran without the token").isZero();
        HttpResponse<String> started = page("POST", "/jobs/aurora/run", after, Map.of("period", "2026-08", "csrf", csrf));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(303);
        assertThat(started.headers().firstValue("Location").orElse("")).matches("/runs/\\d+");
        assertThat(runsOf("aurora", "2026-08")).isEqualTo(1);
        // the htmx header works as the field does
        HttpResponse<String> preview = HTTP.send(HttpRequest.newBuilder(URI.create(url + "editor/schedule"))
                .header("Cookie", "KLARSYN_SESSION=" + after).header("X-CSRF-Token", csrf)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("schedule=H+6+3+*+*&timeZone=Europe%2FOslo&name=x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preview.statusCode()).isEqualTo(200);
        // a multipart form the server will not read (2,001 file parts; the web UI accepts 2,000) says so, not that
        // its token is missing, and starts nothing
        StringBuilder multipart = new StringBuilder("--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n")
                .append(csrf).append("\r\n--b\r\nContent-Disposition: form-data; name=\"period\"\r\n\r\n2026-08\r\n");
        for (int i = 0; i < 2_001; i++) {
            multipart.append("--b\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"; filename=\"f")
                    .append(i).append(".txt\"\r\nContent-Type: text/plain\r\n\r\nx\r\n");
        }
        multipart.append("--b--\r\n");
        HttpResponse<String> tooMany = HTTP.send(HttpRequest.newBuilder(URI.create(url + "jobs/aurora/run"))
                .header("Cookie", "KLARSYN_SESSION=" + after).header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString(multipart.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(413);
        assertThat(tooMany.body()).contains("the form could not be read").doesNotContain("token");
        assertThat(runsOf("aurora", "2026-08")).isEqualTo(1);
        // security headers on pages and the API
        for (HttpResponse<String> r : List.of(job, send("GET", "/api/jobs", TOKENS.get("viewer"), null))) {
            assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'",
                    "frame-ancestors 'self'", "script-src 'self'");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
        // log out: the session is gone
        assertThat(page("POST", "/logout", after, Map.of("csrf", csrf)).statusCode()).isEqualTo(303);
        assertThat(page("GET", "/jobs/aurora", after, null).statusCode()).isEqualTo(303);
    }

    @Test
    @Order(3)
    void failedLoginsDelayTheNextTryEvenWithTheRightPassword() throws Exception {
        HttpResponse<String> created = send("POST", "/api/users", TOKENS.get("admin"),
                "{\"username\": \"slow\", \"password\": \"slow-password-1\", \"role\": \"viewer\", \"clients\": []}");
        assertThat(created.statusCode()).isEqualTo(201);
        SECRETS_SEEN.add("slow-password-1");
        // two typos cost nothing; the third failure makes the next try wait 1 s (2^0), the fourth 2 s (2^1)
        // (AccountsTest pins each step on a clock of its own; here the real server with real time)
        for (int i = 1; i <= 3; i++) {
            assertThat(Auth.basic(url + "api/tokens", "slow", "wrong-" + i, "{}").statusCode()).as("failure " + i).isEqualTo(401);
        }
        Thread.sleep(1_100);
        assertThat(Auth.basic(url + "api/tokens", "slow", "wrong-4", "{}").statusCode()).as("failure 4, after the wait").isEqualTo(401);
        HttpResponse<String> waitNow = Auth.basic(url + "api/tokens", "slow", "slow-password-1", "{}");
        assertThat(waitNow.statusCode()).as("the right password within the delay").isEqualTo(429);
        // 2 s from the fourth failure's answer, less the moment this request took to arrive, rounded up:
        // "2" unless the machine held the request for over a second
        assertThat(waitNow.headers().firstValue("Retry-After").orElse("")).isIn("2", "1");
        assertThat(waitNow.body()).contains("too many failed logins");
        Thread.sleep(2_100);
        // after the wait the right password works (and would be asked to change: 403, not 401 or 429)
        assertThat(Auth.basic(url + "api/tokens", "slow", "slow-password-1", "{}").statusCode()).isEqualTo(403);
    }

    @Test
    @Order(4)
    void aRevokedTokenIsRefusedAtOnce() throws Exception {
        String token = Auth.token(url, "viewer", VIEWER_PASSWORD);
        SECRETS_SEEN.add(token);
        assertThat(send("GET", "/api/jobs", token, null).statusCode()).isEqualTo(200);
        JsonNode mine = JSON.readTree(send("GET", "/api/tokens", token, null).body());
        long id = mine.get(mine.size() - 1).path("id").asLong();
        // another user's token is as unknown as a missing one
        assertThat(send("DELETE", "/api/tokens/" + id, TOKENS.get("consultant"), null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/jobs", token, null).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/api/tokens/" + id, token, null).statusCode()).isEqualTo(204);
        HttpResponse<String> after = send("GET", "/api/jobs", token, null);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.body()).contains("unknown or revoked");
    }

    @Test
    @Order(5)
    void noPathFromAnArtifactUrlLeavesTheRun() throws Exception {
        for (String attempt : List.of("..%2F..%2Fjobs%2Faurora.json", "..%2F..%2Fdb%2Fklarsyn.mv.db", "%2E%2E", "run.log%00.pdf",
                "report.pdf%2F..%2F..%2F..%2Fjobs%2Faurora.json")) {
            for (String prefix : List.of("/api/runs/" + runA + "/artifacts/", "/runs/" + runA + "/artifacts/")) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.substring(0, url.length() - 1) + prefix + attempt))
                        .header("Authorization", "Bearer " + TOKENS.get("admin"));
                HttpResponse<String> r = HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(prefix + attempt + ": " + r.body()).isIn(400, 303, 404);
                assertThat(r.body()).doesNotContain("\"connector\"");
            }
        }
        assertThat(send("GET", "/api/runs/" + runA + "/artifacts/run.log", TOKENS.get("viewer"), null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void theAuditLogTellsWhoDidWhatAndOnlyAdminsReadIt() throws Exception {
        assertThat(send("GET", "/api/audit", TOKENS.get("consultant"), null).statusCode()).isEqualTo(403);
        // a plugin dropped into deploy/ is a plugin change too
        Path example = Path.of(System.getProperty("klarsyn.example.jar"));
        Files.copy(example, home.resolve("deploy/" + example.getFileName()));
        await(() -> send("GET", "/api/audit?limit=1000", TOKENS.get("admin"), null).body()
                .matches("(?s).*\"who\":\"deploy/\",\"action\":\"plugin.install\".*"));
        JsonNode audit = JSON.readTree(send("GET", "/api/audit?limit=1000", TOKENS.get("admin"), null).body());
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode e : audit) {
            seen.add(e.path("who").asText() + " " + e.path("action").asText());
        }
        assertThat(seen).contains("system user.create", "admin password.change", "admin login", "admin user.create",
                "consultant login", "consultant run.start", "slow login.failed", "slow login.refused", "viewer token.revoke",
                "consultant logout", "admin user.delete", "deploy/ plugin.install");
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(url + "audit")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as("the audit page needs a login").isEqualTo(303);
    }

    @Test
    @Order(7)
    void noPasswordOrTokenIsInAnyFileUnderTheHomeNorInTheLog() throws Exception {
        Path mail = home.resolve("etc/io.klarsyn.delivery.mail.cfg");
        await(() -> Files.readString(mail, StandardCharsets.ISO_8859_1).contains("password = {aes-gcm}"));
        assertThat(Files.readString(mail, StandardCharsets.ISO_8859_1)).contains("host = 127.0.0.1", "user = klarsyn");
        assertThat(home.resolve("secrets/secret.key")).isRegularFile();
        List<String> secrets = new ArrayList<>(SECRETS_SEEN);
        secrets.addAll(PASSWORDS.values());
        secrets.addAll(TOKENS.values());
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(10);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(home)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).anyMatch(f -> f.getFileName().toString().equals("klarsyn.mv.db"));
        for (Path file : files) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertThat(bytes).as(file + " holds a secret").doesNotContain(secret);
            }
        }
        for (String secret : secrets) {
            assertThat(output.toString()).as("the server's console").doesNotContain(secret);
        }
    }

    @Test
    @Order(8)
    void theCliLogsInStoresItsTokenAndSendsIt() throws Exception {
        Map<String, String> env = Map.of("KLARSYN_CONFIG_HOME", tmp.resolve("cli-config").toString());
        Path dist = Dist.built();
        Cli none = cli(dist, env, null, "jobs", "--server", url);
        assertThat(none.exit()).as(none.err()).isEqualTo(2);
        assertThat(none.err()).contains("unauthorized", "log in first: klarsyn login --server " + url.substring(0, url.length() - 1));
        Cli wrong = cli(dist, env, "not-the-password\n", "login", "--user", "viewer", "--server", url);
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("wrong user name or password");
        Cli login = cli(dist, env, VIEWER_PASSWORD + "\n", "login", "--user", "viewer", "--server", url);
        assertThat(login.exit()).as(login.err()).isZero();
        assertThat(login.out()).contains("Logged in to " + url.substring(0, url.length() - 1) + " as viewer");
        Path stored = tmp.resolve("cli-config/tokens.properties");
        assertThat(Files.readString(stored)).doesNotContain(VIEWER_PASSWORD).contains("ks_");
        assertThat(Files.getPosixFilePermissions(stored)).containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        Cli jobs = cli(dist, env, null, "jobs", "--server", url, "--json");
        assertThat(jobs.exit()).as(jobs.err()).isZero();
        assertThat(JSON.readTree(jobs.out()).findValuesAsText("name")).containsExactly("aurora");
        // --token wins over the stored one; $KLARSYN_TOKEN does the same
        Cli admin = cli(dist, env, null, "jobs", "--server", url, "--json", "--token", TOKENS.get("admin"));
        assertThat(JSON.readTree(admin.out()).findValuesAsText("name")).containsExactlyInAnyOrder("aurora", "bolgen");
        Map<String, String> withEnv = new java.util.HashMap<>(env);
        withEnv.put("KLARSYN_TOKEN", TOKENS.get("consultant"));
        Cli run = cli(dist, withEnv, null, "run", "bolgen", "--period", "2026-07", "--server", url);
        assertThat(run.exit()).as("another client's job does not exist for the consultant").isEqualTo(2);
        assertThat(run.err()).contains("no job bolgen");
    }

    @Test
    @Order(9)
    void listeningBeyondLoopbackKeepsEveryRouteBehindTheLogin() throws Exception {
        Path other = tmp.resolve("wide");
        Process p = new ProcessBuilder(Dist.built().resolve("bin/klarsyn").toString(), "serve", "--home", other.toString(),
                "--port", "0", "--host", "0.0.0.0").directory(tmp.toFile()).redirectErrorStream(true).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String wide = null;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    wide = m.group(1);
                    break;
                }
            }
            assertThat(wide).as("ready line").isNotNull();
            HttpResponse<String> api = HTTP.send(HttpRequest.newBuilder(URI.create(wide + "api/jobs")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(401);
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(wide)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(303);
            assertThat(page.headers().firstValue("Location").orElse("")).startsWith("/login");
        } finally {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Issue 18: pages show a user only the controls whose request the Authorization allows (a viewer no
     * "Run now", "New job", "Edit" or "Resend", a consultant all of them on their client's jobs), and a
     * run finished after a page was seen shows at once on the dashboard and the job page, whose parts the
     * server keeps between requests. Ends with a screenshot of the dashboard as the viewer sees it.
     */
    @Test
    @Order(10)
    void pagesShowEachRoleItsControlsAndAFinishedRunAtOnce() throws Exception {
        String viewer = login("viewer", VIEWER_PASSWORD);
        String dashboard = page("GET", "/?lang=en", viewer, null).body();
        assertThat(dashboard).contains("data-job=\"aurora\"").doesNotContain("data-job=\"bolgen\"", "action=\"/jobs/aurora/run\"",
                "href=\"/jobs/new\"", ">Run now</button>");
        String job = page("GET", "/jobs/aurora", viewer, null).body();
        assertThat(job).contains("data-run=\"" + runA + "\"").doesNotContain("class=\"run\"", "/jobs/aurora/edit", "/jobs/aurora/run");
        assertThat(page("GET", "/runs/" + runA, viewer, null).body()).contains("id=\"run-status\"")
                .doesNotContain("/runs/" + runA + "/deliveries\"", "/runs/" + runA + "/abort");
        // what the pages no longer offer is still refused when sent
        assertThat(page("POST", "/jobs/aurora/run", viewer, Map.of("period", "2026-07", "csrf", Auth.csrf(job))).statusCode()).isEqualTo(403);

        String consultant = login("consultant", CONSULTANT_PASSWORD);
        String before = page("GET", "/?lang=en", consultant, null).body();
        assertThat(before).contains("action=\"/jobs/aurora/run\"", "href=\"/jobs/new\"").doesNotContain("data-job=\"bolgen\"");
        String jobBefore = page("GET", "/jobs/aurora", consultant, null).body();
        assertThat(jobBefore).contains("class=\"run\"", "href=\"/jobs/aurora/edit\"");
        // seen twice, so that the second answer comes from the kept parts
        assertThat(page("GET", "/?lang=en", consultant, null).body()).isEqualTo(before);
        HttpResponse<String> started = page("POST", "/jobs/aurora/run", consultant, Map.of("period", "2026-07", "csrf", Auth.csrf(before)));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(303);
        long id = Long.parseLong(started.headers().firstValue("Location").orElseThrow().substring("/runs/".length()));
        String queued = jobRow(page("GET", "/?lang=en", consultant, null).body(), "aurora");
        assertThat(queued).contains("href=\"/runs/" + id + "\"");
        awaitFinished(id);
        JsonNode record = JSON.readTree(send("GET", "/api/runs/" + id, TOKENS.get("admin"), null).body());
        String status = record.path("status").asText();
        int number = record.path("number").asInt();
        String after = jobRow(page("GET", "/?lang=en", consultant, null).body(), "aurora");
        assertThat(after).contains("data-status=\"" + status + "\"", "<a href=\"/runs/" + id + "\">#" + number + " ");
        assertThat(page("GET", "/jobs/aurora", consultant, null).body())
                .containsPattern("<tr data-run=\"" + id + "\"><td><a href=\"/runs/" + id + "\">#" + number
                        + "</a></td><td>[^<]+</td><td><span class=\"badge st-" + status + "\"");

        browserScreenshotOfTheDashboardAs("viewer", VIEWER_PASSWORD, "web-dashboard-viewer.png");
    }

    /** @return the session of a browser that logged in through the form */
    private static String login(String user, String password) throws Exception {
        HttpResponse<String> form = page("GET", "/login", null, null);
        HttpResponse<String> in = page("POST", "/login", Auth.cookie(form), Map.of("username", user, "password", password,
                "csrf", Auth.csrf(form.body())));
        assertThat(in.statusCode()).as(in.body()).isEqualTo(303);
        return Auth.cookie(in);
    }

    private static String jobRow(String html, String job) {
        int start = html.indexOf("<tr class=\"job\" data-job=\"" + job + "\"");
        assertThat(start).as("a row of " + job).isNotNegative();
        return html.substring(start, html.indexOf("</tr>", start));
    }

    /** A real Chromium logs in as the user and photographs the dashboard (target/screenshots). */
    private static void browserScreenshotOfTheDashboardAs(String user, String password, String file) throws Exception {
        org.openqa.selenium.chrome.ChromeOptions options = new org.openqa.selenium.chrome.ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1300,700",
                "--user-data-dir=" + Files.createTempDirectory("klarsyn-chromium"));
        org.openqa.selenium.chrome.ChromeDriverService service = new org.openqa.selenium.chrome.ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        org.openqa.selenium.WebDriver driver = new org.openqa.selenium.chrome.ChromeDriver(service, options);
        try {
            driver.get(url + "login?lang=en");
            driver.findElement(org.openqa.selenium.By.id("username")).sendKeys(user);
            driver.findElement(org.openqa.selenium.By.id("password")).sendKeys(password);
            driver.findElement(org.openqa.selenium.By.cssSelector("form[action='/login'] button")).click();
            driver.get(url + "?lang=en");
            assertThat(driver.findElement(org.openqa.selenium.By.cssSelector("form.logout a")).getText()).isEqualTo(user);
            assertThat(driver.findElements(org.openqa.selenium.By.cssSelector("tr[data-job='aurora'] button"))).isEmpty();
            Path shots = Path.of("target/screenshots");
            Files.createDirectories(shots);
            Files.write(shots.resolve(file), ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(
                    org.openqa.selenium.OutputType.BYTES));
        } finally {
            driver.quit();
        }
    }

    // ---------------------------------------------------------------- helpers

    record Cli(int exit, String out, String err) {
    }

    /** Runs bin/klarsyn with the environment and, when given, text on standard input. */
    private static Cli cli(Path dist, Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(dist.resolve("bin/klarsyn").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Cli(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static void writeJob(String name, String client) throws IOException {
        Files.writeString(home.resolve("jobs/" + name + ".json"), """
                {
                  "connector": "csv", "locale": "nb-NO", "currency": "NOK", "timeZone": "Europe/Oslo",
                  "branding": { "clientName": "%s" },
                  "settings": { "csv": { "folder": "../data" } }
                }
                """.formatted(client), StandardCharsets.UTF_8);
    }

    private static long startRun(String job) throws Exception {
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> r = send("POST", "/api/jobs/" + job + "/runs", TOKENS.get("admin"), "{\"period\":\"2026-10\"}");
            if (r.statusCode() == 202) {
                return JSON.readTree(r.body()).path("id").asLong();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + job + " never took a run");
    }

    private static void awaitFinished(long id) throws Exception {
        await(() -> {
            String status = JSON.readTree(send("GET", "/api/runs/" + id, TOKENS.get("admin"), null).body()).path("status").asText();
            return !status.equals("QUEUED") && !status.equals("RUNNING");
        });
    }

    private static int runsOf(String job, String period) throws Exception {
        int n = 0;
        for (JsonNode r : JSON.readTree(send("GET", "/api/jobs/" + job + "/runs", TOKENS.get("admin"), null).body())) {
            if (r.path("period").asText().equals(period)) {
                n++;
            }
        }
        return n;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check check) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (!check.ok()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("waited 180 s in vain");
            }
            Thread.sleep(100);
        }
    }

    private static List<String> names(HttpResponse<String> r) throws IOException {
        List<String> names = new ArrayList<>();
        JSON.readTree(r.body()).forEach(j -> names.add(j.path("name").asText()));
        return names;
    }

    static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.substring(0, url.length() - 1) + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A browser's request: the session cookie, a form body for a POST; redirects are not followed. */
    private static HttpResponse<String> page(String method, String path, String session, Map<String, String> form) throws Exception {
        return Auth.page(url, method, path, session, form);
    }
}
