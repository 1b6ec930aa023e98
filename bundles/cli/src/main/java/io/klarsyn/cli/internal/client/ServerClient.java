package io.klarsyn.cli.internal.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
    private final HttpClient http;

    /** @param server the base URL without a trailing slash, e.g. {@code http://127.0.0.1:8080} */
    ServerClient(String server) {
        this.server = server;
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
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET().header("Accept", "application/json"));
    }

    Reply post(String path, String json, String header, String value) throws Unreachable {
        return send(HttpRequest.newBuilder(URI.create(url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .header(header, value));
    }

    /**
     * Copies a streamed text answer to {@code out} as it comes.
     *
     * @return the status; the body is copied only for a 2xx answer, else returned in the reply
     */
    Reply stream(String path, OutputStream out) throws Unreachable {
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new Unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(new IOException("interrupted"));
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() / 100 != 2) {
                return new Reply(response.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // The stream broke off (the server stopped); the caller asks for the run's state next.
        }
        return new Reply(response.statusCode(), "");
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
