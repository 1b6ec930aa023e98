package io.klarsyn.runner.internal;

import java.time.Clock;
import java.time.YearMonth;

import io.klarsyn.api.run.ProgressListener;

/**
 * One run known to this queue, from queued to done: the engine's listener for it (live console
 * text, abort and time budget).
 */
final class Execution implements ProgressListener {

    enum Phase { QUEUED, RUNNING, DONE }

    final long id;
    final String job;
    final YearMonth period;
    private final Clock clock;
    private final long budgetSeconds;
    private final StringBuilder live = new StringBuilder();
    /** Cluster: the live run.log in the shared folder, guarded by {@link #live}; null when not written. */
    private java.nio.channels.FileChannel file;
    private java.io.IOException fileProblem;
    private Phase phase = Phase.QUEUED;
    private long deadlineMillis = Long.MAX_VALUE;
    private String abortReason;
    private boolean cancelSeen;
    /** Cluster: the run went back to the queue (this server stopped); nothing more is recorded of it here. */
    private boolean handedBack;
    /** The run's end is being recorded: it can no longer be handed back. */
    private boolean recording;

    Execution(long id, String job, YearMonth period, Clock clock, long budgetSeconds) {
        this.id = id;
        this.job = job;
        this.period = period;
        this.clock = clock;
        this.budgetSeconds = budgetSeconds;
    }

    /** @return true when the run may start now (it was queued, not aborted, and the queue runs) */
    synchronized boolean begin(boolean stopping) {
        if (phase != Phase.QUEUED || stopping) {
            return false;
        }
        phase = Phase.RUNNING;
        if (budgetSeconds > 0) {
            deadlineMillis = clock.millis() + budgetSeconds * 1000;
        }
        return true;
    }

    synchronized void end() {
        phase = Phase.DONE;
    }

    synchronized boolean done() {
        return phase == Phase.DONE;
    }

    /**
     * Asks the run to stop; the first reason wins.
     *
     * @return QUEUED when the run had not started (it is now done and never will), RUNNING when
     *         the engine will be told, or DONE when it was over already
     */
    synchronized Phase abort(String reason) {
        Phase was = phase;
        if (phase == Phase.QUEUED) {
            phase = Phase.DONE;
        }
        if (phase != Phase.DONE && abortReason == null) {
            abortReason = reason;
        }
        return was;
    }

    /**
     * Cluster: marks the run handed back to the queue, unless its end is being recorded already.
     *
     * @return true when the caller hands it back (once), false when its end is recorded or it was handed back
     */
    synchronized boolean handBack() {
        if (recording || handedBack) {
            return false;
        }
        handedBack = true;
        return true;
    }

    /** @return true when the caller records the run's end (once), false when the run was handed back */
    synchronized boolean record() {
        if (handedBack || recording) {
            return false;
        }
        recording = true;
        return true;
    }

    /** @return whether the run's end is being (or was) recorded here */
    synchronized boolean recording() {
        return recording;
    }

    /** @return why the run was asked to stop, or null */
    synchronized String abortReason() {
        return abortReason;
    }

    /** @return true once the engine was told to stop (it then ends as FAILURE "aborted") */
    synchronized boolean cancelSeen() {
        return cancelSeen;
    }

    @Override
    public synchronized boolean cancelled() {
        if (abortReason == null && clock.millis() >= deadlineMillis) {
            abortReason = "time budget of " + budgetSeconds + " s exceeded";
        }
        if (abortReason != null) {
            cancelSeen = true;
        }
        return cancelSeen;
    }

    @Override
    public void log(String line) {
        synchronized (live) {
            live.append(line).append('\n');
            if (file != null) {
                try {
                    // one write per line, unbuffered: a node reading the shared folder sees whole lines as they come
                    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        file.write(bytes);
                    }
                } catch (java.io.IOException e) {
                    fileProblem = e;
                    closeFile();
                }
            }
        }
    }

    /**
     * Cluster: from now on each line also goes to {@code path} (run.log in the run's folder on the shared home),
     * written as it comes, so that every node can follow the run; the engine replaces the file with the same text
     * at the end.
     */
    void writeTo(java.nio.file.Path path) throws java.io.IOException {
        synchronized (live) {
            file = java.nio.channels.FileChannel.open(path, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    /** @return whether the lines go to a run.log file as they come */
    boolean writesFile() {
        synchronized (live) {
            return file != null;
        }
    }

    /** @return why writing the live run.log stopped, or null */
    java.io.IOException fileProblem() {
        synchronized (live) {
            return fileProblem;
        }
    }

    void closeFile() {
        synchronized (live) {
            if (file != null) {
                try {
                    file.close();
                } catch (java.io.IOException e) {
                    // the lines are written; nothing to keep
                }
                file = null;
            }
        }
    }

    /** @return the console text written so far */
    String liveText() {
        synchronized (live) {
            return live.toString();
        }
    }
}
