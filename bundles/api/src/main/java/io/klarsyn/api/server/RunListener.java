package io.klarsyn.api.server;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when a run has finished and its record is final (whiteboard: register as a service). The
 * delivery service listens, to send the report.
 *
 * <p>Called by the run queue on the run's own thread, after the record is committed, once per run
 * that finished in this server process; a run finishing while no listener is registered (or the
 * server dying between commit and call) is not told again: a listener that must not miss one
 * checks {@link RunStore} at start. Return quickly; an exception is logged and ignored.
 */
@ConsumerType
public interface RunListener {

    /** @param run the finished run (SUCCESS, UNSTABLE, FAILURE or ABORTED) */
    void runFinished(RunRecord run);
}
