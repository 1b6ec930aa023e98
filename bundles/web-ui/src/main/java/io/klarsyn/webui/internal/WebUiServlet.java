package io.klarsyn.webui.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletMultipart;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.klarsyn.api.delivery.Deliveries;
import io.klarsyn.api.report.Translations;
import io.klarsyn.api.run.ReportEngine;
import io.klarsyn.api.security.Authorization;
import io.klarsyn.api.security.Subject;
import io.klarsyn.api.server.ConnectorConfigurations;
import io.klarsyn.api.server.JobFiles;
import io.klarsyn.api.server.JobRegistry;
import io.klarsyn.api.server.JobScheduler;
import io.klarsyn.api.server.PluginHealth;
import io.klarsyn.api.server.PluginManager;
import io.klarsyn.api.server.RunQueue;
import io.klarsyn.api.server.RunStore;
import io.klarsyn.api.server.ServerHome;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

/**
 * The {@link Ui} on the HTTP whiteboard: the default servlet ({@code /}), so every path the JSON API
 * ({@code /api/*}) does not own is a page here. The live log holds its request's thread while it
 * streams (one per open page of a running run).
 */
// Felix counts every part of a multipart form, fields included, against maxFileCount (default 50): the job
// editor's form has a field per setting of every installed plugin, so past 50 the parts were not read and the
// security filter, finding no CSRF token, refused the save with 403
@Component(service = Servlet.class, property = "osgi.http.whiteboard.servlet.multipart.maxFileCount:Integer=2000")
@HttpWhiteboardServletPattern({"/", "/jobs/*", "/runs/*", "/static/*"})
@HttpWhiteboardServletName("klarsyn-web-ui")
@HttpWhiteboardServletMultipart(enabled = true, maxFileSize = WebUiServlet.MAX_FILE, maxRequestSize = 2 * WebUiServlet.MAX_FILE)
public final class WebUiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** A larger file is refused before a page sees it (a page refuses what is over its own limit). */
    static final long MAX_FILE = 16L * 1024 * 1024;

    private final transient Ui ui;
    private transient volatile ReportEngine engine;
    private transient volatile PluginHealth health;
    private transient volatile Deliveries deliveries;
    private transient volatile Translations translations;
    private transient volatile Authorization authorization;
    private transient volatile PluginManager pluginManager;
    private transient volatile ConnectorConfigurations connectorConfigs;

    @Activate
    public WebUiServlet(BundleContext context, @Reference ServerHome home, @Reference JobRegistry jobs,
            @Reference RunStore store, @Reference RunQueue queue, @Reference JobScheduler scheduler, @Reference JobFiles files) {
        BundleList bundles = new BundleList(context);
        Services services = new Services(home, jobs, store, queue, scheduler, files, () -> Optional.ofNullable(engine),
                bundles::rows, () -> {
                    PluginHealth h = health;
                    return h == null ? List.of() : h.problems();
                }, context.getBundle().getVersion().toString(), () -> Optional.ofNullable(deliveries),
                () -> Optional.ofNullable(authorization), () -> Optional.ofNullable(translations),
                () -> Optional.ofNullable(pluginManager), () -> Optional.ofNullable(connectorConfigs));
        this.ui = new Ui(services, LiveLog.Pause.MILLIS_200);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEngine(ReportEngine engine) {
        this.engine = engine;
    }

    void unsetEngine(ReportEngine engine) {
        if (this.engine == engine) {
            this.engine = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setTranslations(Translations translations) {
        this.translations = translations;
    }

    void unsetTranslations(Translations translations) {
        if (this.translations == translations) {
            this.translations = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setDeliveries(Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    void unsetDeliveries(Deliveries deliveries) {
        if (this.deliveries == deliveries) {
            this.deliveries = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setAuthorization(Authorization authorization) {
        this.authorization = authorization;
    }

    void unsetAuthorization(Authorization authorization) {
        if (this.authorization == authorization) {
            this.authorization = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setPluginManager(PluginManager manager) {
        this.pluginManager = manager;
    }

    void unsetPluginManager(PluginManager manager) {
        if (this.pluginManager == manager) {
            this.pluginManager = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setConnectorConfigs(ConnectorConfigurations configs) {
        this.connectorConfigs = configs;
    }

    void unsetConnectorConfigs(ConnectorConfigurations configs) {
        if (this.connectorConfigs == configs) {
            this.connectorConfigs = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setHealth(PluginHealth health) {
        this.health = health;
    }

    void unsetHealth(PluginHealth health) {
        if (this.health == health) {
            this.health = null;
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        req.setCharacterEncoding("UTF-8");
        Map<String, String> params = new HashMap<>();
        req.getParameterMap().forEach((k, v) -> {
            if (v.length > 0) {
                params.put(k, v[0]);
            }
        });
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), req.getHeader(name));
        }
        Map<String, String> cookies = new HashMap<>();
        if (req.getCookies() != null) {
            for (Cookie c : req.getCookies()) {
                cookies.put(c.getName(), c.getValue());
            }
        }
        Map<String, Request.Upload> uploads = new HashMap<>();
        String type = req.getContentType();
        if (req.getMethod().equalsIgnoreCase("POST") && type != null
                && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            try {
                for (Part part : req.getParts()) {
                    String fileName = part.getSubmittedFileName();
                    if (fileName != null && !fileName.isBlank() && part.getSize() > 0) {
                        try (InputStream in = part.getInputStream()) {
                            uploads.put(part.getName(), new Request.Upload(Path.of(fileName.replace('\\', '/'))
                                    .getFileName().toString(),
                                    // a plugin's jar is taken whole (up to MAX_FILE); other files up to a page's limit
                                    in.readNBytes(part.getName().equals(PluginsPage.JAR_FIELD) ? (int) MAX_FILE : Request.Upload.LIMIT + 1),
                                    part.getSize()));
                        }
                    }
                }
            } catch (IllegalStateException | ServletException e) {
                resp.sendError(413, "the form is too large: a file may have at most " + MAX_FILE / (1024 * 1024) + " MB");
                return;
            }
        }
        Response answer = ui.handle(new Request(req.getMethod().toUpperCase(Locale.ROOT), path.isEmpty() ? "/" : path,
                params, headers, cookies, (Subject) req.getAttribute(Subject.ATTRIBUTE),
                (String) req.getAttribute(Subject.CSRF_ATTRIBUTE), uploads));
        if (answer.file() != null) {
            sendFile(answer, resp);
            return;
        }
        head(answer, resp);
        if (answer.bytes() != null) {
            resp.setContentLength(answer.bytes().length);
            if (!req.getMethod().equalsIgnoreCase("HEAD")) {
                resp.getOutputStream().write(answer.bytes());
            }
        } else {
            OutputStream out = resp.getOutputStream();
            resp.flushBuffer();
            answer.stream().writeTo(out);
        }
    }

    private static void head(Response answer, HttpServletResponse resp) {
        resp.setStatus(answer.status());
        resp.setContentType(answer.contentType());
        if (!answer.headers().containsKey("Cache-Control")) {
            resp.setHeader("Cache-Control", "no-store");
        }
        resp.setHeader("X-Content-Type-Options", "nosniff");
        answer.headers().forEach(resp::setHeader);
    }

    /** Opens the file before the head is sent: retention may delete it between the lookup and here. */
    private static void sendFile(Response answer, HttpServletResponse resp) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(answer.file(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            resp.sendError(404, "the artifact " + answer.file().getFileName() + " is gone");
            return;
        }
        try (channel; InputStream in = Channels.newInputStream(channel); OutputStream out = resp.getOutputStream()) {
            head(answer, resp);
            resp.setContentLengthLong(channel.size());
            in.transferTo(out);
        }
    }
}
