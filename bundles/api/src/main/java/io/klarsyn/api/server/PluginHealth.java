package io.klarsyn.api.server;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What does not work in the running server, with the reason: the list {@code klarsyn plugins}
 * prints under "Problems", for the web UI's plugins page. A broken bundle never stops the server;
 * it is listed here instead. Registered by the CLI bundle while a server runs.
 *
 */
@ProviderType
public interface PluginHealth {

    /**
     * One problem.
     *
     * @param bundleId the framework's id of the bundle it concerns, or -1 for a file that is no bundle
     * @param what what is broken: {@code bundle com.example.broken 1.0.0 (deploy/broken.jar)}, a
     *        component, or a file in {@code deploy/}
     * @param state {@code INSTALLED} or {@code RESOLVED} (a bundle that did not start), {@code FAILED}
     *        (a component whose activation threw), {@code WAITING} (a component missing a service),
     *        {@code IGNORED} (a file that is no bundle)
     * @param reason why, in one line: the missing requirement with its version range, or the
     *        exception's message
     */
    record Problem(long bundleId, String what, String state, String reason) {
    }

    /**
     * @return every problem now, bundles in the framework's order; empty when all is well. Tries to
     *         start a bundle that is resolved but not active once per version, to learn its reason.
     */
    List<Problem> problems();
}
