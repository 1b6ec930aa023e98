package io.klarsyn.security.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

/** The frame of this bundle's pages, in the web UI's style sheet. */
final class HtmlPages {

    private static final String STYLE = "<style>.box{max-width:26em;margin:3em auto;padding:1.5em 2em;border:1px solid #d1d9e0;"
            + "border-radius:8px;background:#fff}.box label{display:block;font-weight:600;margin:.8em 0 .2em}.box input{width:100%}"
            + ".box button{margin-top:1.2em;width:100%;padding:.5em}.note{background:#ddf4ff;padding:.6em 1em;border-radius:6px}"
            + "form.inline{display:inline}header.top form{margin-left:auto}header.top form button{background:none;border:1px solid #8fd6b8}</style>";

    private HtmlPages() {
    }

    /**
     * @param user the logged-in user's name for the header (and its log-out button), or null
     * @param csrf the session's CSRF token, for the log-out form
     */
    static String page(Words w, String title, String user, String csrf, boolean admin, String body) {
        StringBuilder s = new StringBuilder(2048);
        s.append("<!DOCTYPE html><html lang=\"").append(w.lang()).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").append(esc(title))
                .append(" · Klarsyn</title><link rel=\"stylesheet\" href=\"/static/klarsyn.css\">").append(STYLE)
                .append("</head><body><header class=\"top\"><a class=\"brand\" href=\"/\">Klarsyn</a>");
        if (user != null) {
            s.append("<nav aria-label=\"").append(esc(w.get("nav.account"))).append("\"><ul><li><a href=\"/\">")
                    .append(esc(w.get("nav.dashboard"))).append("</a></li><li><a href=\"/account\">")
                    .append(esc(user)).append("</a></li>");
            if (admin) {
                s.append("<li><a href=\"/users\">").append(esc(w.get("nav.users"))).append("</a></li><li><a href=\"/audit\">")
                        .append(esc(w.get("nav.audit"))).append("</a></li>");
            }
            s.append("</ul></nav><form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"")
                    .append(esc(csrf)).append("\"><button type=\"submit\">").append(esc(w.get("logout"))).append("</button></form>");
        }
        s.append("</header><main id=\"main\">").append(body).append("</main></body></html>");
        return s.toString();
    }

    static void send(HttpServletResponse resp, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/html; charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    static void sendError(Words w, HttpServletResponse resp, int status, String message) throws IOException {
        send(resp, status, page(w, status + "", null, null, false, "<h1>" + status + "</h1><p>" + esc(message)
                + "</p><p><a href=\"/\">" + esc(w.get("nav.dashboard")) + "</a></p>"));
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
