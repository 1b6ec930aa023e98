package io.klarsyn.api.server;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Installs, updates, removes and rolls back plugin bundles in the running server, without a restart.
 * The API ({@code /api/plugins}), the CLI ({@code klarsyn plugin ...}) and the web UI's plugins page
 * all go through this one service; it is registered while a server runs.
 *
 * <p>A plugin is a bundle that is not part of the server's features. Plugins installed here live
 * under {@code DIR/plugins/<name>/} ({@code current.jar}, and {@code previous.jar} after an update)
 * and are installed again at every start. Plugins dropped into {@code DIR/deploy/} are listed too
 * ({@link Source#DEPLOY}); a jar in {@code deploy/} with the name of a plugin installed here is taken
 * as an update of it, unless the plugin is pinned.
 *
 * <p>Every change is checked first by a dry run against the running framework: nothing is installed
 * when a requirement is missing. Methods are thread-safe; changes are done one at a time.
 */
@ProviderType
public interface PluginManager {

    /** Where a plugin came from. */
    enum Source {
        /** Installed through this service: {@code DIR/plugins/<name>/current.jar}. */
        MANAGED,
        /** A file in a {@code deploy/} folder, installed and updated by the folder watcher. */
        DEPLOY
    }

    /**
     * One plugin as it stands now.
     *
     * @param name the bundle's symbolic name, which names the plugin in every call
     * @param version the bundle's version
     * @param state {@code ACTIVE}; {@code FAILED} (its activator or a component's activation threw);
     *        {@code WAITING} (a component misses a service); {@code INSTALLED} (it does not resolve);
     *        {@code HELD} (a {@code deploy/} copy of a pinned plugin, not used)
     * @param reason why, when the state is not {@code ACTIVE}: the missing requirement with its version
     *        range, or the exception's message; null when active
     * @param source where it came from
     * @param pinned whether {@code deploy/} may not replace it (only managed plugins are pinned)
     * @param previousVersion the version a rollback restores, or null when there is none
     * @param contributes what it offers the engine, e.g. {@code metric nps-extra}; empty when nothing
     * @param bundleId the framework's id of its bundle
     * @param file the jar it runs from, relative to the server home when inside it
     */
    record Installed(String name, String version, String state, String reason, Source source, boolean pinned,
            String previousVersion, List<String> contributes, long bundleId, String file) {

        public Installed {
            contributes = List.copyOf(contributes);
        }
    }

    /**
     * A requirement of a bundle that nothing in the running framework (nor the jar itself) satisfies.
     *
     * @param bundle who needs it: {@code symbolic-name version}
     * @param namespace {@code osgi.wiring.package}, {@code osgi.wiring.bundle}, or a capability namespace
     *        such as {@code osgi.extender}
     * @param requirement in words: {@code package io.klarsyn.api.metric [1.1.0,2.0.0)}, or the
     *        capability's namespace and filter
     * @param found what the server has instead, e.g. {@code io.klarsyn.api.metric 1.0.0 (io.klarsyn.api 0.1.0)};
     *        null when it has nothing of that name
     */
    record Missing(String bundle, String namespace, String requirement, String found) {

        /** @return one line: who needs what, and what the server has instead */
        public String message() {
            return bundle + " needs " + requirement + (found == null
                    ? ", which no installed bundle provides"
                    : "; the server has " + found + " (the plugin was built against a newer or other API)");
        }
    }

    /**
     * What installing a jar would do.
     *
     * @param name its symbolic name
     * @param version its version
     * @param installable whether it would resolve: {@code missing} is empty and nothing else refuses it
     * @param currentVersion the version it would replace, or null for a new plugin
     * @param missing every requirement nothing satisfies
     * @param refusal why it is refused otherwise (a server bundle's name, a pinned plugin), or null
     */
    record DryRun(String name, String version, boolean installable, String currentVersion, List<Missing> missing,
            String refusal) {

        public DryRun {
            missing = List.copyOf(missing);
        }
    }

    /** A change that could not be made; nothing was changed. */
    final class PluginException extends Exception {
        private static final long serialVersionUID = 1L;

        /** Why, for the API's status code. */
        public enum Kind {
            /** The bytes are no bundle (not a jar, no manifest, no symbolic name). */
            INVALID,
            /** No plugin of that name. */
            NOT_FOUND,
            /** The dry run failed: see {@link PluginException#dryRun()}. */
            UNRESOLVABLE,
            /** Not possible in this state: a server bundle, a {@code deploy/} plugin, no previous version. */
            CONFLICT
        }

        private final Kind kind;
        private final transient DryRun dryRun;

        public PluginException(Kind kind, String message) {
            this(kind, message, null);
        }

        public PluginException(Kind kind, String message, DryRun dryRun) {
            super(message);
            this.kind = kind;
            this.dryRun = dryRun;
        }

        public Kind kind() {
            return kind;
        }

        /** @return the dry run that refused the jar, or null */
        public DryRun dryRun() {
            return dryRun;
        }
    }

    /** @return every plugin, managed and from {@code deploy/}, by name */
    List<Installed> plugins();

    /** @return the plugin of that name, if any */
    Optional<Installed> plugin(String name);

    /**
     * Resolves a jar against the running framework without touching it.
     *
     * @param jar the bundle's bytes
     * @throws PluginException INVALID when the bytes are no bundle
     */
    DryRun dryRun(byte[] jar) throws PluginException;

    /**
     * Installs a jar as a new plugin, or as an update of the plugin of the same name (the version it
     * replaces is kept for {@link #rollback(String)}), and starts it. A plugin that then fails to start
     * stays installed, listed {@code FAILED} with the reason.
     *
     * @return the plugin as it stands after starting
     * @throws PluginException UNRESOLVABLE (nothing installed) with the dry run; INVALID; CONFLICT
     */
    Installed install(byte[] jar) throws PluginException;

    /**
     * Uninstalls a managed plugin and deletes its files.
     *
     * @throws PluginException NOT_FOUND; CONFLICT for a plugin from {@code deploy/} (delete its file)
     */
    void remove(String name) throws PluginException;

    /**
     * Goes back to the version the last update replaced; the replaced one becomes the previous, so a
     * second rollback undoes the first.
     *
     * @throws PluginException NOT_FOUND; CONFLICT when there is no previous version
     */
    Installed rollback(String name) throws PluginException;

    /**
     * Pins or unpins a managed plugin: a pinned plugin is not replaced by a jar of its name in
     * {@code deploy/}. Updates through {@link #install(byte[])} still replace it.
     *
     * @throws PluginException NOT_FOUND; CONFLICT for a plugin from {@code deploy/}
     */
    Installed pin(String name, boolean pinned) throws PluginException;
}
