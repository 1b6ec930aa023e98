package io.klarsyn.cli.internal.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code klarsyn plugins} and {@code klarsyn plugin install FILE.jar [--dry-run] | remove NAME |
 * rollback NAME | pin NAME | unpin NAME} against a running server ({@code /api/plugins}).
 * Exit codes: 0 done; 1 a dry run found missing requirements, or a plugin installed but failed to
 * start; 2 usage, a refused change (the reasons are printed); 3 no server.
 */
final class PluginVerbs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerClient client;
    private final ClientVerbs.Options options;
    private final PrintStream out;
    private final PrintStream err;
    private final ToIntFunction<ServerClient.Reply> failed;

    PluginVerbs(ServerClient client, ClientVerbs.Options options, PrintStream out, PrintStream err,
            ToIntFunction<ServerClient.Reply> failed) {
        this.client = client;
        this.options = options;
        this.out = out;
        this.err = err;
        this.failed = failed;
    }

    int list() throws ServerClient.Unreachable {
        options.positionals(0, "");
        ServerClient.Reply reply = client.get("/api/plugins");
        if (!reply.ok()) {
            return failed.applyAsInt(reply);
        }
        if (options.flag("json")) {
            out.println(reply.body());
            return ClientVerbs.OK;
        }
        JsonNode plugins = parse(reply);
        if (plugins.isEmpty()) {
            out.println("No plugins: install one with `klarsyn plugin install FILE.jar`, or drop it into the server's deploy/.");
            return ClientVerbs.OK;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "VERSION", "STATE", "SOURCE", "PINNED", "PREVIOUS", "CONTRIBUTES"});
        List<String> reasons = new ArrayList<>();
        for (JsonNode p : plugins) {
            List<String> contributes = new ArrayList<>();
            p.path("contributes").forEach(c -> contributes.add(c.asText()));
            rows.add(new String[] {p.path("name").asText(), p.path("version").asText(), p.path("state").asText(),
                    p.path("source").asText().equals("managed") ? "plugins/" : "deploy/",
                    p.path("pinned").asBoolean() ? "yes" : "-", text(p.path("previousVersion")),
                    contributes.isEmpty() ? "-" : String.join(", ", contributes)});
            if (p.hasNonNull("reason")) {
                reasons.add(p.path("name").asText() + " " + p.path("version").asText() + " " + p.path("state").asText()
                        + ": " + p.path("reason").asText());
            }
        }
        Table.print(rows, out);
        if (!reasons.isEmpty()) {
            out.println();
            out.println("Why:");
            reasons.forEach(r -> out.println("  " + r));
        }
        return ClientVerbs.OK;
    }

    int change() throws ServerClient.Unreachable {
        List<String> words = options.positionals();
        if (words.size() != 2) {
            throw new IllegalArgumentException(words.isEmpty() ? "say what to do: install FILE.jar, remove NAME, rollback NAME, pin NAME or unpin NAME"
                    : words.size() == 1 ? "'" + words.get(0) + "' needs a " + (words.get(0).equals("install") ? "FILE.jar" : "NAME")
                    : "unexpected argument '" + words.get(2) + "'");
        }
        String what = words.get(0);
        String arg = words.get(1);
        if (options.flag("dry-run") && !what.equals("install")) {
            throw new IllegalArgumentException("--dry-run applies to install only");
        }
        return switch (what) {
            case "install" -> install(Path.of(arg), options.flag("dry-run"));
            case "remove" -> named(client.send("DELETE", "/api/plugins/" + name(arg)), "Removed " + arg + ".");
            case "rollback" -> shown(client.send("POST", "/api/plugins/" + name(arg) + "/rollback"), "rolled back to");
            case "pin" -> shown(client.send("PUT", "/api/plugins/" + name(arg) + "/pin"), "pinned at");
            case "unpin" -> shown(client.send("DELETE", "/api/plugins/" + name(arg) + "/pin"), "unpinned at");
            default -> throw new IllegalArgumentException("unknown plugin action '" + what + "': install, remove, rollback, pin or unpin");
        };
    }

    private int install(Path file, boolean dryRun) throws ServerClient.Unreachable {
        byte[] jar;
        try {
            jar = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        ServerClient.Reply reply = client.postBytes("/api/plugins" + (dryRun ? "?dryRun=true" : ""), jar, "application/java-archive");
        if (options.flag("json") && reply.ok()) {
            out.println(reply.body());
            return dryRun && !parse(reply).path("installable").asBoolean() ? ClientVerbs.FAILED : ClientVerbs.OK;
        }
        if (!reply.ok()) {
            JsonNode body = tryParse(reply);
            if (body != null && body.has("dryRun")) {
                err.println("klarsyn plugin: " + file.getFileName() + " was not installed; nothing changed:");
                printDryRun(body.path("dryRun"), err);
                return ClientVerbs.USAGE;
            }
            return failed.applyAsInt(reply);
        }
        JsonNode j = parse(reply);
        if (dryRun) {
            printDryRun(j, out);
            return j.path("installable").asBoolean() ? ClientVerbs.OK : ClientVerbs.FAILED;
        }
        out.println("Installed " + j.path("name").asText() + " " + j.path("version").asText() + ": " + j.path("state").asText()
                + (j.hasNonNull("previousVersion") ? " (replaces " + j.path("previousVersion").asText() + ", kept for rollback)" : ""));
        if (j.hasNonNull("reason")) {
            out.println("  why: " + j.path("reason").asText());
        }
        return j.path("state").asText().equals("ACTIVE") ? ClientVerbs.OK : ClientVerbs.FAILED;
    }

    private static void printDryRun(JsonNode d, PrintStream to) {
        String what = d.path("name").asText() + " " + d.path("version").asText();
        String replaces = d.hasNonNull("currentVersion") ? " (an update of " + d.path("currentVersion").asText() + ")" : "";
        if (d.path("installable").asBoolean()) {
            to.println("Dry run: " + what + replaces + " resolves against the running server and can be installed.");
            return;
        }
        to.println("Dry run: " + what + replaces + " cannot be installed:");
        if (d.hasNonNull("refusal")) {
            to.println("  - " + d.path("refusal").asText());
        }
        for (JsonNode m : d.path("missing")) {
            to.println("  - " + m.path("message").asText());
        }
    }

    private int named(ServerClient.Reply reply, String done) {
        if (!reply.ok()) {
            return failed.applyAsInt(reply);
        }
        if (options.flag("json")) {
            out.println(reply.body());
        } else {
            out.println(done);
        }
        return ClientVerbs.OK;
    }

    private int shown(ServerClient.Reply reply, String verb) {
        if (!reply.ok()) {
            return failed.applyAsInt(reply);
        }
        if (options.flag("json")) {
            out.println(reply.body());
            return ClientVerbs.OK;
        }
        JsonNode j = parse(reply);
        out.println(j.path("name").asText() + " " + verb + " " + j.path("version").asText() + ": " + j.path("state").asText()
                + (j.hasNonNull("previousVersion") ? " (previous: " + j.path("previousVersion").asText() + ")" : "")
                + (j.path("pinned").asBoolean() ? ", pinned" : ""));
        if (j.hasNonNull("reason")) {
            out.println("  why: " + j.path("reason").asText());
        }
        return j.path("state").asText().equals("ACTIVE") ? ClientVerbs.OK : ClientVerbs.FAILED;
    }

    private static String name(String name) {
        if (!name.matches("[A-Za-z0-9_][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("'" + name + "' is not a plugin name (its Bundle-SymbolicName)");
        }
        return name;
    }

    private static JsonNode parse(ServerClient.Reply reply) {
        JsonNode j = tryParse(reply);
        if (j == null) {
            throw new IllegalStateException("the server's answer is not JSON");
        }
        return j;
    }

    private static JsonNode tryParse(ServerClient.Reply reply) {
        try {
            return JSON.readTree(reply.body());
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? "-" : node.asText();
    }
}
