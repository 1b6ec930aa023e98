package io.klarsyn.plugins.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.hooks.bundle.CollisionHook;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import io.klarsyn.api.security.AuditLog;
import io.klarsyn.api.server.PluginManager;
import io.klarsyn.api.server.ServerHome;

/**
 * The {@link PluginManager} of a running server. Managed plugins are bundles at the location
 * {@code klarsyn-plugin:<name>}, installed from {@code DIR/plugins/<name>/current.jar}. A bundle of a
 * managed plugin's name from anywhere else (a {@code deploy/} jar) is kept from resolving by a resolver
 * hook, so one name never runs twice; unless the plugin is pinned, such a jar is taken as its update.
 */
@Component(service = PluginManager.class, immediate = true)
public final class PluginManagerService implements PluginManager, SynchronousBundleListener {

    static final String LOCATION = "klarsyn-plugin:";
    private static final Logger LOG = Logger.getLogger(PluginManagerService.class.getName());
    private static final long REFRESH_SECONDS = 30;

    private final BundleContext ctx;
    private final ServiceComponentRuntime scr;
    private final Path home;
    private final PluginStore store;
    /** Names of the managed plugins: the resolver hook holds back other bundles of these names. */
    private final Set<String> managed = ConcurrentHashMap.newKeySet();
    /** Why a bundle did not start, by bundle id and last-modified time. */
    private final Map<String, String> startFailures = new ConcurrentHashMap<>();
    private final ExecutorService worker;
    private final List<ServiceRegistration<?>> hooks = new ArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditLog audit;

    @Activate
    public PluginManagerService(BundleContext ctx, @Reference ServerHome home, @Reference ServiceComponentRuntime scr)
            throws IOException {
        this.ctx = ctx;
        this.scr = scr;
        this.home = home.home();
        this.store = new PluginStore(this.home.resolve("plugins"));
        Files.createDirectories(store.root());
        managed.addAll(store.names());
        hooks.add(ctx.registerService(ResolverHookFactory.class, triggers -> new HoldBack(), null));
        hooks.add(ctx.registerService(CollisionHook.class, this::allowCopies, null));
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "klarsyn-plugins");
            t.setDaemon(true);
            return t;
        });
        ctx.addBundleListener(this);
        worker.submit(this::startManaged);
    }

    @Deactivate
    void stop() {
        ctx.removeBundleListener(this);
        worker.shutdownNow();
        for (ServiceRegistration<?> r : hooks) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // gone with the framework
            }
        }
    }

    /** At start: installs every managed plugin from its files, holds back copies, considers {@code deploy/} jars. */
    private synchronized void startManaged() {
        try {
            for (String name : store.names()) {
                if (bundle(name) != null) {
                    continue;
                }
                try {
                    Bundle b = ctx.installBundle(LOCATION + name, Files.newInputStream(store.current(name)));
                    start(b);
                    LOG.info("plugin " + name + " " + b.getVersion() + " installed from " + store.current(name));
                } catch (BundleException | IOException e) {
                    LOG.log(Level.WARNING, "plugin " + name + " could not be installed from " + store.current(name) + ": " + e.getMessage());
                }
            }
            for (Bundle b : ctx.getBundles()) {
                if (isCopy(b)) {
                    holdBack(b);
                    adopt(b);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "the managed plugins could not all be started: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ reading

    @Override
    public List<Installed> plugins() {
        List<Installed> all = new ArrayList<>();
        for (Bundle b : ctx.getBundles()) {
            if (isManaged(b) || isDeployed(b)) {
                all.add(describe(b));
            }
        }
        all.sort(java.util.Comparator.comparing(Installed::name).thenComparing(i -> i.source().ordinal()));
        return all;
    }

    @Override
    public Optional<Installed> plugin(String name) {
        Bundle b = bundle(name);
        if (b != null) {
            return Optional.of(describe(b));
        }
        return plugins().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private Installed describe(Bundle b) {
        String name = b.getSymbolicName() == null ? b.getLocation() : b.getSymbolicName();
        boolean isManaged = isManaged(b);
        String state;
        String reason = null;
        if (!isManaged && managed.contains(name)) {
            Bundle m = bundle(name);
            state = "HELD";
            reason = "not used: the plugin manager runs " + name + (m == null ? "" : " " + m.getVersion())
                    + (store.pinned(name) ? ", which is pinned" : "") + "; remove it there with 'klarsyn plugin remove " + name + "' to use this file";
        } else {
            switch (b.getState()) {
                case Bundle.INSTALLED -> {
                    state = "INSTALLED";
                    List<Missing> missing = Resolution.of(ctx.getBundles(), -1).missing(headers(b));
                    reason = missing.isEmpty() ? startFailures.getOrDefault(key(b), "does not resolve")
                            : String.join("; ", missing.stream().map(Missing::message).toList());
                }
                case Bundle.RESOLVED, Bundle.STARTING, Bundle.STOPPING -> {
                    state = "FAILED";
                    reason = startFailures.get(key(b));
                    if (reason == null) {
                        start(b);
                        reason = startFailures.getOrDefault(key(b), "not started");
                    }
                    if (b.getState() == Bundle.ACTIVE) {
                        state = "ACTIVE";
                        reason = null;
                    }
                }
                default -> {
                    state = "ACTIVE";
                }
            }
            if (state.equals("ACTIVE")) {
                String[] component = components(b);
                if (component != null) {
                    state = component[0];
                    reason = component[1];
                }
            }
        }
        String previous = null;
        String file;
        if (isManaged) {
            Path p = store.previous(name);
            previous = Files.isRegularFile(p) ? versionOf(p) : null;
            file = home.relativize(store.current(name)).toString();
        } else {
            file = fileOf(b).map(p -> p.startsWith(home) ? home.relativize(p).toString() : p.toString()).orElse(b.getLocation());
        }
        return new Installed(name, b.getVersion().toString(), state, reason, isManaged ? Source.MANAGED : Source.DEPLOY,
                isManaged && store.pinned(name), previous, contributions(b), b.getBundleId(), file);
    }

    /** @return {state, reason} of the first component that failed or waits, or null when all are well */
    private String[] components(Bundle b) {
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    return new String[] {"FAILED", "component " + d.name + " failed to activate: " + firstLine(c.failure)};
                }
                if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE && c.unsatisfiedReferences.length > 0) {
                    return new String[] {"WAITING", "component " + d.name + " waits for a service "
                            + c.unsatisfiedReferences[0].target + " (" + c.unsatisfiedReferences[0].name + ")"};
                }
            }
        }
        return null;
    }

    private List<String> contributions(Bundle b) {
        List<String> out = new ArrayList<>();
        ServiceReference<?>[] refs = b.getRegisteredServices();
        if (refs != null) {
            for (ServiceReference<?> r : refs) {
                Object id = r.getProperty("klarsyn.plugin.id");
                if (id != null) {
                    out.add(kind((String[]) r.getProperty(Constants.OBJECTCLASS)) + " " + id);
                }
            }
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
            Object id = d.properties.get("klarsyn.plugin.id");
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (id != null && c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    // a delayed component keeps its service registered though it cannot be activated
                    out.remove(kind(d.serviceInterfaces) + " " + id);
                    out.add(kind(d.serviceInterfaces) + " " + id + " (failed)");
                }
            }
        }
        return out;
    }

    private static String kind(String[] interfaces) {
        for (String i : interfaces == null ? new String[0] : interfaces) {
            switch (i) {
                case "io.klarsyn.api.metric.MetricCalculator": return "metric";
                case "io.klarsyn.api.connector.DataConnector": return "connector";
                case "io.klarsyn.api.report.ReportRenderer": return "renderer";
                case "io.klarsyn.api.delivery.Delivery": return "delivery";
                default: break;
            }
        }
        return interfaces == null || interfaces.length == 0 ? "service" : interfaces[0].substring(interfaces[0].lastIndexOf('.') + 1);
    }

    // ------------------------------------------------------------------ dry run

    @Override
    public DryRun dryRun(byte[] jar) throws PluginException {
        return dryRun(manifest(jar));
    }

    private DryRun dryRun(Map<String, String> headers) {
        String name = Resolution.symbolicName(headers);
        String version = Resolution.version(headers).toString();
        Bundle current = bundle(name);
        String refusal = null;
        if (headers.containsKey(Constants.FRAGMENT_HOST)) {
            refusal = name + " is a fragment (Fragment-Host); a plugin is a bundle of its own";
        }
        for (Bundle b : ctx.getBundles()) {
            if (name.equals(b.getSymbolicName()) && !isManaged(b) && !isDeployed(b)) {
                refusal = name + " is a bundle of the server itself (" + b.getLocation().substring(b.getLocation().lastIndexOf('/') + 1)
                        + "), not a plugin";
            }
        }
        List<Missing> missing = Resolution.of(ctx.getBundles(), current == null ? -1 : current.getBundleId()).missing(headers);
        return new DryRun(name, version, missing.isEmpty() && refusal == null,
                current == null ? null : current.getVersion().toString(), missing, refusal);
    }

    /** @return the main attributes of a jar's manifest, refusing what is no bundle */
    static Map<String, String> manifest(byte[] jar) throws PluginException {
        Manifest m;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            m = in.getManifest();
            if (m == null && in.getNextJarEntry() == null) {
                throw new PluginException(PluginException.Kind.INVALID, "not a bundle: not a jar file (" + jar.length + " bytes)");
            }
        } catch (IOException e) {
            throw new PluginException(PluginException.Kind.INVALID, "not a bundle: not a jar file: " + e.getMessage());
        }
        if (m == null) {
            throw new PluginException(PluginException.Kind.INVALID, "not a bundle: the jar has no META-INF/MANIFEST.MF");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : m.getMainAttributes().entrySet()) {
            headers.put(((Attributes.Name) e.getKey()).toString(), String.valueOf(e.getValue()));
        }
        String name = Resolution.symbolicName(headers);
        if (name == null || !"2".equals(headers.getOrDefault(Constants.BUNDLE_MANIFESTVERSION, "").strip())) {
            throw new PluginException(PluginException.Kind.INVALID,
                    "not a bundle: the manifest has no Bundle-SymbolicName or no Bundle-ManifestVersion: 2");
        }
        if (!PluginStore.NAME.matcher(name).matches()) {
            throw new PluginException(PluginException.Kind.INVALID, "the Bundle-SymbolicName '" + name + "' is not a plugin name");
        }
        return headers;
    }

    // ------------------------------------------------------------------ changes

    @Override
    public synchronized Installed install(byte[] jar) throws PluginException {
        Map<String, String> headers = manifest(jar);
        DryRun dry = dryRun(headers);
        if (!dry.installable()) {
            throw refused(dry);
        }
        return apply(dry.name(), jar);
    }

    private static PluginException refused(DryRun dry) {
        if (dry.refusal() != null) {
            return new PluginException(PluginException.Kind.CONFLICT, dry.refusal(), dry);
        }
        return new PluginException(PluginException.Kind.UNRESOLVABLE, String.join("; ",
                dry.missing().stream().map(Missing::message).toList()), dry);
    }

    private Installed apply(String name, byte[] jar) throws PluginException {
        Bundle b = bundle(name);
        try {
            if (b == null) {
                managed.add(name);
                store.put(name, jar);
                try {
                    b = ctx.installBundle(LOCATION + name, new ByteArrayInputStream(jar));
                } catch (BundleException e) {
                    store.delete(name);
                    managed.remove(name);
                    throw new PluginException(PluginException.Kind.CONFLICT, "cannot install " + name + ": " + e.getMessage());
                }
                for (Bundle copy : ctx.getBundles()) {
                    if (isCopy(copy)) {
                        fileOf(copy).ifPresent(f -> seenQuietly(name, f));
                        holdBack(copy);
                    }
                }
            } else {
                store.put(name, jar);
                replace(b, jar);
            }
        } catch (IOException e) {
            throw new PluginException(PluginException.Kind.CONFLICT, "cannot write " + store.current(name) + ": " + e.getMessage());
        }
        start(b);
        return describe(b);
    }

    private void replace(Bundle b, byte[] jar) throws PluginException {
        try {
            try {
                b.stop();
            } catch (BundleException e) {
                // it was not running: replaced all the same
            }
            b.update(new ByteArrayInputStream(jar));
        } catch (BundleException e) {
            throw new PluginException(PluginException.Kind.CONFLICT, "cannot update " + b.getSymbolicName() + ": " + e.getMessage());
        }
        refresh(List.of(b));
    }

    @Override
    public synchronized void remove(String name) throws PluginException {
        Bundle b = managedOnly(name);
        try {
            b.uninstall();
        } catch (BundleException e) {
            throw new PluginException(PluginException.Kind.CONFLICT, "cannot uninstall " + name + ": " + e.getMessage());
        }
        managed.remove(name);
        try {
            store.delete(name);
        } catch (IOException e) {
            LOG.warning("plugin " + name + " removed, but its files could not all be deleted: " + e.getMessage());
        }
        List<Bundle> copies = new ArrayList<>();
        for (Bundle c : ctx.getBundles()) {
            if (name.equals(c.getSymbolicName()) && isDeployed(c)) {
                copies.add(c);
            }
        }
        refresh(null);
        for (Bundle c : copies) {
            start(c);
        }
    }

    @Override
    public synchronized Installed rollback(String name) throws PluginException {
        Bundle b = managedOnly(name);
        Path previous = store.previous(name);
        if (!Files.isRegularFile(previous)) {
            throw new PluginException(PluginException.Kind.CONFLICT, name + " has no previous version to go back to");
        }
        byte[] jar;
        try {
            jar = Files.readAllBytes(previous);
        } catch (IOException e) {
            throw new PluginException(PluginException.Kind.CONFLICT, "cannot read " + previous + ": " + e.getMessage());
        }
        DryRun dry = dryRun(manifest(jar));
        if (!dry.installable()) {
            throw refused(dry);
        }
        try {
            store.swap(name);
        } catch (IOException e) {
            throw new PluginException(PluginException.Kind.CONFLICT, "cannot swap the versions of " + name + ": " + e.getMessage());
        }
        replace(b, jar);
        start(b);
        return describe(b);
    }

    @Override
    public synchronized Installed pin(String name, boolean pinned) throws PluginException {
        Bundle b = managedOnly(name);
        try {
            store.pin(name, pinned);
        } catch (IOException e) {
            throw new PluginException(PluginException.Kind.CONFLICT, "cannot write the state of " + name + ": " + e.getMessage());
        }
        return describe(b);
    }

    private Bundle managedOnly(String name) throws PluginException {
        Bundle b = bundle(name);
        if (b != null) {
            return b;
        }
        for (Bundle c : ctx.getBundles()) {
            if (name.equals(c.getSymbolicName()) && isDeployed(c)) {
                throw new PluginException(PluginException.Kind.CONFLICT, name + " comes from " + fileOf(c).map(Path::toString).orElse("deploy/")
                        + ": delete or replace that file instead");
            }
        }
        throw new PluginException(PluginException.Kind.NOT_FOUND, "no plugin named " + name);
    }

    // ------------------------------------------------------------------ deploy/ copies

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        if ((event.getType() == BundleEvent.INSTALLED || event.getType() == BundleEvent.UPDATED) && isCopy(b)) {
            worker.submit(() -> {
                synchronized (this) {
                    adopt(b);
                }
            });
        }
    }

    /** Takes a {@code deploy/} jar of a managed plugin's name as its update, once per content, unless pinned. */
    private void adopt(Bundle copy) {
        String name = copy.getSymbolicName();
        Optional<Path> file = fileOf(copy);
        if (file.isEmpty() || !Files.isRegularFile(file.get()) || bundle(name) == null) {
            return;
        }
        try {
            byte[] jar = Files.readAllBytes(file.get());
            if (store.seen(name, sha256(jar))) {
                return;
            }
            if (store.pinned(name)) {
                LOG.info(file.get() + " (" + copy.getVersion() + ") is not used: plugin " + name + " is pinned at " + bundle(name).getVersion());
                return;
            }
            DryRun dry = dryRun(manifest(jar));
            if (!dry.installable()) {
                LOG.warning(file.get() + " is not taken as an update of plugin " + name + ": " + refused(dry).getMessage());
                return;
            }
            Installed now = apply(name, jar);
            LOG.info("plugin " + name + " updated to " + now.version() + " from " + file.get());
            AuditLog a = audit;
            if (a != null) {
                a.record("deploy/", "plugin.update", name + " " + now.version(), "taken from " + file.get().getFileName());
            }
        } catch (IOException | PluginException | RuntimeException e) {
            LOG.log(Level.WARNING, file.get() + " could not be taken as an update of plugin " + name + ": " + e.getMessage());
        }
    }

    private void seenQuietly(String name, Path file) {
        try {
            store.seen(name, sha256(Files.readAllBytes(file)));
        } catch (IOException e) {
            // then it may be taken as an update later; no harm
        }
    }

    /** Unresolves a copy that resolved before the hook knew its name (at start, or a take-over). */
    private void holdBack(Bundle copy) {
        if ((copy.getState() & (Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
            refresh(List.of(copy));
        }
    }

    /**
     * Gives a copy no candidates for its requirements (so it cannot resolve) and nobody the copy's
     * capabilities. Not {@code filterResolvable}: Felix 7 then also drops resolved bundles' capabilities
     * from every candidate list of that resolve, and the managed plugin would not resolve either.
     */
    private final class HoldBack implements ResolverHook {
        @Override
        public void filterResolvable(Collection<BundleRevision> candidates) {
        }

        @Override
        public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {
        }

        @Override
        public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
            if (isCopy(requirement.getRevision().getBundle())) {
                candidates.clear();
            } else {
                candidates.removeIf(c -> isCopy(c.getRevision().getBundle()));
            }
        }

        @Override
        public void end() {
        }
    }

    /**
     * A managed plugin and a held-back copy of the same name and version may both be installed. (On
     * install the target is the installing bundle, the deploy/ watcher, not the new one: the candidates,
     * which carry the new bundle's name, decide.)
     */
    private void allowCopies(int operation, Bundle target, Collection<Bundle> candidates) {
        candidates.removeIf(c -> c.getSymbolicName() != null && managed.contains(c.getSymbolicName()));
    }

    // ------------------------------------------------------------------ helpers

    private void start(Bundle b) {
        // a refresh of another bundle (the deploy/ watcher's) may have its wires down for a moment
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                b.start();
                startFailures.remove(key(b));
                return;
            } catch (BundleException | IllegalStateException e) {
                if (b.getState() != Bundle.INSTALLED || !Resolution.of(ctx.getBundles(), -1).missing(headers(b)).isEmpty()
                        || attempt == 19) {
                    failed(b, e);
                    return;
                }
                LOG.fine("start of " + b.getSymbolicName() + " retried: " + e.getMessage());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void failed(Bundle b, Exception e) {
        String reason = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null) {
            reason = "its activator threw " + cause.getClass().getName() + ": " + cause.getMessage();
        }
        if (b.getState() == Bundle.INSTALLED) {
            List<Missing> missing = Resolution.of(ctx.getBundles(), -1).missing(headers(b));
            if (!missing.isEmpty()) {
                reason = String.join("; ", missing.stream().map(Missing::message).toList());
            }
        }
        startFailures.put(key(b), reason);
        LOG.warning("plugin " + b.getSymbolicName() + " " + b.getVersion() + " did not start: " + reason);
    }

    private void refresh(List<Bundle> bundles) {
        FrameworkWiring wiring = ctx.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(bundles, event -> done.countDown());
        try {
            if (!done.await(REFRESH_SECONDS, TimeUnit.SECONDS)) {
                LOG.warning("the framework's refresh did not end within " + REFRESH_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Bundle bundle(String name) {
        return name == null ? null : ctx.getBundle(LOCATION + name);
    }

    private static boolean isManaged(Bundle b) {
        return b.getLocation().startsWith(LOCATION);
    }

    private static boolean isDeployed(Bundle b) {
        return !isManaged(b) && b.getLocation().contains("/deploy/");
    }

    /** A bundle that carries a managed plugin's name but is not the managed one: a {@code deploy/} copy. */
    private boolean isCopy(Bundle b) {
        return b.getSymbolicName() != null && !isManaged(b) && managed.contains(b.getSymbolicName());
    }

    private static Optional<Path> fileOf(Bundle b) {
        String location = b.getLocation();
        if (location.startsWith("reference:")) {
            location = location.substring("reference:".length());
        }
        try {
            return location.startsWith("file:") ? Optional.of(Path.of(URI.create(location))) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String key(Bundle b) {
        return b.getBundleId() + "@" + b.getLastModified();
    }

    private static Map<String, String> headers(Bundle b) {
        Map<String, String> h = new LinkedHashMap<>();
        Dictionary<String, String> d = b.getHeaders("");
        for (Enumeration<String> keys = d.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            h.put(k, d.get(k));
        }
        return h;
    }

    private static String versionOf(Path jar) {
        try {
            return Resolution.version(manifest(Files.readAllBytes(jar))).toString();
        } catch (IOException | PluginException e) {
            return "?";
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
