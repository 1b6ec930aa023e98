package io.klarsyn.engine.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.api.settings.SettingDescriptor;

/**
 * run.log lines, collected in memory and written at the end of a run; each line also goes to the
 * run's {@link ProgressListener#log} as it is written, in run.log's order. Thread-safe. A password in a URL
 * that a line or a stack trace quotes (a connector's error echoing its database URL) is written as {@code ***}
 * ({@link SettingDescriptor#maskPasswords}).
 */
final class RunLog {

    private final StringBuilder text = new StringBuilder();
    private final ProgressListener listener;

    RunLog(ProgressListener listener) {
        this.listener = listener == null ? ProgressListener.NONE : listener;
    }

    synchronized void line(String level, String source, String message) {
        String line = SettingDescriptor.maskPasswords(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + level + " ["
                + source + "] " + message);
        for (String part : line.split("\\R", -1)) {
            append(part);
        }
    }

    private void append(String line) {
        text.append(line).append('\n');
        try {
            listener.log(line);
        } catch (RuntimeException e) {
            // a console that fails must not fail the run; run.log still has the line
        }
    }

    void info(String source, String message) {
        line("INFO ", source, message);
    }

    void warn(String source, String message) {
        line("WARN ", source, message);
    }

    void error(String source, String message, Throwable t) {
        StringWriter w = new StringWriter();
        if (t != null) {
            t.printStackTrace(new PrintWriter(w));
        }
        synchronized (this) {
            line("ERROR", source, message);
            if (t != null) {
                String trace = SettingDescriptor.maskPasswords(w.toString());
                if (trace.endsWith(System.lineSeparator())) {
                    trace = trace.substring(0, trace.length() - System.lineSeparator().length());
                }
                for (String part : trace.split("\\R", -1)) {
                    append(part);
                }
            }
        }
    }

    synchronized String text() {
        return text.toString();
    }
}
