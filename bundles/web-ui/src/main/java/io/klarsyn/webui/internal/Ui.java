package io.klarsyn.webui.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunState;
import io.klarsyn.api.server.Trigger;

/**
 * The web UI: routes a {@link Request} to its page and answers with a {@link Response}. Knows nothing
 * of servlets, so pages are tested directly. Every page reads well without JavaScript; htmx (served
 * under {@code /static/}) adds live updates.
 */
final class Ui {

    static final String PDF = "application/pdf";
    private static final Map<String, String> ARTIFACT_TYPES = Map.of(
            "report.pdf", PDF,
            "metrics.json", "application/json",
            "run.log", "text/plain; charset=utf-8");
    private static final Map<String, String> STATIC_TYPES = Map.of(
            "htmx.min.js", "text/javascript; charset=utf-8",
            "sse.js", "text/javascript; charset=utf-8",
            "klarsyn.css", "text/css; charset=utf-8",
            "klarsyn.js", "text/javascript; charset=utf-8");
    private static final Pattern ID = Pattern.compile("\\d{1,18}");

    private final Services services;
    private final Templates templates = new Templates();
    private final Kept kept = new Kept();
    private final LiveLog live;

    Ui(Services services, LiveLog.Pause pause) {
        this.services = services;
        this.live = new LiveLog(services.queue(), services.store(), pause);
    }

    Response handle(Request request) {
        String lang = Texts.choose(request.param("lang"), request.cookies().get(Texts.COOKIE),
                request.header("accept-language"));
        Page page = new Page(request, Texts.of(lang), templates, services.authorization());
        Response answer;
        try {
            answer = route(request, page);
        } catch (NotFound e) {
            answer = page.error(404, e.getMessage());
        } catch (RuntimeException e) {
            answer = page.error(500, page.t().get("error.internal", String.valueOf(e.getMessage())));
        }
        String asked = Texts.normalise(request.param("lang"));
        if (asked != null) {
            answer = answer.withHeader("Set-Cookie", Texts.COOKIE + "=" + asked + "; Path=/; Max-Age=31536000; SameSite=Lax");
        }
        return answer;
    }

    private Response route(Request request, Page page) {
        List<String> parts = new ArrayList<>();
        for (String part : request.path().split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        String method = request.method();
        int n = parts.size();
        if (n == 0) {
            return get(method, () -> new DashboardPage(services, page, kept).render());
        }
        switch (parts.get(0)) {
            case "static":
                if (n == 2) {
                    return get(method, () -> asset(parts.get(1)));
                }
                break;
            case "jobs":
                if (n == 2 && parts.get(1).equals("new")) {
                    JobEditor editor = new JobEditor(services, page, null);
                    return method.equals("POST") ? post(method, request, page, editor::save) : get(method, editor::form);
                }
                if (n == 3 && parts.get(2).equals("edit")) {
                    job(parts.get(1), page);
                    JobEditor editor = new JobEditor(services, page, parts.get(1));
                    return method.equals("POST") ? post(method, request, page, editor::save) : get(method, editor::form);
                }
                if (n == 2) {
                    return get(method, () -> new JobPage(services, page, kept, job(parts.get(1), page)).render());
                }
                if (n == 3 && parts.get(2).equals("run")) {
                    return post(method, request, page, () -> runNow(parts.get(1), request, page));
                }
                break;
            case "runs":
                if (n >= 2) {
                    RunRecord run = run(parts.get(1), page);
                    if (n == 2) {
                        return get(method, () -> new RunPage(services, page, kept, run).render());
                    }
                    if (n == 3 && parts.get(2).equals("live")) {
                        return get(method, () -> liveLog(run, request));
                    }
                    if (n == 3 && parts.get(2).equals("abort")) {
                        return post(method, request, page, () -> {
                            services.queue().abort(run.id());
                            return Response.redirect("/runs/" + run.id());
                        });
                    }
                    if (n == 3 && parts.get(2).equals("deliveries")) {
                        return post(method, request, page, () -> {
                            services.deliveries().get().orElseThrow(() -> new IllegalStateException(
                                    page.t().get("delivery.none"))).resend(run.id());
                            return Response.redirect("/runs/" + run.id() + "#deliveries");
                        });
                    }
                    if (n == 4 && parts.get(2).equals("artifacts")) {
                        return get(method, () -> artifact(run, parts.get(3), request, page));
                    }
                }
                break;
            case "editor":
                if (n == 2 && parts.get(1).equals("schedule")) {
                    return post(method, request, page, () -> new JobEditor(services, page, null).schedulePreview());
                }
                break;
            case "plugins":
                if (n == 1) {
                    return get(method, () -> new PluginsPage(services, page).render());
                }
                if (n == 2 && (parts.get(1).equals("dry-run") || parts.get(1).equals("install"))) {
                    return post(method, request, page, () -> new PluginsPage(services, page).upload(parts.get(1).equals("dry-run")));
                }
                if (n == 3) {
                    return post(method, request, page, () -> new PluginsPage(services, page).change(parts.get(1), parts.get(2)));
                }
                break;
            case "system":
                if (n == 1) {
                    return get(method, () -> new SystemPage(services, page).render());
                }
                break;
            default:
                break;
        }
        throw new NotFound(page.t().get("error.noPage", request.path()));
    }

    private static Response get(String method, java.util.function.Supplier<Response> answer) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return Response.html(405, "").withHeader("Allow", "GET");
        }
        return answer.get();
    }

    /**
     * POSTs change things: a form of another site must not make them (no sessions exist yet, so the
     * browser's Origin header is the check: absent, or this server).
     */
    private static Response post(String method, Request request, Page page, java.util.function.Supplier<Response> answer) {
        if (!method.equals("POST")) {
            return Response.html(405, "").withHeader("Allow", "POST");
        }
        String origin = request.header("origin");
        String host = request.header("host");
        if (origin != null && !origin.equals("null") && host != null) {
            String originHost;
            try {
                originHost = URI.create(origin).getAuthority();
            } catch (IllegalArgumentException e) {
                originHost = null;
            }
            if (!host.equalsIgnoreCase(originHost)) {
                return page.error(403, page.t().get("error.crossSite"));
            }
        }
        return answer.get();
    }

    private Response runNow(String name, Request request, Page page) {
        JobEntry entry = job(name, page);
        if (!entry.valid()) {
            return page.error(409, page.t().get("error.invalidJob", name, String.valueOf(entry.problem())));
        }
        String text = request.param("period");
        YearMonth period;
        try {
            period = text == null ? defaultPeriod(services, entry) : YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            return page.error(400, page.t().get("error.badPeriod", text));
        }
        RunRecord run;
        try {
            run = services.queue().submit(name, period, Trigger.MANUAL);
        } catch (IllegalArgumentException e) {
            return page.error(409, String.valueOf(e.getMessage()));
        }
        return Response.redirect("/runs/" + run.id());
    }

    /** @return the month before this one in the job's time zone: what a scheduled run now would report */
    static YearMonth defaultPeriod(Services services, JobEntry entry) {
        ZoneId zone = entry.definition() == null ? ZoneId.systemDefault() : entry.definition().spec().zone();
        return YearMonth.from(ZonedDateTime.now(services.home().clock().withZone(zone))).minusMonths(1);
    }

    private Response liveLog(RunRecord run, Request request) {
        long offset = 0;
        String last = request.header("last-event-id");
        String from = last != null ? last : request.param("offset");
        if (from != null && from.matches("\\d{1,12}")) {
            offset = Long.parseLong(from);
        }
        long start = offset;
        return Response.stream("text/event-stream; charset=utf-8", out -> live.stream(run.id(), start, out));
    }

    private Response artifact(RunRecord run, String name, Request request, Page page) {
        String type = ARTIFACT_TYPES.get(name);
        if (type == null) {
            throw new NotFound(page.t().get("error.noArtifact", name));
        }
        Optional<java.nio.file.Path> file = services.store().artifact(run.id(), name);
        if (file.isEmpty()) {
            throw new NotFound(page.t().get("error.noArtifact", name));
        }
        String filename = run.job() + "-" + run.period() + "-" + run.number() + "-" + name;
        String disposition = (request.param("download") != null ? "attachment" : "inline") + "; filename=\"" + filename + "\"";
        return Response.file(type, file.get()).withHeader("Content-Disposition", disposition);
    }

    private static Response asset(String name) {
        String type = STATIC_TYPES.get(name);
        if (type == null) {
            throw new NotFound("no file /static/" + name);
        }
        try (InputStream in = Ui.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new NotFound("no file /static/" + name);
            }
            return Response.bytes(200, type, in.readAllBytes()).withHeader("Cache-Control", "public, max-age=3600");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JobEntry job(String name, Page page) {
        return services.jobs().job(name).orElseThrow(() -> new NotFound(page.t().get("error.noJob", name)));
    }

    private RunRecord run(String id, Page page) {
        if (!ID.matcher(id).matches()) {
            throw new NotFound(page.t().get("error.noRun", id));
        }
        return services.store().run(Long.parseLong(id)).orElseThrow(() -> new NotFound(page.t().get("error.noRun", id)));
    }

    static String url(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The status of a run for people: a colour class and a word (never colour alone). */
    static Map<String, Object> status(RunState state, Texts t) {
        Map<String, Object> m = new LinkedHashMap<>();
        String code = state == null ? "NONE" : state.name();
        m.put("code", code);
        m.put("word", t.get("status." + code));
        m.put("live", state == RunState.RUNNING || state == RunState.QUEUED);
        return m;
    }

    /** An unknown job, run or page. */
    static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }
}
