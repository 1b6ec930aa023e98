package io.klarsyn.http.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.server.RunState;
import io.klarsyn.api.server.ServerHome;
import io.klarsyn.api.server.Trigger;
import io.klarsyn.api.security.Role;
import io.klarsyn.api.security.Subject;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The servlet as a thin adapter: what the container hands it reaches the {@link Api}, and back. */
class ApiServletTest {

    private final FakeServer server = new FakeServer();
    private final ApiServlet servlet;

    ApiServletTest() {
        server.add(FakeServer.validJob("acme", "Acme AS", "@monthly", ZoneId.of("Europe/Oslo")));
        ServerHome home = (ServerHome) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServerHome.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException();
                });
        servlet = new ApiServlet(home, server, server, server, server);
    }

    /** What the servlet set on its response. */
    private static final class Sent {
        int status;
        String contentType;
        Long contentLength;
        final Map<String, String> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean flushedBeforeBody;

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    private Sent call(String method, String pathInfo, Map<String, String[]> parameters, Map<String, String> headers, String body)
            throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        ServletInputStream input = new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read() {
                return in.read();
            }
        };
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getServletPath" -> "/api";
                    case "getPathInfo" -> pathInfo;
                    case "getQueryString" -> parameters.isEmpty() ? null : parameters.entrySet().stream()
                            .map(e -> java.net.URLEncoder.encode(e.getKey(), java.nio.charset.StandardCharsets.UTF_8) + "="
                                    + java.net.URLEncoder.encode(e.getValue()[0], java.nio.charset.StandardCharsets.UTF_8))
                            .collect(java.util.stream.Collectors.joining("&"));
                    case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getInputStream" -> input;
                    // what the security filter puts on every request it lets through
                    case "getAttribute" -> Subject.ATTRIBUTE.equals(args[0])
                            ? new Subject("admin", Role.ADMIN, java.util.Set.of(), false) : null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        Sent sent = new Sent();
        ServletOutputStream output = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(int b) {
                sent.body.write(b);
            }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "setStatus" -> sent.status = (Integer) args[0];
                        case "setContentType" -> sent.contentType = (String) args[0];
                        case "setHeader" -> sent.headers.put((String) args[0], (String) args[1]);
                        case "setContentLength" -> sent.contentLength = (long) (Integer) args[0];
                        case "setContentLengthLong" -> sent.contentLength = (Long) args[0];
                        case "getOutputStream" -> {
                            return output;
                        }
                        case "flushBuffer" -> sent.flushedBeforeBody = sent.body.size() == 0;
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                    return null;
                });
        servlet.service(request, response);
        return sent;
    }

    @Test
    void aJsonAnswerHasItsStatusTypeAndLength() throws IOException {
        Sent sent = call("GET", "/jobs/nope", Map.of(), Map.of(), "");

        assertThat(sent.status).isEqualTo(404);
        assertThat(sent.contentType).isEqualTo("application/json");
        assertThat(sent.text()).isEqualTo("{\"error\":\"not found\",\"detail\":\"no job nope\"}");
        assertThat(sent.contentLength).isEqualTo(sent.text().length());
    }

    @Test
    void thePostedBodyHeadersAndQueryReachTheApi() throws IOException {
        Sent posted = call("POST", "/jobs/acme/runs", Map.of(), Map.of("X-Klarsyn-Trigger", "cli"), "{\"period\":\"2026-10\"}");

        assertThat(posted.status).isEqualTo(202);
        assertThat(posted.headers).containsEntry("Location", "/api/runs/1");
        assertThat(server.runs.get(1L).trigger()).isEqualTo(Trigger.CLI);

        server.put("acme", YearMonth.of(2026, 9), RunState.SUCCESS, Trigger.API);
        Sent page = call("GET", "/jobs/acme/runs", Map.of("limit", new String[] {"1"}), Map.of(), "");
        assertThat(page.text()).startsWith("[{\"id\":2,").doesNotContain("\"id\":1,");
    }

    @Test
    void aFileIsSentWithItsLength(@TempDir Path dir) throws IOException {
        server.put("acme", YearMonth.of(2026, 10), RunState.SUCCESS, Trigger.API);
        Path pdf = Files.write(dir.resolve("report.pdf"), "%PDF-1.7 ...".getBytes(StandardCharsets.US_ASCII));
        server.artifacts.put(1L, Map.of("report.pdf", pdf));

        Sent sent = call("GET", "/runs/1/artifacts/report.pdf", Map.of(), Map.of(), "");

        assertThat(sent.status).isEqualTo(200);
        assertThat(sent.contentType).isEqualTo("application/pdf");
        assertThat(sent.contentLength).isEqualTo(12);
        assertThat(sent.text()).isEqualTo("%PDF-1.7 ...");
    }

    @Test
    void aFileDeletedAfterItsLookupIsNotFound(@TempDir Path dir) throws IOException {
        server.put("acme", YearMonth.of(2026, 10), RunState.SUCCESS, Trigger.API);
        server.artifacts.put(1L, Map.of("report.pdf", dir.resolve("report.pdf")));

        Sent sent = call("GET", "/runs/1/artifacts/report.pdf", Map.of(), Map.of(), "");

        assertThat(sent.status).isEqualTo(404);
        assertThat(sent.contentType).isEqualTo("application/json");
        assertThat(sent.text()).contains("report.pdf is gone");
    }

    @Test
    void aFollowedLogIsStreamedWithoutALength() throws IOException {
        server.put("acme", YearMonth.of(2026, 10), RunState.SUCCESS, Trigger.API);
        server.logs.put(1L, new StringBuilder("all of it\n"));

        Sent sent = call("GET", "/runs/1/log", Map.of("follow", new String[] {"true"}), Map.of(), "");

        assertThat(sent.status).isEqualTo(200);
        assertThat(sent.contentType).isEqualTo("text/plain; charset=utf-8");
        assertThat(sent.contentLength).isNull();
        assertThat(sent.flushedBeforeBody).isTrue();
        assertThat(sent.text()).isEqualTo("all of it\n");
        assertThat(sent.headers).containsEntry("Cache-Control", "no-store");
    }
}
