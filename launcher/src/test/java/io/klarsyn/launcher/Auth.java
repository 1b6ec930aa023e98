package io.klarsyn.launcher;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How the integration tests log in, as a script would: the first admin's password from
 * {@code DIR/secrets/initial-admin-password} is replaced through {@code POST /api/password} (a first login
 * must change it), then {@code POST /api/tokens} with HTTP Basic gives the token for {@code Authorization:
 * Bearer}. Tokens live in the database, so one token serves every restart of a home. A test of the web pages logs
 * in as a browser does ({@link #session}) and sends its requests with {@link #page}.
 */
final class Auth {

    /** The password the tests give the admin at the first login. */
    static final String ADMIN_PASSWORD = "admin-password-of-the-tests";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Auth() {
    }

    /** @return a token of {@code admin}, first changing the initial password when the home still has it */
    static String adminToken(Path home, String url) throws Exception {
        Path file = home.resolve("secrets/initial-admin-password");
        for (int i = 0; i < 100 && !Files.exists(file) && !changed(url); i++) {
            Thread.sleep(100);
        }
        if (Files.exists(file)) {
            String initial = Files.readString(file, StandardCharsets.UTF_8).strip();
            HttpResponse<String> r = basic(url + "api/password", "admin", initial, "{\"newPassword\": \"" + ADMIN_PASSWORD + "\"}");
            if (r.statusCode() != 204) {
                throw new AssertionError("POST /api/password: " + r.statusCode() + " " + r.body());
            }
        }
        return token(url, "admin", ADMIN_PASSWORD);
    }

    private static boolean changed(String url) throws Exception {
        return basic(url + "api/tokens", "admin", ADMIN_PASSWORD, "{}").statusCode() == 201;
    }

    /** @return a new token of {@code user} */
    static String token(String url, String user, String password) throws Exception {
        HttpResponse<String> r = basic(url + "api/tokens", user, password, "{\"name\": \"test\"}");
        if (r.statusCode() != 201) {
            throw new AssertionError("POST /api/tokens as " + user + ": " + r.statusCode() + " " + r.body());
        }
        return new ObjectMapper().readTree(r.body()).get("token").asText();
    }

    static HttpResponse<String> basic(String url, String user, String password, String json) throws Exception {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in as admin through the login page, as a browser does: @return the session id */
    static String session(String url) throws Exception {
        HttpResponse<String> form = page(url, "GET", "/login", null, null);
        HttpResponse<String> login = page(url, "POST", "/login", cookie(form), Map.of("username", "admin", "password",
                ADMIN_PASSWORD, "csrf", csrf(form.body()), "next", "/"));
        if (login.statusCode() != 303) {
            throw new AssertionError("POST /login: " + login.statusCode() + " " + login.body());
        }
        return cookie(login);
    }

    /**
     * A browser's request to {@code url} (the server's, ending in {@code /}) + {@code path}: the session cookie, a form
     * body for a POST; redirects are not followed.
     */
    static HttpResponse<String> page(String url, String method, String path, String session, Map<String, String> form)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.substring(0, url.length() - 1) + path));
        if (session != null) {
            b.header("Cookie", "KLARSYN_SESSION=" + session);
        }
        if (form != null) {
            StringBuilder s = new StringBuilder();
            form.forEach((k, v) -> s.append(s.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            b.header("Content-Type", "application/x-www-form-urlencoded").method(method, HttpRequest.BodyPublishers.ofString(s.toString()));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** @return the session id a response sets */
    static String cookie(HttpResponse<String> r) {
        for (String c : r.headers().allValues("Set-Cookie")) {
            Matcher m = Pattern.compile("KLARSYN_SESSION=([^;]+)").matcher(c);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no session cookie in " + r.headers().map());
    }

    /** @return the CSRF token of a page's form */
    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF field in\n" + html);
        }
        return m.group(1);
    }
}
