package io.klarsyn.cli.internal.client;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The verbs that talk to a running server: {@code jobs}, {@code run JOB --period YYYY-MM [--wait]}
 * and {@code runs JOB}. The server is {@code --server URL}, else {@code $KLARSYN_SERVER}, else
 * {@value #DEFAULT_SERVER}.
 *
 * <p>Exit codes: 0 done (a waited run ended SUCCESS or UNSTABLE), 1 a waited run ended FAILURE or
 * ABORTED or the server failed, 2 usage or bad input (the server's 400/404/409 reason is shown),
 * 3 no server answered.
 */
public final class ClientVerbs {

    /** The server when neither {@code --server} nor {@code $KLARSYN_SERVER} names one. */
    public static final String DEFAULT_SERVER = "http://127.0.0.1:8080";
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PERIOD = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");
    private static final Pattern JOB = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Set<String> VALUED = Set.of("server", "period", "limit", "token", "user");
    private static final Set<String> FLAGS = Set.of("json", "wait", "help", "dry-run");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter MINUTE_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx", Locale.ROOT);

    private ClientVerbs() {
    }

    /**
     * @param verb {@code jobs}, {@code run} or {@code runs}
     * @param args the arguments after the verb
     * @return the exit code
     */
    public static int run(String verb, String[] args, PrintStream out, PrintStream err) {
        return run(verb, args, out, err, System.getenv(), ZoneId.systemDefault());
    }

    /** As {@link #run(String, String[], PrintStream, PrintStream)}, with the environment and the zone times are shown in. */
    static int run(String verb, String[] args, PrintStream out, PrintStream err, Map<String, String> env, ZoneId zone) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("klarsyn " + verb + ": " + e.getMessage());
            err.println(usage(verb));
            return USAGE;
        }
        if (options.flag("help")) {
            out.println(usage(verb));
            return OK;
        }
        try {
            options.allow(switch (verb) {
                case "run" -> Set.of("server", "json", "period", "wait", "token");
                case "runs" -> Set.of("server", "json", "limit", "token");
                case "login" -> Set.of("server", "user");
                case "plugin" -> Set.of("server", "json", "token", "dry-run");
                default -> Set.of("server", "json", "token");
            });
        } catch (IllegalArgumentException e) {
            err.println("klarsyn " + verb + ": " + e.getMessage());
            err.println(usage(verb));
            return USAGE;
        }
        String server = options.value("server");
        if (server == null) {
            server = env.get("KLARSYN_SERVER");
        }
        if (server == null || server.isBlank()) {
            server = DEFAULT_SERVER;
        }
        server = server.strip();
        while (server.endsWith("/")) {
            server = server.substring(0, server.length() - 1);
        }
        if (!validServer(server)) {
            err.println("klarsyn " + verb + ": the server '" + server + "' is not an http:// or https:// URL");
            return USAGE;
        }
        if (verb.equals("login")) {
            return Tokens.login(server, options.value("user"), env, out, err);
        }
        String token = options.value("token");
        if (token == null || token.isBlank()) {
            token = env.get("KLARSYN_TOKEN");
        }
        if (token == null || token.isBlank()) {
            token = Tokens.stored(server, env);
        }
        Session session = new Session(verb, new ServerClient(server, token == null || token.isBlank() ? null : token.strip()),
                options, out, err, zone);
        try {
            return switch (verb) {
                case "jobs" -> session.jobs();
                case "run" -> session.run();
                case "runs" -> session.runs();
                case "plugins" -> new PluginVerbs(session.client, options, out, err, session::failed).list();
                case "plugin" -> new PluginVerbs(session.client, options, out, err, session::failed).change();
                default -> {
                    err.println("klarsyn: unknown client verb '" + verb + "'");
                    yield USAGE;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println("klarsyn " + verb + ": " + e.getMessage());
            err.println(usage(verb));
            return USAGE;
        } catch (ServerClient.Unreachable e) {
            err.println("no Klarsyn server at " + server + ": is `klarsyn serve` running?");
            return UNREACHABLE;
        } catch (IllegalStateException e) {
            err.println("klarsyn " + verb + ": " + e.getMessage());
            return FAILED;
        }
    }

    /**
     * Whether {@code klarsyn plugins} asks a server: one is named ({@code --server}, {@code $KLARSYN_SERVER}),
     * or a token is at hand ({@code --token}, {@code $KLARSYN_TOKEN}, or one {@code klarsyn login} stored for
     * the default server) and the default server answers. Otherwise it lists this installation.
     */
    public static boolean pluginsFromServer(List<String> args, Map<String, String> env) {
        String named = env.get("KLARSYN_SERVER");
        if (args.stream().anyMatch(a -> a.equals("--server") || a.startsWith("--server=")) || (named != null && !named.isBlank())) {
            return true;
        }
        String token = env.get("KLARSYN_TOKEN");
        boolean hasToken = args.stream().anyMatch(a -> a.equals("--token") || a.startsWith("--token="))
                || (token != null && !token.isBlank()) || Tokens.stored(DEFAULT_SERVER, env) != null;
        return hasToken && answers(DEFAULT_SERVER);
    }

    /** @return whether something accepts connections at the server's address within half a second */
    public static boolean answers(String server) {
        try {
            URI uri = new URI(server);
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(uri.getHost(), port), 500);
                return true;
            }
        } catch (IOException | java.net.URISyntaxException | IllegalArgumentException e) {
            return false;
        }
    }

    public static String usage(String verb) {
        String common = "  --server URL   the server (default $KLARSYN_SERVER, else " + DEFAULT_SERVER + ")\n"
                + "  --token T      the API token (default $KLARSYN_TOKEN, else the one 'klarsyn login' stored)\n"
                + "  --json         print the server's JSON";
        return switch (verb) {
            case "run" -> "usage: klarsyn run JOB --period YYYY-MM [--wait] [--server URL] [--json]\n"
                    + "  --period       the month to report\n"
                    + "  --wait         follow the run's log until it ends; exit 0 for SUCCESS/UNSTABLE, 1 otherwise\n" + common;
            case "login" -> "usage: klarsyn login [--user NAME] [--server URL]\n"
                    + "  asks for the password, gets an API token and stores it for this server (" + Tokens.describeFile() + ")";
            case "runs" -> "usage: klarsyn runs JOB [--limit N] [--server URL] [--json]\n"
                    + "  --limit        at most N runs, newest first (default 50)\n" + common;
            case "plugins" -> "usage: klarsyn plugins [--server URL] [--token T] [--json] [--local]\n"
                    + "  the server's plugins with state, version, source (plugins/ or deploy/), pin, previous version and,\n"
                    + "  when one failed, why: when a server is named (--server, $KLARSYN_SERVER) or a token is at hand and\n"
                    + "  the default server answers. Otherwise (or with --local): this installation's bundles, connectors,\n"
                    + "  metrics and renderers, and what is broken\n" + common;
            case "plugin" -> "usage: klarsyn plugin install FILE.jar [--dry-run] | remove NAME | rollback NAME | pin NAME | unpin NAME\n"
                    + "  install    installs a plugin bundle in the running server, or updates the plugin of its name\n"
                    + "             (the replaced version is kept for rollback); nothing is installed when a requirement is missing\n"
                    + "  --dry-run  only checks the jar against the running server and names every missing requirement\n"
                    + "  remove     uninstalls a plugin installed with 'plugin install'\n"
                    + "  rollback   goes back to the version the last update replaced\n"
                    + "  pin/unpin  a pinned plugin is not replaced by a jar of its name in deploy/\n" + common;
            default -> "usage: klarsyn jobs [--server URL] [--json]\n" + common;
        };
    }

    private static boolean validServer(String server) {
        try {
            URI uri = new URI(server);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** One verb against one server. */
    private static final class Session {
        private final String verb;
        final ServerClient client;
        private final Options options;
        private final PrintStream out;
        private final PrintStream err;
        private final ZoneId zone;

        Session(String verb, ServerClient client, Options options, PrintStream out, PrintStream err, ZoneId zone) {
            this.verb = verb;
            this.client = client;
            this.options = options;
            this.out = out;
            this.err = err;
            this.zone = zone;
        }

        int jobs() throws ServerClient.Unreachable {
            options.positionals(0, "");
            ServerClient.Reply reply = client.get("/api/jobs");
            if (!reply.ok()) {
                return failed(reply);
            }
            if (options.flag("json")) {
                out.println(reply.body());
                return OK;
            }
            JsonNode jobs = parse(reply);
            if (jobs.isEmpty()) {
                out.println("No jobs: add one as a .json file in the server's jobs/ folder.");
                return OK;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NAME", "CLIENT", "SCHEDULE", "NEXT RUN", "LAST RUN"});
            List<String> problems = new ArrayList<>();
            for (JsonNode job : jobs) {
                boolean valid = job.path("valid").asBoolean(true);
                JsonNode last = job.path("lastRun");
                String lastRun = last.isObject()
                        ? "#" + last.path("number").asText() + " " + last.path("period").asText() + " " + last.path("status").asText()
                        : "-";
                rows.add(new String[] {job.path("name").asText(), text(job.path("client")), text(job.path("schedule")),
                        valid ? offsetTime(job.path("nextRun")) : "INVALID", lastRun});
                if (!valid) {
                    problems.add(job.path("name").asText() + ": " + text(job.path("problem")));
                }
            }
            Table.print(rows, out);
            if (!problems.isEmpty()) {
                out.println();
                out.println("Invalid jobs:");
                problems.forEach(p -> out.println("  " + p));
            }
            return OK;
        }

        int runs() throws ServerClient.Unreachable {
            String job = job(options.positionals(1, "JOB"));
            String path = "/api/jobs/" + job + "/runs";
            if (options.value("limit") != null) {
                path += "?limit=" + URLEncoder.encode(options.value("limit"), StandardCharsets.UTF_8);
            }
            ServerClient.Reply reply = client.get(path);
            if (!reply.ok()) {
                return failed(reply);
            }
            if (options.flag("json")) {
                out.println(reply.body());
                return OK;
            }
            JsonNode runs = parse(reply);
            if (runs.isEmpty()) {
                out.println("No runs of " + job + " yet: start one with `klarsyn run " + job + " --period YYYY-MM`.");
                return OK;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"#", "PERIOD", "STATUS", "TRIGGER", "STARTED", "DURATION", "ID"});
            for (JsonNode run : runs) {
                rows.add(new String[] {run.path("number").asText() + (run.path("rerun").asBoolean() ? " (rerun)" : ""),
                        run.path("period").asText(), run.path("status").asText(),
                        run.path("trigger").asText().toLowerCase(Locale.ROOT).replace('_', '-'),
                        instant(run.path("startedAt")), duration(run.path("durationMs")), run.path("id").asText()});
            }
            Table.print(rows, out);
            return OK;
        }

        int run() throws ServerClient.Unreachable {
            String job = job(options.positionals(1, "JOB"));
            String period = options.value("period");
            if (period == null) {
                throw new IllegalArgumentException("--period YYYY-MM is required, e.g. --period 2026-10");
            }
            if (!PERIOD.matcher(period).matches()) {
                throw new IllegalArgumentException("--period '" + period + "' is not a month; write it as YYYY-MM, e.g. 2026-10");
            }
            ObjectNode body = JSON.createObjectNode().put("period", period).put("trigger", "cli");
            ServerClient.Reply reply = client.post("/api/jobs/" + job + "/runs", body.toString(), "X-Klarsyn-Trigger", "cli");
            if (!reply.ok()) {
                return failed(reply);
            }
            JsonNode run = parse(reply);
            long id = run.path("id").asLong();
            boolean json = options.flag("json");
            if (!options.flag("wait")) {
                if (json) {
                    out.println(reply.body());
                } else {
                    out.println("Queued " + job + " #" + run.path("number").asText() + " for " + run.path("period").asText()
                            + " (run " + id + "): " + client.url("/api/runs/" + id));
                }
                return OK;
            }
            PrintStream log = json ? err : out;
            if (!json) {
                out.println("Queued " + job + " #" + run.path("number").asText() + " for " + run.path("period").asText()
                        + " (run " + id + "); its log follows.");
            }
            long offset = 0;
            while (true) {
                ServerClient.Streamed followed = client.stream("/api/runs/" + id + "/log?follow=true&offset=" + offset, log);
                if (!followed.reply().ok()) {
                    return failed(followed.reply());
                }
                offset += followed.chars();
                if (followed.complete()) {
                    break;
                }
                if (followed.chars() == 0) {
                    pause(1000);
                }
            }
            log.flush();
            ServerClient.Reply finalReply = finished(id);
            if (!finalReply.ok()) {
                return failed(finalReply);
            }
            JsonNode done = parse(finalReply);
            String status = done.path("status").asText();
            if (json) {
                out.println(finalReply.body());
            } else {
                out.println();
                out.println(job + " #" + done.path("number").asText() + " " + done.path("period").asText() + ": " + status
                        + durationSuffix(done.path("durationMs")));
                for (JsonNode message : done.path("messages")) {
                    out.println("  " + message.asText());
                }
                for (JsonNode artifact : done.path("artifacts")) {
                    out.println("  " + artifact.path("name").asText() + ": " + client.url(artifact.path("url").asText()));
                }
            }
            return status.equals("SUCCESS") || status.equals("UNSTABLE") ? OK : FAILED;
        }

        /** The run's record once finished; polls once a second should the record lag behind the log. */
        private ServerClient.Reply finished(long id) throws ServerClient.Unreachable {
            while (true) {
                ServerClient.Reply reply = client.get("/api/runs/" + id);
                if (!reply.ok()) {
                    return reply;
                }
                String status = parse(reply).path("status").asText();
                if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                    return reply;
                }
                pause(1000);
                if (Thread.currentThread().isInterrupted()) {
                    return reply;
                }
            }
        }

        int failed(ServerClient.Reply reply) {
            String error = "HTTP " + reply.status();
            String detail = reply.body() == null ? "" : reply.body().strip();
            try {
                JsonNode json = JSON.readTree(reply.body());
                if (json != null && json.isObject() && json.has("error")) {
                    error = json.path("error").asText();
                    detail = text(json.path("detail"));
                }
            } catch (IOException e) {
                // not JSON: shown as it came
            }
            err.println("klarsyn " + verb + ": " + error + (detail.isEmpty() || detail.equals("-") ? "" : ": " + detail));
            if (reply.status() == 401) {
                err.println("log in first: klarsyn login --server " + client.server() + " (or give --token / $KLARSYN_TOKEN)");
            }
            return reply.status() >= 400 && reply.status() < 500 ? USAGE : FAILED;
        }

        private JsonNode parse(ServerClient.Reply reply) {
            try {
                return JSON.readTree(reply.body());
            } catch (IOException e) {
                throw new IllegalStateException("the server's answer is not JSON: " + e.getMessage(), e);
            }
        }

        private String offsetTime(JsonNode node) {
            if (!node.isTextual()) {
                return "-";
            }
            try {
                return OffsetDateTime.parse(node.asText()).format(MINUTE_OFFSET);
            } catch (DateTimeParseException e) {
                return node.asText();
            }
        }

        private String instant(JsonNode node) {
            if (!node.isTextual()) {
                return "-";
            }
            try {
                return Instant.parse(node.asText()).atZone(zone).format(MINUTE);
            } catch (DateTimeParseException e) {
                return node.asText();
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String job(String name) {
        if (!JOB.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a job name (letters, digits, '.', '_' and '-')");
        }
        return name;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? "-" : node.asText();
    }

    static String duration(JsonNode millis) {
        if (!millis.isNumber()) {
            return "-";
        }
        long ms = millis.asLong();
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long seconds = ms / 1000;
        return seconds / 60 + " min " + seconds % 60 + " s";
    }

    private static String durationSuffix(JsonNode millis) {
        return millis.isNumber() ? " in " + duration(millis) : "";
    }

    /** {@code --name value}, {@code --name=value} and {@code --flag} options, and positional words. */
    static final class Options {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final List<String> positionals = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("-h")) {
                    arg = "--help";
                }
                if (!arg.startsWith("--")) {
                    o.positionals.add(arg);
                    continue;
                }
                String name = arg.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq > 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (VALUED.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                            throw new IllegalArgumentException("--" + name + " needs a value");
                        }
                        value = args[++i];
                    }
                    o.values.put(name, value);
                } else if (FLAGS.contains(name) && value == null) {
                    o.values.put(name, "");
                } else {
                    throw new IllegalArgumentException("unknown option --" + name);
                }
            }
            return o;
        }

        String value(String name) {
            String v = values.get(name);
            return v == null || v.isEmpty() ? null : v;
        }

        boolean flag(String name) {
            return values.containsKey(name);
        }

        void allow(Set<String> allowed) {
            for (String name : values.keySet()) {
                if (!allowed.contains(name)) {
                    throw new IllegalArgumentException("--" + name + " does not apply here");
                }
            }
        }

        List<String> positionals() {
            return positionals;
        }

        /** @return the single positional word when {@code count} is 1; none allowed when 0 */
        String positionals(int count, String what) {
            if (positionals.size() > count) {
                throw new IllegalArgumentException("unexpected argument '" + positionals.get(count) + "'");
            }
            if (positionals.size() < count) {
                throw new IllegalArgumentException(what + " is missing");
            }
            return count == 0 ? null : positionals.get(0);
        }
    }
}
