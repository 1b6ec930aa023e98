package io.klarsyn.security.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import io.klarsyn.api.security.AuditLog;
import io.klarsyn.api.security.Authorization;
import io.klarsyn.api.security.Decision;
import io.klarsyn.api.security.Decision.Outcome;
import io.klarsyn.api.security.Route;
import io.klarsyn.api.security.Subject;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The one gate in front of every page and API route (HTTP whiteboard filter on {@code /*}): finds the
 * user (an API token in {@code Authorization: Bearer} under {@code /api}, the session cookie elsewhere),
 * asks the {@link Authorization}, checks the CSRF token of every state-changing page request, sets the
 * security headers, and audits the routes that say so. Servlets behind it never check anything but
 * which rows of a list the {@link Subject} sees.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterName("klarsyn-security")
public class SecurityFilter implements Filter {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "object-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

    private final Authorization authorization;
    private final Accounts accounts;
    private final Sessions sessions;
    private final AuditLog audit;

    @Activate
    public SecurityFilter(@Reference Authorization authorization, @Reference Accounts accounts, @Reference Sessions sessions,
            @Reference AuditLog audit) {
        this.authorization = authorization;
        this.accounts = accounts;
        this.sessions = sessions;
        this.audit = audit;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        headers(resp);
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        if (path.isEmpty()) {
            path = "/";
        }
        String method = req.getMethod().toUpperCase(java.util.Locale.ROOT);
        boolean api = path.equals("/api") || path.startsWith("/api/");
        Subject subject = null;
        Sessions.Session session = null;
        if (api) {
            String auth = req.getHeader("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                Optional<Subject> found = accounts.byToken(auth.substring(7).strip());
                if (found.isEmpty()) {
                    drain(req, resp);
                    apiError(resp, 401, "unauthorized", "the token is unknown or revoked; get one with POST /api/tokens");
                    return;
                }
                subject = found.get();
            }
        } else {
            session = sessions.find(cookie(req, Sessions.COOKIE)).orElse(null);
            if (session != null && session.username() != null) {
                String username = session.username();
                subject = accounts.user(username).map(Accounts.User::subject).orElse(null);
                if (subject == null) {
                    sessions.close(session.id());
                    session = null;
                }
            }
        }
        Map<String, String> fields = Map.of();
        if (!api && !method.equals("GET") && !method.equals("HEAD")) {
            fields = new HashMap<>();
            req.setCharacterEncoding("UTF-8");
            for (Map.Entry<String, String[]> e : req.getParameterMap().entrySet()) {
                if (e.getValue().length > 0) {
                    fields.put(e.getKey(), e.getValue()[0]);
                }
            }
        }
        Decision decision = authorization.decide(subject, method, path, fields);
        if (decision.outcome() != Outcome.ALLOW) {
            deny(req, resp, api, path, subject, decision);
            return;
        }
        Route route = decision.route();
        if (!api) {
            if (session == null && !path.startsWith("/static/")) {
                session = sessions.open(null);
                setCookie(req, resp, session.id());
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                String sent = req.getHeader(Subject.CSRF_HEADER);
                if (sent == null) {
                    sent = fields.get(Subject.CSRF_FIELD);
                }
                if (session == null || sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                        session.csrf().getBytes(StandardCharsets.UTF_8))) {
                    String unread = sent == null ? unreadableForm(req) : null;
                    if (unread != null) {
                        // the token may well be in the form: say why it could not be read, not that it is missing
                        drain(req, resp);
                        resp.setStatus(413);
                        resp.setContentType("text/plain; charset=utf-8");
                        resp.getWriter().write("413 Content Too Large: the form could not be read (" + unread
                                + "). Nothing was saved.");
                        return;
                    }
                    drain(req, resp);
                    resp.setStatus(403);
                    resp.setContentType("text/plain; charset=utf-8");
                    resp.getWriter().write("403 Forbidden: the form's security token is missing or wrong. Reload the page and try again.");
                    return;
                }
            }
            if (session != null) {
                req.setAttribute(Subject.CSRF_ATTRIBUTE, session.csrf());
                req.setAttribute(SessionAttributes.SESSION_ID, session.id());
            }
        }
        if (subject != null) {
            req.setAttribute(Subject.ATTRIBUTE, subject);
        }
        chain.doFilter(req, resp);
        if (route.audit() != null && resp.getStatus() < 400) {
            audit.record(subject == null ? "-" : subject.username(), route.audit(), path,
                    method + " " + resp.getStatus() + (decision.client() == null ? "" : ", client " + decision.client()));
        }
    }

    private void deny(HttpServletRequest req, HttpServletResponse resp, boolean api, String path, Subject subject, Decision decision)
            throws IOException {
        Outcome outcome = decision.outcome();
        drain(req, resp);
        if (api) {
            switch (outcome) {
                case UNAUTHENTICATED -> {
                    resp.setHeader("WWW-Authenticate", "Bearer realm=\"klarsyn\"");
                    apiError(resp, 401, "unauthorized", "send Authorization: Bearer TOKEN; get a token with POST /api/tokens");
                }
                case FORBIDDEN -> apiError(resp, 403, "forbidden", subject != null && subject.mustChangePassword()
                        ? "the password must be changed first: POST /api/password"
                        : "the role " + subject.role().id() + " may not " + req.getMethod() + " " + path);
                case METHOD_NOT_ALLOWED -> apiError(resp, 405, "method not allowed", req.getMethod() + " is not allowed here");
                default -> apiError(resp, 404, "not found", notFound(decision, req.getMethod(), path));
            }
            return;
        }
        switch (outcome) {
            case UNAUTHENTICATED -> {
                String back = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
                resp.setStatus(303);
                resp.setHeader("Location", "/login?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
            }
            case FORBIDDEN -> {
                if (subject != null && subject.mustChangePassword()) {
                    resp.setStatus(303);
                    resp.setHeader("Location", "/password");
                } else {
                    HtmlPages.sendError(Words.of(req), resp, 403, Words.of(req).get("forbidden"));
                }
            }
            case METHOD_NOT_ALLOWED -> HtmlPages.sendError(Words.of(req), resp, 405, Words.of(req).get("methodNotAllowed", req.getMethod()));
            default -> HtmlPages.sendError(Words.of(req), resp, 404, Words.of(req).get("notFound", path));
        }
    }

    /**
     * A multipart form the servlet container would not parse (too many parts, too large) shows no fields at all;
     * asking for its parts gives the reason, or none at all.
     *
     * @return why the form could not be read, or null when it could (or is no multipart form)
     */
    private static String unreadableForm(HttpServletRequest req) {
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        try {
            if (req.getParts().isEmpty() && req.getContentLengthLong() != 0) {
                // Felix's multipart wrapper drops a form it refused (over multipart.maxFileCount) without saying so
                return "it has more parts or bytes than this page accepts";
            }
            return null;
        } catch (IOException | ServletException | RuntimeException e) {
            String message = e.getMessage();
            return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        }
    }

    /**
     * Reads what is left of a refused request's body (up to 1 MB), so that the connection can carry
     * the next request; a bigger body closes it. Without this a client that sends the next request on
     * the same connection may find it closed under it.
     */
    static void drain(HttpServletRequest req, HttpServletResponse resp) {
        try (var in = req.getInputStream()) {
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0;) {
                total += n;
                if (total > (1 << 20)) {
                    resp.setHeader("Connection", "close");
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            resp.setHeader("Connection", "close");
        }
    }

    /** The words the API itself uses for a job or run that does not exist: another client's reads the same. */
    static String notFound(Decision decision, String method, String path) {
        Map<String, String> vars = decision.route() == null ? null : decision.route().match(path);
        if (vars != null && vars.containsKey("run")) {
            return "no run " + vars.get("run");
        }
        if (vars != null && vars.containsKey("job")) {
            return "no job " + vars.get("job");
        }
        return "no route " + method + " " + path;
    }

    static void headers(HttpServletResponse resp) {
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Frame-Options", "SAMEORIGIN");
        resp.setHeader("Referrer-Policy", "same-origin");
    }

    static void apiError(HttpServletResponse resp, int status, String error, String detail) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        byte[] body = ("{\"error\":" + Json.quote(error) + ",\"detail\":" + Json.quote(detail) + "}").getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    static String cookie(HttpServletRequest req, String name) {
        if (req.getCookies() != null) {
            for (Cookie c : req.getCookies()) {
                if (c.getName().equals(name)) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    /** Felix's whiteboard has no SameSite setting (STACK.md): the header is written by hand. */
    static void setCookie(HttpServletRequest req, HttpServletResponse resp, String id) {
        resp.addHeader("Set-Cookie", Sessions.COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Lax" + (req.isSecure() ? "; Secure" : ""));
    }

    static void clearCookie(HttpServletRequest req, HttpServletResponse resp) {
        resp.addHeader("Set-Cookie", Sessions.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (req.isSecure() ? "; Secure" : ""));
    }
}
