package io.klarsyn.http.api.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.klarsyn.api.security.AuditLog;
import io.klarsyn.api.server.PluginManager;
import io.klarsyn.api.server.PluginManager.DryRun;
import io.klarsyn.api.server.PluginManager.Installed;
import io.klarsyn.api.server.PluginManager.Missing;
import io.klarsyn.api.server.PluginManager.PluginException;

/**
 * {@code /api/plugins}: the {@link PluginManager} over HTTP. {@code GET /api/plugins},
 * {@code POST /api/plugins} (the jar as the body; {@code ?dryRun=true} only checks it),
 * {@code GET|DELETE /api/plugins/{name}}, {@code POST /api/plugins/{name}/rollback},
 * {@code PUT|DELETE /api/plugins/{name}/pin}.
 */
final class PluginsApi {

    /** The largest plugin jar taken: 64 MB. */
    static final int MAX_JAR_BYTES = 64 << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Supplier<PluginManager> manager;
    private final Supplier<AuditLog> audit;

    PluginsApi(Supplier<PluginManager> manager, Supplier<AuditLog> audit) {
        this.manager = manager;
        this.audit = audit;
    }

    /** @param parts the path's segments after {@code /api}, the first being {@code plugins} */
    Response handle(String method, List<String> parts, Request request) {
        PluginManager m = manager.get();
        if (m == null) {
            return Api.error(503, "no plugin manager", "the plugin manager bundle (klarsyn-plugins) is not running");
        }
        int n = parts.size();
        try {
            if (n == 1) {
                return switch (method) {
                    case "GET" -> json(200, m.plugins().stream().map(PluginsApi::json).toList());
                    case "POST" -> post(m, request);
                    default -> notAllowed(method, "GET, POST");
                };
            }
            String name = parts.get(1);
            if (n == 2) {
                return switch (method) {
                    case "GET" -> m.plugin(name).map(p -> json(200, json(p)))
                            .orElseGet(() -> Api.error(404, "not found", "no plugin named " + name));
                    case "DELETE" -> {
                        m.remove(name);
                        yield json(200, Map.of("removed", name));
                    }
                    default -> notAllowed(method, "GET, DELETE");
                };
            }
            if (n == 3 && parts.get(2).equals("rollback")) {
                return method.equals("POST") ? json(200, json(m.rollback(name))) : notAllowed(method, "POST");
            }
            if (n == 3 && parts.get(2).equals("pin")) {
                return switch (method) {
                    case "PUT" -> json(200, json(m.pin(name, true)));
                    case "DELETE" -> json(200, json(m.pin(name, false)));
                    default -> notAllowed(method, "PUT, DELETE");
                };
            }
            return Api.error(404, "not found", "no route " + method + " " + request.path());
        } catch (PluginException e) {
            return refused(e);
        }
    }

    private Response post(PluginManager m, Request request) throws PluginException {
        byte[] jar = request.body();
        if (jar.length == 0) {
            return Api.error(400, "no jar", "POST the plugin's jar as the request body (curl --data-binary @plugin.jar)");
        }
        if ("true".equalsIgnoreCase(request.query().get("dryRun"))) {
            return json(200, json(m.dryRun(jar)));
        }
        Installed installed = m.install(jar);
        AuditLog log = audit.get();
        if (log != null) {
            String who = request.header(Api.USER_HEADER);
            log.record(who == null ? "-" : who, "plugin.install", "/api/plugins/" + installed.name(),
                    installed.name() + " " + installed.version() + ", " + installed.state()
                            + (installed.previousVersion() == null ? "" : ", replaces " + installed.previousVersion()));
        }
        return json(201, json(installed)).withHeader("Location", "/api/plugins/" + installed.name());
    }

    private static Response refused(PluginException e) {
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case UNRESOLVABLE, CONFLICT -> 409;
        };
        String error = switch (e.kind()) {
            case INVALID -> "not a bundle";
            case NOT_FOUND -> "not found";
            case UNRESOLVABLE -> "unresolvable";
            case CONFLICT -> "conflict";
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("detail", e.getMessage());
        if (e.dryRun() != null) {
            body.put("dryRun", json(e.dryRun()));
        }
        return json(status, body);
    }

    static Map<String, Object> json(Installed p) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("name", p.name());
        j.put("version", p.version());
        j.put("state", p.state());
        j.put("reason", p.reason());
        j.put("source", p.source().name().toLowerCase(java.util.Locale.ROOT));
        j.put("pinned", p.pinned());
        j.put("previousVersion", p.previousVersion());
        j.put("contributes", p.contributes());
        j.put("bundleId", p.bundleId());
        j.put("file", p.file());
        return j;
    }

    static Map<String, Object> json(DryRun d) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("name", d.name());
        j.put("version", d.version());
        j.put("installable", d.installable());
        j.put("currentVersion", d.currentVersion());
        List<Map<String, Object>> missing = new ArrayList<>();
        for (Missing x : d.missing()) {
            Map<String, Object> mj = new LinkedHashMap<>();
            mj.put("bundle", x.bundle());
            mj.put("namespace", x.namespace());
            mj.put("requirement", x.requirement());
            mj.put("found", x.found());
            mj.put("message", x.message());
            missing.add(mj);
        }
        j.put("missing", missing);
        j.put("refusal", d.refusal());
        return j;
    }

    private static Response notAllowed(String method, String allowed) {
        return Api.error(405, "method not allowed", method + " is not allowed here; use " + allowed).withHeader("Allow", allowed);
    }

    private static Response json(int status, Object value) {
        try {
            return Response.bytes(status, Response.JSON, MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
