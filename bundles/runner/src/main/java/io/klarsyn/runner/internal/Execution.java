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
    private Phase phase = Phase.QUEUED;
    private long deadlineMillis = Long.MAX_VALUE;
    private String abortReason;
    private boolean cancelSeen;

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
        }
    }

    /** @return the console text written so far */
    String liveText() {
        synchronized (live) {
            return live.toString();
        }
    }
}
