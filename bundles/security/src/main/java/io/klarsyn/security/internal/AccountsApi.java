package io.klarsyn.security.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.klarsyn.api.security.AuditEntry;
import io.klarsyn.api.security.AuditLog;
import io.klarsyn.api.security.Authorization;
import io.klarsyn.api.security.Role;
import io.klarsyn.api.security.Route;
import io.klarsyn.api.security.Subject;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The accounts' JSON API: tokens, passwords, users, the audit log and the route table. Who may call
 * what is the {@link SecurityFilter}'s; only the Basic-authenticated routes check a password here, and
 * a user sees only their own tokens unless they are an admin.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/api/tokens", "/api/tokens/*", "/api/password", "/api/me", "/api/users", "/api/users/*",
        "/api/audit", "/api/routes"})
@HttpWhiteboardServletName("klarsyn-accounts-api")
public class AccountsApi extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Accounts accounts;
    private final transient AuditLog audit;
    private final transient Authorization authorization;
    private final transient Sessions sessions;

    @Activate
    public AccountsApi(@Reference Accounts accounts, @Reference AuditLog audit, @Reference Authorization authorization,
            @Reference Sessions sessions) {
        this.accounts = accounts;
        this.audit = audit;
        this.authorization = authorization;
        this.sessions = sessions;
    }

    /** A refusal with its status. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String error;
        final transient Map<String, String> headers;

        Refused(int status, String error, String detail, Map<String, String> headers) {
            super(detail, null, false, false);
            this.status = status;
            this.error = error;
            this.headers = headers;
        }

        Refused(int status, String error, String detail) {
            this(status, error, detail, Map.of());
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        String method = req.getMethod();
        Subject subject = (Subject) req.getAttribute(Subject.ATTRIBUTE);
        try {
            Object answer;
            int status = 200;
            String first = parts.size() > 1 ? parts.get(1) : "";
            if (first.equals("tokens") && parts.size() == 2 && method.equals("POST")) {
                answer = createToken(req);
                status = 201;
            } else if (first.equals("tokens") && parts.size() == 2) {
                answer = tokens(subject, "true".equals(req.getParameter("all")));
            } else if (first.equals("tokens") && parts.size() == 3) {
                revoke(subject, parts.get(2));
                resp.setStatus(204);
                return;
            } else if (first.equals("password")) {
                changePassword(req);
                resp.setStatus(204);
                return;
            } else if (first.equals("me")) {
                answer = userJson(accounts.user(subject.username()).orElseThrow());
            } else if (first.equals("users") && parts.size() == 2 && method.equals("POST")) {
                answer = createUser(body(req));
                status = 201;
            } else if (first.equals("users") && parts.size() == 2) {
                List<Object> list = new ArrayList<>();
                accounts.users().forEach(u -> list.add(userJson(u)));
                answer = list;
            } else if (first.equals("users") && parts.size() == 3) {
                answer = user(method, parts.get(2), req);
                if (answer == null) {
                    resp.setStatus(204);
                    return;
                }
            } else if (first.equals("audit")) {
                answer = auditJson(number(req, "offset", 0, Integer.MAX_VALUE, 0), number(req, "limit", 1, 1000, 100));
            } else if (first.equals("routes")) {
                List<Object> list = new ArrayList<>();
                for (Route r : authorization.routes()) {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("method", r.method());
                    json.put("pattern", r.pattern());
                    json.put("permission", r.permission().name());
                    json.put("audit", r.audit());
                    json.put("clientField", r.clientField());
                    list.add(json);
                }
                answer = list;
            } else {
                throw new Refused(404, "not found", "no route " + method + " " + path);
            }
            send(resp, status, answer);
        } catch (Refused e) {
            // a refusal may come before the body was read (wrong Basic credentials): read it, or the
            // connection could not carry the client's next request
            SecurityFilter.drain(req, resp);
            e.headers.forEach(resp::setHeader);
            SecurityFilter.apiError(resp, e.status, e.error, e.getMessage());
        } catch (IllegalArgumentException e) {
            SecurityFilter.drain(req, resp);
            SecurityFilter.apiError(resp, 400, "bad request", e.getMessage());
        }
    }

    /** Basic user:password; a user who must change the password gets no token. */
    private Map<String, Object> createToken(HttpServletRequest req) throws Refused, IOException {
        Subject who = basic(req);
        if (who.mustChangePassword()) {
            throw new Refused(403, "password change required",
                    "the password must be changed first: POST /api/password with Basic authentication and {\"newPassword\": ...}, or log in at /login");
        }
        JsonNode body = optionalBody(req);
        String name = body != null && body.path("name").isTextual() ? body.get("name").asText() : "api";
        Accounts.Issued issued = accounts.createToken(who.username(), name);
        audit.record(who.username(), "token.create", "token " + issued.id(), name);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("token", issued.token());
        json.put("id", issued.id());
        json.put("username", who.username());
        return json;
    }

    private void changePassword(HttpServletRequest req) throws Refused, IOException {
        Subject who = basic(req);
        JsonNode body = body(req);
        if (!body.path("newPassword").isTextual()) {
            throw new IllegalArgumentException("the body needs \"newPassword\"");
        }
        accounts.changePassword(who.username(), basicPassword(req), body.get("newPassword").asText());
        sessions.closeAll(who.username());
        audit.record(who.username(), "password.change", who.username(), "through the API");
    }

    private Subject basic(HttpServletRequest req) throws Refused {
        String auth = req.getHeader("Authorization");
        Map<String, String> challenge = Map.of("WWW-Authenticate", "Basic realm=\"klarsyn\", charset=\"UTF-8\"");
        if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new Refused(401, "unauthorized", "send HTTP Basic authentication (user:password)", challenge);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused(401, "unauthorized", "the Basic credentials are not Base64", challenge);
        }
        int colon = decoded.indexOf(':');
        String username = colon < 0 ? decoded : decoded.substring(0, colon);
        String password = colon < 0 ? "" : decoded.substring(colon + 1);
        Accounts.Login login = accounts.login(username, password.toCharArray());
        if (login instanceof Accounts.Login.Ok ok) {
            audit.record(username, "login", "api", req.getRemoteAddr());
            return ok.subject();
        }
        if (login instanceof Accounts.Login.Wait wait) {
            long seconds = Math.max(1, (wait.retryAfter().toMillis() + 999) / 1000);
            audit.record(username, "login.refused", "api", "too many failures, wait " + seconds + " s; " + req.getRemoteAddr());
            throw new Refused(429, "too many failed logins", "try again in " + seconds + " s",
                    Map.of("Retry-After", String.valueOf(seconds)));
        }
        audit.record(username, "login.failed", "api", req.getRemoteAddr());
        throw new Refused(401, "unauthorized", "wrong user name or password", challenge);
    }

    private static String basicPassword(HttpServletRequest req) {
        String decoded = new String(Base64.getDecoder().decode(req.getHeader("Authorization").substring(6).strip()),
                StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? "" : decoded.substring(colon + 1);
    }

    private List<Object> tokens(Subject subject, boolean all) {
        List<Object> list = new ArrayList<>();
        for (Accounts.Token t : accounts.tokens(all && subject.role() == Role.ADMIN ? null : subject.username())) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", t.id());
            json.put("username", t.username());
            json.put("name", t.name());
            json.put("createdAt", t.createdAt().toString());
            list.add(json);
        }
        return list;
    }

    /** Someone else's token is as unknown as one that does not exist (admins revoke any). */
    private void revoke(Subject subject, String idText) throws Refused {
        Optional<Accounts.Token> token = idText.matches("\\d{1,18}") ? accounts.token(Long.parseLong(idText)) : Optional.empty();
        if (token.isEmpty() || !(token.get().username().equals(subject.username()) || subject.role() == Role.ADMIN)) {
            throw new Refused(404, "not found", "no token " + idText);
        }
        accounts.revoke(token.get().id());
    }

    private Map<String, Object> createUser(JsonNode body) {
        Accounts.User user = accounts.create(text(body, "username"), text(body, "password"), Role.of(text(body, "role")),
                clients(body));
        return userJson(user);
    }

    private Object user(String method, String name, HttpServletRequest req) throws Refused, IOException {
        Accounts.User user = accounts.user(name).orElseThrow(() -> new Refused(404, "not found", "no user " + name));
        switch (method) {
            case "GET":
                return userJson(user);
            case "PUT":
                JsonNode body = body(req);
                Role role = body.has("role") ? Role.of(text(body, "role")) : user.role();
                Set<String> clients = body.has("clients") ? clients(body) : user.clients();
                accounts.update(name, role, clients);
                sessions.closeAll(name);
                return userJson(accounts.user(name).orElseThrow());
            case "DELETE":
                if (user.role() == Role.ADMIN && accounts.users().stream().filter(u -> u.role() == Role.ADMIN).count() == 1) {
                    throw new Refused(409, "last admin", "the last admin cannot be deleted");
                }
                accounts.delete(name);
                sessions.closeAll(name);
                return null;
            default:
                throw new Refused(405, "method not allowed", method + " is not allowed here");
        }
    }

    static Map<String, Object> userJson(Accounts.User u) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("username", u.username());
        json.put("role", u.role().id());
        json.put("clients", Accounts.sorted(u.clients()));
        json.put("mustChangePassword", u.mustChange());
        json.put("createdAt", u.createdAt().toString());
        return json;
    }

    private List<Object> auditJson(int offset, int limit) {
        List<Object> list = new ArrayList<>();
        for (AuditEntry e : audit.recent(offset, limit)) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", e.id());
            json.put("at", e.at().toString());
            json.put("who", e.who());
            json.put("action", e.action());
            json.put("target", e.target());
            json.put("detail", e.detail());
            list.add(json);
        }
        return list;
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException("the body needs \"" + field + "\" as a string");
        }
        return node.asText();
    }

    private static Set<String> clients(JsonNode body) {
        JsonNode node = body.get("clients");
        Set<String> clients = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            return clients;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("\"clients\" is a list of client names");
        }
        for (JsonNode c : node) {
            if (!c.isTextual()) {
                throw new IllegalArgumentException("\"clients\" is a list of client names");
            }
            clients.add(c.asText().strip());
        }
        return clients;
    }

    private static JsonNode body(HttpServletRequest req) throws IOException {
        JsonNode body = optionalBody(req);
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        return body;
    }

    private static JsonNode optionalBody(HttpServletRequest req) throws IOException {
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(64 * 1024);
        }
        if (bytes.length == 0) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("bad JSON: " + e.getOriginalMessage());
        }
    }

    private static int number(HttpServletRequest req, String name, int min, int max, int absent) {
        String text = req.getParameter(name);
        if (text == null || text.isEmpty()) {
            return absent;
        }
        try {
            int v = Integer.parseInt(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max);
    }

    private static void send(HttpServletResponse resp, int status, Object value) throws IOException {
        byte[] body = Json.write(value).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
