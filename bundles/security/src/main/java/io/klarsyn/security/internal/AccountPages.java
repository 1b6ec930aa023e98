package io.klarsyn.security.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.klarsyn.api.security.AuditEntry;
import io.klarsyn.api.security.AuditLog;
import io.klarsyn.api.security.Role;
import io.klarsyn.api.security.Subject;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The pages of accounts: {@code /login}, {@code /logout}, {@code /password} (forced at first login),
 * {@code /account} (one's API tokens), and for admins {@code /users} and {@code /audit}. The
 * {@link SecurityFilter} has checked who may come here and the CSRF token of each form.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/login", "/logout", "/password", "/account", "/account/*", "/users", "/audit"})
@HttpWhiteboardServletName("klarsyn-account-pages")
public class AccountPages extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Accounts accounts;
    private final transient Sessions sessions;
    private final transient AuditLog audit;

    @Activate
    public AccountPages(@Reference Accounts accounts, @Reference Sessions sessions, @Reference AuditLog audit) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.audit = audit;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        req.setCharacterEncoding("UTF-8");
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        Subject subject = (Subject) req.getAttribute(Subject.ATTRIBUTE);
        String csrf = (String) req.getAttribute(Subject.CSRF_ATTRIBUTE);
        boolean post = req.getMethod().equals("POST");
        Words w = Words.of(req);
        switch (path) {
            case "/login" -> {
                if (post) {
                    login(req, resp, csrf, w);
                } else {
                    HtmlPages.send(resp, 200, loginPage(w, csrf, req.getParameter("next"), null, null));
                }
            }
            case "/logout" -> {
                sessions.close((String) req.getAttribute(SessionAttributes.SESSION_ID));
                SecurityFilter.clearCookie(req, resp);
                audit.record(subject.username(), "logout", "web", req.getRemoteAddr());
                redirect(resp, "/login");
            }
            case "/password" -> {
                if (post) {
                    changePassword(req, resp, subject, csrf, w);
                } else {
                    HtmlPages.send(resp, 200, passwordPage(w, subject, csrf, null));
                }
            }
            case "/account" -> HtmlPages.send(resp, 200, accountPage(w, subject, csrf, null));
            case "/account/tokens" -> {
                Accounts.Issued issued = accounts.createToken(subject.username(), req.getParameter("name"));
                audit.record(subject.username(), "token.create", "token " + issued.id(), req.getParameter("name"));
                HtmlPages.send(resp, 200, accountPage(w, subject, csrf, issued.token()));
            }
            case "/users" -> {
                if (post) {
                    createUser(req, resp, subject, csrf, w);
                } else {
                    HtmlPages.send(resp, 200, usersPage(w, subject, csrf, null));
                }
            }
            case "/audit" -> HtmlPages.send(resp, 200, auditPage(w, subject, csrf));
            default -> {
                if (path.startsWith("/account/tokens/") && path.endsWith("/revoke")) {
                    String id = path.substring("/account/tokens/".length(), path.length() - "/revoke".length());
                    if (id.matches("\\d{1,18}")) {
                        accounts.token(Long.parseLong(id)).filter(t -> t.username().equals(subject.username()))
                                .ifPresent(t -> accounts.revoke(t.id()));
                        // the filter audits this route (token.revoke) as it does DELETE /api/tokens/{id}
                    }
                    redirect(resp, "/account");
                } else {
                    HtmlPages.sendError(w, resp, 404, w.get("notFound", path));
                }
            }
        }
    }

    private void login(HttpServletRequest req, HttpServletResponse resp, String csrf, Words w) throws IOException {
        String username = req.getParameter("username");
        String password = req.getParameter("password");
        String next = req.getParameter("next");
        Accounts.Login login = accounts.login(username, Accounts.chars(password));
        if (login instanceof Accounts.Login.Ok ok) {
            // a new session, and so a new id and CSRF token: the one the browser had before is dropped
            sessions.close((String) req.getAttribute(SessionAttributes.SESSION_ID));
            Sessions.Session session = sessions.open(ok.subject().username());
            SecurityFilter.setCookie(req, resp, session.id());
            audit.record(ok.subject().username(), "login", "web", req.getRemoteAddr());
            redirect(resp, ok.subject().mustChangePassword() ? "/password" : safeNext(next));
            return;
        }
        String message;
        int status;
        if (login instanceof Accounts.Login.Wait wait) {
            long seconds = Math.max(1, (wait.retryAfter().toMillis() + 999) / 1000);
            message = w.get("login.wait", seconds);
            status = 429;
            resp.setHeader("Retry-After", String.valueOf(seconds));
            audit.record(username, "login.refused", "web", "too many failures; " + req.getRemoteAddr());
        } else {
            message = w.get("login.wrong");
            status = 401;
            audit.record(username, "login.failed", "web", req.getRemoteAddr());
        }
        HtmlPages.send(resp, status, loginPage(w, csrf, next, username, message));
    }

    /** Only a path of this server: never an absolute or protocol-relative address (no open redirect). */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.startsWith("/login")) {
            return "/";
        }
        return next;
    }

    private void changePassword(HttpServletRequest req, HttpServletResponse resp, Subject subject, String csrf, Words w)
            throws IOException {
        String old = req.getParameter("old");
        String fresh = req.getParameter("new");
        String again = req.getParameter("again");
        Accounts.Login check = accounts.login(subject.username(), Accounts.chars(old));
        if (!(check instanceof Accounts.Login.Ok)) {
            HtmlPages.send(resp, 400, passwordPage(w, subject, csrf, w.get("password.wrong")));
            return;
        }
        if (fresh == null || !fresh.equals(again)) {
            HtmlPages.send(resp, 400, passwordPage(w, subject, csrf, w.get("password.differ")));
            return;
        }
        try {
            accounts.changePassword(subject.username(), old, fresh);
        } catch (IllegalArgumentException e) {
            HtmlPages.send(resp, 400, passwordPage(w, subject, csrf, capital(e.getMessage()) + "."));
            return;
        }
        audit.record(subject.username(), "password.change", subject.username(), "web");
        // other sessions of the user end; this one goes on under a new id
        sessions.closeAll(subject.username());
        Sessions.Session session = sessions.open(subject.username());
        SecurityFilter.setCookie(req, resp, session.id());
        redirect(resp, "/");
    }

    private void createUser(HttpServletRequest req, HttpServletResponse resp, Subject subject, String csrf, Words w)
            throws IOException {
        Set<String> clients = new LinkedHashSet<>();
        String text = req.getParameter("clients");
        if (text != null) {
            Arrays.stream(text.split("[,\n]")).map(String::strip).filter(s -> !s.isEmpty()).forEach(clients::add);
        }
        try {
            accounts.create(req.getParameter("username"), req.getParameter("password"), Role.of(req.getParameter("role")), clients);
        } catch (IllegalArgumentException e) {
            HtmlPages.send(resp, 400, usersPage(w, subject, csrf, capital(e.getMessage()) + "."));
            return;
        }
        redirect(resp, "/users");
    }

    private static String loginPage(Words w, String csrf, String next, String username, String message) {
        String body = "<div class=\"box\"><h1>" + e(w, "login.title") + "</h1>"
                + (message == null ? "" : "<p class=\"message\" role=\"alert\">" + HtmlPages.esc(message) + "</p>")
                + "<form method=\"post\" action=\"/login\">" + csrfField(csrf)
                + "<input type=\"hidden\" name=\"next\" value=\"" + HtmlPages.esc(safeNext(next)) + "\">"
                + "<label for=\"username\">" + e(w, "login.user") + "</label><input id=\"username\" name=\"username\" "
                + "autocomplete=\"username\" required autofocus value=\"" + HtmlPages.esc(username) + "\">"
                + "<label for=\"password\">" + e(w, "login.password") + "</label><input id=\"password\" name=\"password\" "
                + "type=\"password\" autocomplete=\"current-password\" required>"
                + "<button type=\"submit\">" + e(w, "login.button") + "</button></form>"
                // login.first holds markup of its own (<code>), no user input
                + "<p class=\"muted\">" + w.get("login.first") + "</p></div>";
        return HtmlPages.page(w, w.get("login.title"), null, null, false, body);
    }

    private static String passwordPage(Words w, Subject subject, String csrf, String message) {
        String body = "<div class=\"box\"><h1>" + e(w, "password.heading") + "</h1>"
                + (subject.mustChangePassword() ? "<p class=\"note\">" + e(w, "password.first") + "</p>" : "")
                + (message == null ? "" : "<p class=\"message\" role=\"alert\">" + HtmlPages.esc(message) + "</p>")
                + "<form method=\"post\" action=\"/password\">" + csrfField(csrf)
                + "<label for=\"old\">" + e(w, "password.current") + "</label><input id=\"old\" name=\"old\" "
                + "type=\"password\" autocomplete=\"current-password\" required>"
                + "<label for=\"new\">" + HtmlPages.esc(w.get("password.new", Passwords.MIN_LENGTH)) + "</label>"
                + "<input id=\"new\" name=\"new\" type=\"password\" autocomplete=\"new-password\" required minlength=\""
                + Passwords.MIN_LENGTH + "\">"
                + "<label for=\"again\">" + e(w, "password.again") + "</label><input id=\"again\" name=\"again\" "
                + "type=\"password\" autocomplete=\"new-password\" required>"
                + "<button type=\"submit\">" + e(w, "password.button") + "</button></form></div>";
        return HtmlPages.page(w, w.get("password.title"), subject.username(), csrf, subject.role() == Role.ADMIN, body);
    }

    private String accountPage(Words w, Subject subject, String csrf, String newToken) {
        String role = w.get("role." + subject.role().id());
        StringBuilder s = new StringBuilder("<h1>" + HtmlPages.esc(subject.username()) + " <span class=\"sub\">"
                + HtmlPages.esc(subject.role() == Role.ADMIN ? role
                        : w.get("account.of", role, String.join(", ", Accounts.sorted(subject.clients()))))
                + "</span></h1><p><a href=\"/password\">" + e(w, "account.change") + "</a></p>");
        s.append("<h2>").append(e(w, "account.tokens")).append("</h2>");
        if (newToken != null) {
            s.append("<p class=\"note\" role=\"status\">").append(e(w, "account.newToken")).append(" <code id=\"new-token\">")
                    .append(HtmlPages.esc(newToken)).append("</code></p>");
        }
        s.append("<table><thead><tr><th>").append(e(w, "account.name")).append("</th><th>").append(e(w, "account.created"))
                .append("</th><th></th></tr></thead><tbody>");
        for (Accounts.Token t : accounts.tokens(subject.username())) {
            s.append("<tr><td>").append(HtmlPages.esc(t.name())).append("</td><td>").append(t.createdAt()).append("</td><td>")
                    .append("<form class=\"inline\" method=\"post\" action=\"/account/tokens/").append(t.id()).append("/revoke\">")
                    .append(csrfField(csrf)).append("<button class=\"danger\" type=\"submit\">").append(e(w, "account.revoke"))
                    .append("</button></form></td></tr>");
        }
        s.append("</tbody></table><form method=\"post\" action=\"/account/tokens\" class=\"filters\">").append(csrfField(csrf))
                .append("<label for=\"token-name\">").append(e(w, "account.tokenName"))
                .append("</label><input id=\"token-name\" name=\"name\" placeholder=\"laptop\">")
                .append("<button type=\"submit\">").append(e(w, "account.create")).append("</button></form>");
        return HtmlPages.page(w, w.get("account.title"), subject.username(), csrf, subject.role() == Role.ADMIN, s.toString());
    }

    private String usersPage(Words w, Subject subject, String csrf, String message) {
        StringBuilder s = new StringBuilder("<h1>" + e(w, "users.title") + "</h1>");
        if (message != null) {
            s.append("<p class=\"message\" role=\"alert\">").append(HtmlPages.esc(message)).append("</p>");
        }
        s.append("<table><thead><tr><th>").append(e(w, "users.user")).append("</th><th>").append(e(w, "users.role"))
                .append("</th><th>").append(e(w, "users.clients")).append("</th><th>").append(e(w, "users.password"))
                .append("</th></tr></thead><tbody>");
        for (Accounts.User u : accounts.users()) {
            s.append("<tr><td>").append(HtmlPages.esc(u.username())).append("</td><td>").append(e(w, "role." + u.role().id()))
                    .append("</td><td>")
                    .append(u.role() == Role.ADMIN ? e(w, "users.all") : HtmlPages.esc(String.join(", ", Accounts.sorted(u.clients()))))
                    .append("</td><td>").append(e(w, u.mustChange() ? "users.mustChange" : "users.set")).append("</td></tr>");
        }
        s.append("</tbody></table><h2>").append(e(w, "users.new"))
                .append("</h2><form method=\"post\" action=\"/users\" class=\"filters\">").append(csrfField(csrf))
                .append("<label for=\"u\">").append(e(w, "users.user")).append("</label><input id=\"u\" name=\"username\" required>")
                .append("<label for=\"p\">").append(e(w, "users.firstPassword"))
                .append("</label><input id=\"p\" name=\"password\" type=\"password\" autocomplete=\"new-password\" required>")
                .append("<label for=\"r\">").append(e(w, "users.role")).append("</label><select id=\"r\" name=\"role\">");
        for (String role : new String[] {"viewer", "consultant", "admin"}) {
            s.append("<option value=\"").append(role).append("\">").append(e(w, "role." + role)).append("</option>");
        }
        s.append("</select><label for=\"c\">").append(e(w, "users.clients"))
                .append("</label><input id=\"c\" name=\"clients\" placeholder=\"Nordlys Energi AS, Fjord AS\">")
                .append("<button type=\"submit\">").append(e(w, "users.create")).append("</button></form>");
        return HtmlPages.page(w, w.get("users.title"), subject.username(), csrf, true, s.toString());
    }

    private String auditPage(Words w, Subject subject, String csrf) {
        StringBuilder s = new StringBuilder("<h1>" + e(w, "audit.title") + "</h1><table><thead><tr><th>" + e(w, "audit.when")
                + "</th><th>" + e(w, "audit.who") + "</th><th>" + e(w, "audit.what") + "</th><th>" + e(w, "audit.on")
                + "</th><th>" + e(w, "audit.detail") + "</th></tr></thead><tbody>");
        for (AuditEntry a : audit.recent(0, 500)) {
            s.append("<tr><td>").append(a.at().toString().replace('T', ' ')).append("</td><td>").append(HtmlPages.esc(a.who()))
                    .append("</td><td>").append(HtmlPages.esc(a.action())).append("</td><td>").append(HtmlPages.esc(a.target()))
                    .append("</td><td>").append(HtmlPages.esc(a.detail())).append("</td></tr>");
        }
        s.append("</tbody></table>");
        return HtmlPages.page(w, w.get("audit.title"), subject.username(), csrf, true, s.toString());
    }

    /** @return the text, escaped for HTML */
    private static String e(Words w, String key) {
        return HtmlPages.esc(w.get(key));
    }

    private static String csrfField(String csrf) {
        return "<input type=\"hidden\" name=\"" + Subject.CSRF_FIELD + "\" value=\"" + HtmlPages.esc(csrf) + "\">";
    }

    private static void redirect(HttpServletResponse resp, String location) {
        resp.setStatus(303);
        resp.setHeader("Location", location);
    }

    private static String capital(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
