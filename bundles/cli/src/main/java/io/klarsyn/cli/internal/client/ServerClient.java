package io.klarsyn.cli.internal.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A Klarsyn server's JSON API, over plain HTTP/1.1. */
final class ServerClient {

    /** The server did not answer at all (refused, reset, timed out while connecting). */
    static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** An answer: its status and its body as text. */
    record Reply(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final String server;
    private final String token;
    private final HttpClient http;

    /** @param server the base URL without a trailing slash, e.g. {@code http://127.0.0.1:8080} */
    ServerClient(String server) {
        this(server, null);
    }

    /**
     * @param server the base URL without a trailing slash
     * @param token the API token sent as {@code Authorization: Bearer} on every call, or null
     */
    ServerClient(String server, String token) {
        this.server = server;
        this.token = token;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    String server() {
        return server;
    }

    /** @return {@code path} (from {@code /api}) as an absolute URL of this server */
    String url(String path) {
        return server + path;
    }

    Reply get(String path) throws Unreachable {
        return send(authorized(HttpRequest.newBuilder(URI.create(url(path))).GET().header("Accept", "application/json")));
    }

    Reply post(String path, String json, String header, String value) throws Unreachable {
        return send(authorized(HttpRequest.newBuilder(URI.create(url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .header(header, value)));
    }

    /** POSTs raw bytes (a plugin's jar). */
    Reply postBytes(String path, byte[] body, String contentType) throws Unreachable {
        return send(authorized(HttpRequest.newBuilder(URI.create(url(path)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", contentType)
                .header("Accept", "application/json")));
    }

    /** Sends {@code method} without a body ({@code DELETE}, {@code PUT}, {@code POST}). */
    Reply send(String method, String path) throws Unreachable {
        return send(authorized(HttpRequest.newBuilder(URI.create(url(path)))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/json")));
    }

    /** POSTs {@code json} with HTTP Basic {@code user:password} instead of the token ({@code POST /api/tokens}). */
    Reply postBasic(String path, String json, String user, char[] password) throws Unreachable {
        String credentials = java.util.Base64.getEncoder().encodeToString(
                (user + ":" + new String(password)).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + credentials));
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    /**
     * The outcome of a streamed text answer.
     *
     * @param reply the status, with the body when it was not 2xx
     * @param chars how many characters were copied
     * @param complete false when the stream broke off before its end
     */
    record Streamed(Reply reply, long chars, boolean complete) {
    }

    /** Copies a streamed text answer to {@code out} as it comes; only a 2xx answer is copied. */
    Streamed stream(String path, PrintStream out) throws Unreachable {
        HttpResponse<InputStream> response;
        try {
            response = http.send(authorized(HttpRequest.newBuilder(URI.create(url(path))).GET()).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new Unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(new IOException("interrupted"));
        }
        long chars = 0;
        try (Reader in = new InputStreamReader(response.body(), StandardCharsets.UTF_8)) {
            if (response.statusCode() / 100 != 2) {
                StringWriter body = new StringWriter();
                in.transferTo(body);
                return new Streamed(new Reply(response.statusCode(), body.toString()), 0, true);
            }
            char[] buffer = new char[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.print(new String(buffer, 0, n));
                out.flush();
                chars += n;
            }
            return new Streamed(new Reply(response.statusCode(), ""), chars, true);
        } catch (IOException e) {
            return new Streamed(new Reply(response.statusCode(), ""), chars, false);
        }
    }

    private Reply send(HttpRequest.Builder request) throws Unreachable {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new Unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(new IOException("interrupted"));
        }
    }
}
