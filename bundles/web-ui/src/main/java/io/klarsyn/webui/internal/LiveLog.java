package io.klarsyn.webui.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.klarsyn.api.server.RunQueue;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunStore;

/**
 * A run's console log as server-sent events for the run page: {@code event: log} with the new text
 * (HTML-escaped, to be appended to the page's {@code <pre>}) and its end offset as the event id (so a
 * reconnecting browser resumes there), then one {@code event: done} with the final status once the
 * run has finished and every character is sent.
 */
final class LiveLog {

    /** Waits between two polls of a log that has nothing new. */
    @FunctionalInterface
    interface Pause {
        void pause() throws InterruptedException;

        Pause MILLIS_200 = () -> Thread.sleep(200);
    }

    private static final int KEEPALIVE_POLLS = 50;

    private final RunQueue queue;
    private final RunStore store;
    private final Pause pause;

    LiveLog(RunQueue queue, RunStore store, Pause pause) {
        this.queue = queue;
        this.store = store;
        this.pause = pause;
    }

    void stream(long id, long offset, OutputStream out) throws IOException {
        int quiet = 0;
        out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        while (true) {
            // state before text: text written after a finished state was seen is still read by this poll
            Optional<RunRecord> run = store.run(id);
            boolean finished = run.isEmpty() || run.get().status().finished();
            String text = queue.log(id, offset);
            if (!text.isEmpty()) {
                offset += text.length();
                out.write(event("log", Long.toString(offset), TrendChart.esc(text)));
                out.flush();
                quiet = 0;
            } else if (finished) {
                out.write(event("done", null, run.map(r -> r.status().name()).orElse("UNKNOWN")));
                out.flush();
                return;
            } else {
                if (++quiet % KEEPALIVE_POLLS == 0) {
                    out.write(": still running\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                try {
                    pause.pause();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One event; each line of the data is its own {@code data:} line, which the browser joins with newlines. */
    static byte[] event(String name, String id, String data) {
        StringBuilder b = new StringBuilder();
        b.append("event: ").append(name).append('\n');
        if (id != null) {
            b.append("id: ").append(id).append('\n');
        }
        for (String line : data.split("\r?\n|\r", -1)) {
            b.append("data: ").append(line).append('\n');
        }
        return b.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
}
