package io.klarsyn.cli.internal;

import java.io.PrintStream;

import io.klarsyn.api.run.ProgressListener;

/** Progress on a terminal: one line per stage, rows read; silent when not a terminal. */
final class Progress implements ProgressListener {
    private final PrintStream err;
    private final boolean terminal;

    Progress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void stage(String stage) {
        if (terminal) {
            err.print("\r\033[K" + stage + " …");
            err.flush();
        }
    }

    @Override
    public void rows(String source, long rows) {
        if (terminal) {
            err.printf("\r\033[Kreading %s: %,d rows", source, rows);
            err.flush();
        }
    }

    @Override
    public void metric(String id, String status, long millis) {
        if (terminal) {
            err.printf("\r\033[Kmetric %s: %s (%d ms)", id, status, millis);
            err.flush();
        }
    }

    void done() {
        if (terminal) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
