package io.klarsyn.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How the integration tests log in, as a script would: the first admin's password from
 * {@code DIR/secrets/initial-admin-password} is replaced through {@code POST /api/password} (a first login
 * must change it), then {@code POST /api/tokens} with HTTP Basic gives the token for {@code Authorization:
 * Bearer}. Tokens live in the database, so one token serves every restart of a home.
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
}
