package io.klarsyn.http.api.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.klarsyn.api.delivery.Deliveries;
import io.klarsyn.api.delivery.DeliveryException;
import io.klarsyn.api.delivery.DeliveryRecord;
import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.JobRegistry;
import io.klarsyn.api.server.JobScheduler;
import io.klarsyn.api.server.RunQueue;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunStore;
import io.klarsyn.api.server.TrendPoint;
import io.klarsyn.api.server.Trigger;

/**
 * The JSON API under {@code /api}: routes a {@link Request} to the server's services and answers
 * with a {@link Response}. Knows nothing of servlets, so it is tested directly.
 */
final class Api {

    /** The header by which a client names its trigger ({@code cli}); the body field {@code trigger} does the same. */
    static final String TRIGGER_HEADER = "X-Klarsyn-Trigger";
    /** The user the security filter authenticated, put on the request by the servlet (a client's own is dropped). */
    static final String USER_HEADER = "X-Klarsyn-User";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    private static final Map<String, String> ARTIFACT_TYPES = Map.of(
            "report.pdf", "application/pdf",
            "metrics.json", Response.JSON,
            "run.log", Response.TEXT);
    private static final Pattern PERIOD = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern ID = Pattern.compile("\\d{1,18}");

    private final JobRegistry jobs;
    private final RunStore store;
    private final RunQueue queue;
    private final JobScheduler scheduler;
    private final LogFollower follower;
    private final Supplier<Deliveries> deliveries;
    private final PluginsApi plugins;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    Api(JobRegistry jobs, RunStore store, RunQueue queue, JobScheduler scheduler, LogFollower.Pause pause) {
        this(jobs, store, queue, scheduler, pause, () -> null);
    }

    /** @param deliveries the delivery service now, or null while there is none */
    Api(JobRegistry jobs, RunStore store, RunQueue queue, JobScheduler scheduler, LogFollower.Pause pause,
            Supplier<Deliveries> deliveries) {
        this(jobs, store, queue, scheduler, pause, deliveries, () -> null, () -> null);
    }

    /** @param plugins the plugin manager now, or null while there is none */
    Api(JobRegistry jobs, RunStore store, RunQueue queue, JobScheduler scheduler, LogFollower.Pause pause,
            Supplier<Deliveries> deliveries, Supplier<io.klarsyn.api.server.PluginManager> plugins,
            Supplier<io.klarsyn.api.security.AuditLog> audit) {
        this.plugins = new PluginsApi(plugins, audit);
        this.deliveries = deliveries;
        this.jobs = jobs;
        this.store = store;
        this.queue = queue;
        this.scheduler = scheduler;
        this.follower = new LogFollower(queue, store, pause);
    }

    Response handle(Request request) {
        try {
            return route(request);
        } catch (ApiError e) {
            return error(e.status, e.error, e.detail);
        } catch (RuntimeException e) {
            return error(500, "internal error", String.valueOf(e.getMessage()));
        }
    }

    private Response route(Request request) {
        String path = request.path();
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            throw notFound("no route " + path);
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.substring("/api".length()).split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        String method = request.method().toUpperCase(Locale.ROOT);
        int n = parts.size();
        if (n >= 1 && parts.get(0).equals("jobs")) {
            if (n == 1) {
                return only(method, "GET", () -> listJobs(request.sees()));
            }
            String name = parts.get(1);
            if (n == 2) {
                return only(method, "GET", () -> job(name));
            }
            if (n == 3 && parts.get(2).equals("runs")) {
                if (method.equals("POST")) {
                    return submit(name, request);
                }
                return only(method, "GET", () -> history(name, request.query()));
            }
            if (n == 3 && parts.get(2).equals("trend")) {
                return only(method, "GET", () -> trend(name));
            }
            if (n == 3 && parts.get(2).equals("test-mail")) {
                return only(method, "POST", () -> testMail(name, request));
            }
        } else if (n >= 1 && parts.get(0).equals("plugins")) {
            return plugins.handle(method, parts, request);
        } else if (n >= 2 && parts.get(0).equals("runs")) {
            String id = parts.get(1);
            if (n == 2) {
                return only(method, "GET", () -> run(id));
            }
            if (n == 3 && parts.get(2).equals("abort")) {
                return only(method, "POST", () -> abort(id));
            }
            if (n == 3 && parts.get(2).equals("deliveries")) {
                if (method.equals("POST")) {
                    return resend(id);
                }
                return only(method, "GET", () -> deliveries(id));
            }
            if (n == 3 && parts.get(2).equals("log")) {
                return only(method, "GET", () -> log(id, request.query()));
            }
            if (n == 4 && parts.get(2).equals("artifacts")) {
                return only(method, "GET", () -> artifact(id, parts.get(3)));
            }
        }
        throw notFound("no route " + method + " " + path);
    }

    private static Response only(String method, String allowed, java.util.function.Supplier<Response> answer) {
        if (!method.equals(allowed)) {
            return error(405, "method not allowed", method + " is not allowed here; use " + allowed)
                    .withHeader("Allow", allowed);
        }
        return answer.get();
    }

    private Response listJobs(java.util.function.Predicate<String> sees) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (JobEntry entry : jobs.jobs()) {
            Map<String, Object> json = jobJson(entry);
            if (sees.test((String) json.get("client"))) {
                list.add(json);
            }
        }
        return json(200, list);
    }

    private Response job(String name) {
        JobEntry entry = knownJob(name);
        Map<String, Object> json = jobJson(entry);
        List<String> next = new ArrayList<>();
        if (entry.valid()) {
            for (ZonedDateTime time : scheduler.nextRuns(name, 3)) {
                next.add(iso(time));
            }
        }
        json.put("nextRuns", next);
        JobDefinition definition = entry.definition();
        json.put("timeZone", definition == null ? null : definition.spec().zone().getId());
        json.put("recipients", definition == null ? List.of() : definition.recipients());
        json.put("owner", definition == null ? null : definition.delivery().owner());
        json.put("delivery", definition == null ? Map.of() : definition.delivery().channels());
        json.put("retention", definition == null ? null
                : Map.of("runs", definition.retention().keepRuns(), "days", definition.retention().keepDays()));
        return json(200, json);
    }

    private Map<String, Object> jobJson(JobEntry entry) {
        JobDefinition definition = entry.definition();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", entry.name());
        String client = definition == null ? null : definition.spec().branding().clientName();
        json.put("client", client == null || client.isBlank() ? entry.name() : client);
        json.put("schedule", definition == null ? null : definition.schedule());
        List<ZonedDateTime> next = entry.valid() ? scheduler.nextRuns(entry.name(), 1) : List.of();
        json.put("nextRun", next.isEmpty() ? null : iso(next.get(0)));
        json.put("lastRun", store.lastRun(entry.name()).map(Api::runSummary).orElse(null));
        json.put("valid", entry.valid());
        json.put("problem", entry.valid() ? null : entry.problem());
        return json;
    }

    private static Map<String, Object> runSummary(RunRecord run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", run.id());
        json.put("number", run.number());
        json.put("period", run.period().toString());
        json.put("status", run.status().name());
        return json;
    }

    private Response submit(String name, Request request) {
        JobEntry entry = knownJob(name);
        JsonNode body;
        try {
            body = request.body().length == 0 ? null : MAPPER.readTree(request.body());
        } catch (IOException e) {
            throw badRequest("bad JSON", firstLine(e.getMessage()));
        }
        if (body == null || !body.isObject()) {
            throw badRequest("bad JSON", "the body must be a JSON object like {\"period\":\"2026-10\"}");
        }
        JsonNode periodNode = body.get("period");
        if (periodNode == null || !periodNode.isTextual()) {
            throw badRequest("bad period", "the body needs \"period\": \"YYYY-MM\"");
        }
        YearMonth period = period(periodNode.asText());
        Trigger trigger = trigger(request, body);
        if (!entry.valid()) {
            throw new ApiError(409, "invalid job", entry.problem() == null ? "job " + name + " is invalid" : entry.problem());
        }
        RunRecord run;
        try {
            run = queue.submit(name, period, trigger);
        } catch (IllegalArgumentException e) {
            throw new ApiError(409, "cannot run", String.valueOf(e.getMessage()));
        }
        return json(202, runJson(run)).withHeader("Location", "/api/runs/" + run.id());
    }

    private static YearMonth period(String text) {
        if (!PERIOD.matcher(text).matches()) {
            throw badRequest("bad period", "period must be YYYY-MM, not \"" + text + "\"");
        }
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw badRequest("bad period", "period must be YYYY-MM with a month 01-12, not \"" + text + "\"");
        }
    }

    private static Trigger trigger(Request request, JsonNode body) {
        String named = request.header(TRIGGER_HEADER);
        JsonNode field = body.get("trigger");
        if (field != null && !field.isNull()) {
            named = field.asText();
        }
        if (named == null || named.equalsIgnoreCase("api")) {
            return Trigger.API;
        }
        if (named.equalsIgnoreCase("cli")) {
            return Trigger.CLI;
        }
        throw badRequest("bad trigger", "trigger must be \"api\" or \"cli\", not \"" + named + "\"");
    }

    private Response history(String name, Map<String, String> query) {
        int offset = number(query, "offset", 0, Integer.MAX_VALUE, 0);
        int limit = number(query, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        knownJobOrHistory(name);
        List<Map<String, Object>> list = new ArrayList<>();
        for (RunRecord run : store.runs(name, offset, limit)) {
            list.add(runJson(run));
        }
        return json(200, list);
    }

    private Response trend(String name) {
        knownJobOrHistory(name);
        List<Map<String, Object>> list = new ArrayList<>();
        for (TrendPoint point : store.trend(name)) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("period", point.period().toString());
            json.put("runId", point.runId());
            json.put("status", point.status().name());
            json.put("values", numbers(point.values()));
            list.add(json);
        }
        return json(200, list);
    }

    private static int number(Map<String, String> query, String name, int min, int max, int absent) {
        String text = query.get(name);
        if (text == null || text.isEmpty()) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw badRequest("bad " + name, name + " must be a whole number from " + min + " to " + max + ", not \"" + text + "\"");
    }

    private Response run(String id) {
        RunRecord run = knownRun(id);
        Map<String, Object> json = runJson(run);
        Deliveries service = deliveries.get();
        if (service != null) {
            json.put("deliveries", deliveryJson(service.ofRun(run.id())));
        }
        return json(200, json);
    }

    private Deliveries deliveryService() {
        Deliveries service = deliveries.get();
        if (service == null) {
            throw new ApiError(503, "no delivery", "the delivery bundle (klarsyn-delivery) is not running");
        }
        return service;
    }

    private Response deliveries(String id) {
        RunRecord run = knownRun(id);
        return json(200, deliveryJson(deliveryService().ofRun(run.id())));
    }

    private Response resend(String id) {
        RunRecord run = knownRun(id);
        try {
            return json(202, deliveryJson(deliveryService().resend(run.id())));
        } catch (IllegalStateException e) {
            throw new ApiError(409, "cannot resend", String.valueOf(e.getMessage()));
        } catch (NoSuchElementException e) {
            throw notFound(String.valueOf(e.getMessage()));
        }
    }

    private Response testMail(String name, Request request) {
        knownJob(name);
        JsonNode body;
        try {
            body = request.body().length == 0 ? null : MAPPER.readTree(request.body());
        } catch (IOException e) {
            throw badRequest("bad JSON", firstLine(e.getMessage()));
        }
        if (body == null || !body.isObject() || !body.path("to").isTextual()) {
            throw badRequest("bad JSON", "the body must be a JSON object like {\"to\": \"someone@example.no\"}");
        }
        String to = body.get("to").asText();
        try {
            String messageId = deliveryService().sendTest(name, to);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("job", name);
            json.put("to", to.strip());
            json.put("messageId", messageId);
            return json(200, json);
        } catch (IllegalArgumentException e) {
            throw badRequest("bad address", String.valueOf(e.getMessage()));
        } catch (NoSuchElementException e) {
            throw new ApiError(409, "invalid job", String.valueOf(e.getMessage()));
        } catch (IllegalStateException e) {
            throw new ApiError(409, "cannot send", String.valueOf(e.getMessage()));
        } catch (DeliveryException e) {
            throw new ApiError(502, "not sent", String.valueOf(e.getMessage()));
        }
    }

    static List<Map<String, Object>> deliveryJson(List<DeliveryRecord> records) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (DeliveryRecord d : records) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", d.id());
            json.put("runId", d.runId());
            json.put("period", d.period().toString());
            json.put("channel", d.channel());
            json.put("target", d.target());
            json.put("kind", d.kind().name());
            json.put("round", d.round());
            json.put("state", d.state().name());
            json.put("attempts", d.attempts());
            json.put("error", d.error());
            json.put("createdAt", iso(d.createdAt()));
            json.put("nextAttemptAt", iso(d.nextAttemptAt()));
            json.put("sentAt", iso(d.sentAt()));
            json.put("messageId", d.messageId());
            list.add(json);
        }
        return list;
    }

    private Response abort(String id) {
        RunRecord run = knownRun(id);
        if (!queue.abort(run.id())) {
            // (in a cluster, a run RUNNING on another node is aborted there: the queue asks that node and says true)
            RunRecord now = store.run(run.id()).orElse(run);
            throw new ApiError(409, "not abortable", "run " + run.id() + " is " + now.status() + ", not queued or running");
        }
        return json(202, runJson(store.run(run.id()).orElse(run)));
    }

    private Response log(String id, Map<String, String> query) {
        RunRecord run = knownRun(id);
        long offset = number(query, "offset", 0, Integer.MAX_VALUE, 0);
        if ("true".equalsIgnoreCase(query.get("follow"))) {
            return Response.stream(Response.TEXT, out -> follower.follow(run.id(), offset, out));
        }
        return Response.text(200, queue.log(run.id(), offset));
    }

    private Response artifact(String id, String name) {
        String type = ARTIFACT_TYPES.get(name);
        if (type == null) {
            throw notFound("no artifact " + name + "; a run has report.pdf, metrics.json and run.log");
        }
        RunRecord run = knownRun(id);
        Optional<Path> file = store.artifact(run.id(), name);
        if (file.isEmpty()) {
            throw notFound("run " + run.id() + " has no " + name);
        }
        return Response.file(type, file.get());
    }

    private JobEntry knownJob(String name) {
        return jobs.job(name).orElseThrow(() -> notFound("no job " + name));
    }

    /** A job that is gone from {@code jobs/} still has its history. */
    private void knownJobOrHistory(String name) {
        if (jobs.job(name).isEmpty() && store.lastRun(name).isEmpty()) {
            throw notFound("no job " + name);
        }
    }

    private RunRecord knownRun(String id) {
        if (!ID.matcher(id).matches()) {
            throw notFound("no run " + id);
        }
        return store.run(Long.parseLong(id)).orElseThrow(() -> notFound("no run " + id));
    }

    static Map<String, Object> runJson(RunRecord run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", run.id());
        json.put("job", run.job());
        json.put("number", run.number());
        json.put("period", run.period().toString());
        json.put("status", run.status().name());
        json.put("trigger", run.trigger().name());
        json.put("rerun", run.rerun());
        json.put("queuedAt", iso(run.queuedAt()));
        json.put("startedAt", iso(run.startedAt()));
        json.put("durationMs", run.durationMs());
        json.put("kpis", numbers(run.kpis()));
        json.put("rejectedShare", finite(run.rejectedShare()));
        json.put("messages", run.messages());
        List<Map<String, Object>> artifacts = new ArrayList<>();
        for (String name : run.artifacts()) {
            Map<String, Object> artifact = new LinkedHashMap<>();
            artifact.put("name", name);
            artifact.put("url", "/api/runs/" + run.id() + "/artifacts/" + name);
            artifacts.add(artifact);
        }
        json.put("artifacts", artifacts);
        return json;
    }

    /** The values in the record's order (headline figures by rank); NaN and infinities as null. */
    private static Map<String, Object> numbers(Map<String, Double> values) {
        Map<String, Object> json = new LinkedHashMap<>();
        values.forEach((name, value) -> json.put(name, finite(value)));
        return json;
    }

    private static Double finite(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? null : value;
    }

    static String iso(ZonedDateTime time) {
        return time.toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    static String iso(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private Response json(int status, Object value) {
        try {
            return Response.bytes(status, Response.JSON, MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Response error(int status, String error, String detail) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("error", error);
        json.put("detail", detail);
        try {
            return Response.bytes(status, Response.JSON, MAPPER.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable JSON";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static ApiError notFound(String detail) {
        return new ApiError(404, "not found", detail);
    }

    private static ApiError badRequest(String error, String detail) {
        return new ApiError(400, error, detail);
    }

    private static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String error;
        final String detail;

        ApiError(int status, String error, String detail) {
            super(detail, null, false, false);
            this.status = status;
            this.error = error;
            this.detail = detail;
        }
    }
}
