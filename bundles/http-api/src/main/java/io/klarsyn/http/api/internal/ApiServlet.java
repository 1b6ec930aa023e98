package io.klarsyn.http.api.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.klarsyn.api.delivery.Deliveries;
import io.klarsyn.api.security.AuditLog;
import io.klarsyn.api.security.Subject;
import io.klarsyn.api.server.JobRegistry;
import io.klarsyn.api.server.JobScheduler;
import io.klarsyn.api.server.PluginManager;
import io.klarsyn.api.server.RunQueue;
import io.klarsyn.api.server.RunStore;
import io.klarsyn.api.server.ServerHome;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The {@link Api} on the HTTP whiteboard at {@code /api/*}. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/*")
@HttpWhiteboardServletName("klarsyn-api")
public final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final transient Api api;

    /** The delivery service, when its bundle is there: the deliveries routes answer 503 without it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient Deliveries deliveries;

    /** The plugin manager, when its bundle is there: the plugins routes answer 503 without it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient PluginManager plugins;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient AuditLog audit;

    @Activate
    public ApiServlet(@Reference ServerHome home, @Reference JobRegistry jobs, @Reference RunStore store,
            @Reference RunQueue queue, @Reference JobScheduler scheduler) {
        this.api = new Api(jobs, store, queue, scheduler, LogFollower.Pause.MILLIS_200, () -> deliveries, () -> plugins, () -> audit);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        // the query string only: getParameterMap() would also read a body sent as a form (curl -d without a
        // Content-Type), and the JSON in it would be gone
        Map<String, String> query = new HashMap<>();
        String raw = req.getQueryString();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                if (!key.isEmpty()) {
                    query.putIfAbsent(key, value);
                }
            }
        }
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name, req.getHeader(name));
        }
        // who is calling, for the audit entries the API writes itself; never taken from the client
        headers.keySet().removeIf(k -> k.equalsIgnoreCase(Api.USER_HEADER));
        Object subject = req.getAttribute(Subject.ATTRIBUTE);
        headers.put(Api.USER_HEADER, subject instanceof Subject s ? s.username() : "-");
        // a plugin's jar is the body of POST /api/plugins: larger than any JSON
        int max = path.startsWith("/api/plugins") ? PluginsApi.MAX_JAR_BYTES : MAX_BODY_BYTES;
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(max + 1);
        }
        Response answer = body.length > max
                ? Api.error(413, "too large", "a request body here is at most " + max + " bytes")
                : api.handle(new Request(req.getMethod(), path, query, headers, body, sees(req)));
        if (answer.file() != null) {
            sendFile(answer, resp);
            return;
        }
        head(answer, resp);
        if (answer.bytes() != null) {
            resp.setContentLength(answer.bytes().length);
            resp.getOutputStream().write(answer.bytes());
        } else {
            OutputStream out = resp.getOutputStream();
            resp.flushBuffer();
            answer.stream().writeTo(out);
        }
    }

    /** The security filter put the user on the request; without it (no security bundle) nothing is shown. */
    private static java.util.function.Predicate<String> sees(HttpServletRequest req) {
        Object subject = req.getAttribute(Subject.ATTRIBUTE);
        return subject instanceof Subject s ? s::sees : client -> false;
    }

    private static void head(Response answer, HttpServletResponse resp) {
        resp.setStatus(answer.status());
        resp.setContentType(answer.contentType());
        resp.setHeader("Cache-Control", "no-store");
        answer.headers().forEach(resp::setHeader);
    }

    /** Opens the file before the head is sent: retention may delete it between the lookup and here. */
    private static void sendFile(Response answer, HttpServletResponse resp) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(answer.file(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            Response gone = Api.error(404, "not found", "the artifact " + answer.file().getFileName() + " is gone");
            head(gone, resp);
            resp.setContentLength(gone.bytes().length);
            resp.getOutputStream().write(gone.bytes());
            return;
        }
        try (channel; InputStream in = Channels.newInputStream(channel); OutputStream out = resp.getOutputStream()) {
            head(answer, resp);
            resp.setContentLengthLong(channel.size());
            in.transferTo(out);
        }
    }
}
