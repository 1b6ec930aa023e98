package io.klarsyn.http.api.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.klarsyn.api.server.RunQueue;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunStore;

/**
 * Streams a run's console log while it grows, until the run has finished and every character is
 * sent. Polls {@link RunQueue#log(long, long)}; between polls it waits with its {@link Pause}.
 */
final class LogFollower {

    /** Waits between two polls of a log that has nothing new. */
    @FunctionalInterface
    interface Pause {
        void pause() throws InterruptedException;

        Pause MILLIS_200 = () -> Thread.sleep(200);
    }

    private final RunQueue queue;
    private final RunStore store;
    private final Pause pause;

    LogFollower(RunQueue queue, RunStore store, Pause pause) {
        this.queue = queue;
        this.store = store;
        this.pause = pause;
    }

    /** @param offset the first character to send: a client that lost its stream resumes where it was */
    void follow(long id, long offset, OutputStream out) throws IOException {
        while (true) {
            // The state is read before the text: text written after a finished state was seen is
            // still read by this round's poll, and the next round ends only on an empty poll.
            Optional<RunRecord> run = store.run(id);
            boolean finished = run.isEmpty() || run.get().status().finished();
            String text = queue.log(id, offset);
            if (!text.isEmpty()) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
                offset += text.length();
            } else if (finished) {
                return;
            } else {
                try {
                    pause.pause();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
