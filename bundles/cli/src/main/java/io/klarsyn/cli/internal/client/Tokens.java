package io.klarsyn.cli.internal.client;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code klarsyn login}: asks for the password, gets an API token ({@code POST /api/tokens} with HTTP
 * Basic) and stores it by server in {@code $KLARSYN_CONFIG_HOME/tokens.properties} (default
 * {@code ~/.klarsyn}), readable by the owner only; the client verbs send it when neither {@code --token}
 * nor {@code $KLARSYN_TOKEN} gives one. The password is never stored.
 */
final class Tokens {

    private Tokens() {
    }

    static String describeFile() {
        return "$KLARSYN_CONFIG_HOME/tokens.properties, default ~/.klarsyn/tokens.properties";
    }

    static Path file(Map<String, String> env) {
        String dir = env.get("KLARSYN_CONFIG_HOME");
        Path base = dir == null || dir.isBlank() ? Path.of(System.getProperty("user.home"), ".klarsyn") : Path.of(dir);
        return base.resolve("tokens.properties");
    }

    /** @return the token stored for {@code server}, or null */
    static String stored(String server, Map<String, String> env) {
        Path file = file(env);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            return null;
        }
        return p.getProperty(server);
    }

    static int login(String server, String user, Map<String, String> env, PrintStream out, PrintStream err) {
        String name = user == null || user.isBlank() ? System.getProperty("user.name") : user.strip();
        char[] password;
        Console console = System.console();
        try {
            if (console != null) {
                password = console.readPassword("Password for %s at %s: ", name, server);
            } else {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                password = line == null ? null : line.toCharArray();
            }
        } catch (IOException e) {
            password = null;
        }
        if (password == null || password.length == 0) {
            err.println("klarsyn login: no password given");
            return ClientVerbs.USAGE;
        }
        ServerClient client = new ServerClient(server);
        ServerClient.Reply reply;
        try {
            String host = java.net.InetAddress.getLocalHost().getHostName();
            reply = client.postBasic("/api/tokens", "{\"name\": \"klarsyn login on " + host.replace("\"", "") + "\"}", name, password);
        } catch (ServerClient.Unreachable e) {
            err.println("no Klarsyn server at " + server + ": is `klarsyn serve` running?");
            return ClientVerbs.UNREACHABLE;
        } catch (IOException e) {
            err.println("klarsyn login: " + e.getMessage());
            return ClientVerbs.FAILED;
        } finally {
            java.util.Arrays.fill(password, ' ');
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(reply.body());
        } catch (IOException e) {
            json = null;
        }
        if (!reply.ok() || json == null || !json.path("token").isTextual()) {
            String detail = json == null ? "HTTP " + reply.status() : json.path("detail").asText(json.path("error").asText());
            err.println("klarsyn login: " + detail);
            return reply.status() >= 400 && reply.status() < 500 ? ClientVerbs.USAGE : ClientVerbs.FAILED;
        }
        Path file = file(env);
        try {
            store(file, server, json.get("token").asText());
        } catch (IOException e) {
            err.println("klarsyn login: cannot write " + file + ": " + e.getMessage());
            return ClientVerbs.FAILED;
        }
        out.println("Logged in to " + server + " as " + name + "; the token is in " + file);
        return ClientVerbs.OK;
    }

    private static void store(Path file, String server, String token) throws IOException {
        Files.createDirectories(file.getParent());
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        } else {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
        }
        p.setProperty(server, token);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "Klarsyn API tokens by server (klarsyn login); keep this file private");
        }
    }
}
