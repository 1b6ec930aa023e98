package io.klarsyn.webui.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.klarsyn.api.security.Authorization;
import io.klarsyn.api.security.Decision;
import io.klarsyn.api.security.Subject;

/** What every page shares: the request, its language, the layout (navigation, language switch). */
final class Page {

    private final Request request;
    private final Texts texts;
    private final Formats formats;
    private final Templates templates;
    private final Supplier<Optional<Authorization>> authorization;

    Page(Request request, Texts texts, Templates templates) {
        this(request, texts, templates, Optional::empty);
    }

    Page(Request request, Texts texts, Templates templates, Supplier<Optional<Authorization>> authorization) {
        this.request = request;
        this.texts = texts;
        this.formats = new Formats(texts);
        this.templates = templates;
        this.authorization = authorization;
    }

    /**
     * Whether the user may make this request, as the security bundle's {@link Authorization} decides it
     * for the route table (the same decision its filter makes when the request comes): pages show a
     * control only when its request would be allowed. Without a logged-in user (no security bundle)
     * every page is open; with one but no {@link Authorization} now, nothing is allowed.
     *
     * @param method the control's HTTP method
     * @param path the path it requests, decoded
     */
    boolean may(String method, String path) {
        Subject subject = request.subject();
        if (subject == null) {
            return true;
        }
        return authorization.get().map(a -> a.decide(subject, method, path, Map.of()).outcome() == Decision.Outcome.ALLOW)
                .orElse(false);
    }

    Request request() {
        return request;
    }

    Texts t() {
        return texts;
    }

    Formats f() {
        return formats;
    }

    Templates templates() {
        return templates;
    }

    /**
     * @param template the page's template
     * @param title the page's title (the tab's and the heading's)
     * @param nav which menu entry is current: dashboard, plugins, system, or null
     * @param refreshSeconds without JavaScript, reload after this many seconds (a live page); 0: never
     */
    Response render(int status, String template, String title, String nav, int refreshSeconds, Map<String, Object> model) {
        return Response.html(status, templates.page(template, common(title, nav, refreshSeconds, model)));
    }

    /**
     * A whole page to keep ({@link Kept#pages}) with kept parts ({@link Kept}): the model holds
     * {@link Fragment#PART_MARKER} where each part goes, in the order of {@code parts}. Made with
     * {@link Fragment#CSRF_MARKER} where the session's token goes, which {@link #send} puts in.
     *
     * @param until when what the page shows changes by the clock alone (a fire time comes), or null
     */
    PageBytes keep(String template, String title, String nav, int refreshSeconds, Map<String, Object> model,
            List<Fragment> parts, java.time.Instant until) {
        Map<String, Object> m = common(title, nav, refreshSeconds, model);
        m.put("csrf", Fragment.CSRF_MARKER);
        return new PageBytes(Fragment.assemble(templates.page(template, m), parts, Fragment.CSRF_MARKER), until);
    }

    /**
     * A whole page to keep whose body is a kept part.
     *
     * @see #keep(String, String, String, int, Map, List, java.time.Instant)
     */
    PageBytes keep(Fragment body, String title, String nav, int refreshSeconds, java.time.Instant until) {
        Map<String, Object> m = common(title, nav, refreshSeconds, Map.of());
        m.put("csrf", Fragment.CSRF_MARKER);
        m.put("body", Fragment.PART_MARKER);
        return new PageBytes(Fragment.assemble(templates.render("layout", m), List.of(body), Fragment.CSRF_MARKER), until);
    }

    /**
     * @return the kept page with this request's CSRF token: gzip-compressed when the browser accepts it
     *         ({@code Vary: Accept-Encoding} either way)
     */
    Response send(int status, PageBytes kept) {
        if (PageBytes.acceptsGzip(request.header("accept-encoding"))) {
            return Response.bytes(status, Response.HTML, kept.gzip(request.csrf())).withHeader("Content-Encoding", "gzip")
                    .withHeader("Vary", "Accept-Encoding");
        }
        return Response.bytes(status, Response.HTML, kept.html(request.csrf())).withHeader("Vary", "Accept-Encoding");
    }

    private Map<String, Object> common(String title, String nav, int refreshSeconds, Map<String, Object> model) {
        Map<String, Object> m = new HashMap<>(model);
        m.put("t", texts.all());
        m.put("lang", texts.lang());
        m.put("title", title);
        m.put("nav_" + (nav == null ? "none" : nav), Boolean.TRUE);
        m.put("refresh", refreshSeconds > 0 ? refreshSeconds : null);
        m.put("csrf", request.csrf());
        m.put("user", request.subject() == null ? null : request.subject().username());
        m.put("admin", request.admin());
        List<Map<String, Object>> langs = new ArrayList<>();
        for (String l : Texts.LANGUAGES) {
            langs.add(Map.of("code", l, "name", Texts.of(l).get("language.name"), "href", withParam("lang", l),
                    "current", l.equals(texts.lang())));
        }
        m.put("languages", langs);
        return m;
    }

    /** A part of a page, for htmx to swap in. */
    Response fragment(String template, Map<String, Object> model) {
        Map<String, Object> m = new HashMap<>(model);
        m.put("t", texts.all());
        return Response.html(200, templates.render(template, m));
    }

    Response error(int status, String message) {
        return render(status, "error", texts.get("error.title." + status), null, 0, Map.of("message", message, "code", status));
    }

    /** @return this page's path with its query, one parameter set (and {@code lang} dropped unless it is the one) */
    String withParam(String name, String value) {
        Map<String, String> q = new TreeMap<>(request.params());
        if (request.method().equals("POST")) {
            q.clear();
        }
        q.remove("lang");
        if (value == null) {
            q.remove(name);
        } else {
            q.put(name, value);
        }
        StringBuilder b = new StringBuilder(request.path());
        char sep = '?';
        for (Map.Entry<String, String> e : q.entrySet()) {
            b.append(sep).append(Ui.url(e.getKey())).append('=').append(Ui.url(e.getValue()));
            sep = '&';
        }
        return b.toString();
    }
}
