package io.klarsyn.engine.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** run.log lines, collected in memory and written at the end of a run. Thread-safe. */
final class RunLog {

    private final StringBuilder text = new StringBuilder();

    synchronized void line(String level, String source, String message) {
        text.append(Instant.now().truncatedTo(ChronoUnit.MILLIS)).append(' ').append(level).append(' ')
                .append('[').append(source).append("] ").append(message).append('\n');
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
                text.append(w);
            }
        }
    }

    synchronized String text() {
        return text.toString();
    }
}
