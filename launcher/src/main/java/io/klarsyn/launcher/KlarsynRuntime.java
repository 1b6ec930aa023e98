package io.klarsyn.launcher;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.service.feature.Feature;
import org.osgi.service.feature.FeatureBundle;
import org.osgi.service.feature.FeatureConfiguration;
import org.osgi.service.feature.FeatureExtension;
import org.osgi.service.feature.FeatureService;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.klarsyn.api.run.ReportEngine;

/**
 * One running Klarsyn: Apache Felix started from the distribution's feature descriptors, with
 * {@code etc/} applied through Configuration Admin and {@code deploy/} watched by FileInstall.
 *
 * <p>Layout under {@code home}: {@code features/*.json}, {@code bundles/<artifactId>-<version>.jar},
 * {@code etc/}, {@code deploy/}. The API packages are exported by the system bundle from the
 * launcher's class path, so plugins and the launcher share one {@link ReportEngine} type.
 */
public final class KlarsynRuntime implements AutoCloseable {

    /** The feature files started, in this order, when none are named. */
    public static final List<String> DEFAULT_FEATURES = List.of("klarsyn-core", "klarsyn-standard");

    private static final boolean TRACE = Boolean.getBoolean("klarsyn.trace");
    private static long traceStart;

    /** With -Dklarsyn.trace=true: milliseconds since start() for each startup step, on stderr. */
    static void trace(String what) {
        if (TRACE) {
            System.err.printf("[%6.1f ms] %s%n", (System.nanoTime() - traceStart) / 1e6, what);
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private final Path home;
    private final Framework framework;
    private final Path storage;
    private final long startNanos;
    private long activeNanos;

    private KlarsynRuntime(Path home, Framework framework, Path storage, long startNanos) {
        this.home = home;
        this.storage = storage;
        this.framework = framework;
        this.startNanos = startNanos;
    }

    /**
     * Starts the framework and every bundle of the features; returns when all are ACTIVE and
     * every jar already in {@code deploy/} is installed and started.
     *
     * @throws StartupException with one clear sentence when anything is wrong; the framework is
     *         stopped again before it is thrown
     */
    public static KlarsynRuntime start(Path home, List<String> featureNames) throws StartupException {
        long t0 = System.nanoTime();
        traceStart = t0;
        System.setProperty("java.awt.headless", "true");
        Path homeAbs = home.toAbsolutePath().normalize();
        Map<String, String> variables = new HashMap<>();
        variables.put("klarsyn.home", homeAbs.toString().replace(File.separatorChar, '/'));
        List<Feature> features = new ArrayList<>();
        FeatureService featureService = ServiceLoader.load(FeatureService.class, KlarsynRuntime.class.getClassLoader())
                .findFirst().orElseThrow(() -> new StartupException("no OSGi Feature Service implementation on the class path"));
        for (String name : featureNames) {
            Path file = homeAbs.resolve("features").resolve(name + ".json");
            if (!Files.isRegularFile(file)) {
                throw new StartupException("feature file " + file + " does not exist");
            }
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                features.add(featureService.readFeature(r));
            } catch (Exception e) {
                throw new StartupException("feature file " + file + " is malformed: " + oneLine(e));
            }
        }

        trace("features read");
        Map<String, String> props = new HashMap<>();
        Path storage;
        try {
            storage = Files.createTempDirectory("klarsyn-felix-");
        } catch (IOException e) {
            throw new StartupException("cannot create the framework's storage folder: " + e.getMessage());
        }
        props.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, apiExports());
        trace("api exports read");
        props.put("felix.log.level", "1");
        // Bundles are started one by one in the features' start order (so that a bundle that does not
        // resolve is named at once); the framework itself goes straight to its final level.
        props.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "20");
        for (Feature f : features) {
            FeatureExtension ext = f.getExtensions().get("framework-launching-properties");
            if (ext != null) {
                try {
                    JsonNode json = new ObjectMapper().readTree(ext.getJSON());
                    json.fields().forEachRemaining(e -> props.put(e.getKey(), substitute(e.getValue().asText(), variables)));
                } catch (IOException e) {
                    throw new StartupException("feature " + f.getID() + ": framework-launching-properties is not JSON: " + oneLine(e));
                }
            }
        }

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, KlarsynRuntime.class.getClassLoader())
                .findFirst().orElseThrow(() -> new StartupException("no OSGi framework on the class path"));
        Framework framework = factory.newFramework(props);
        trace("framework created");
        KlarsynRuntime runtime = new KlarsynRuntime(homeAbs, framework, storage, t0);
        try {
            framework.init();
            trace("framework initialised");
            runtime.installAndStart(features, variables);
            runtime.activeNanos = System.nanoTime() - t0;
            return runtime;
        } catch (StartupException e) {
            runtime.close();
            throw e;
        } catch (Exception e) {
            runtime.close();
            throw new StartupException("the framework did not start: " + oneLine(e));
        }
    }

    private void installAndStart(List<Feature> features, Map<String, String> variables) throws Exception {
        BundleContext ctx = framework.getBundleContext();
        List<Object[]> installed = new ArrayList<>();
        for (Feature f : features) {
            for (FeatureBundle fb : f.getBundles()) {
                String file = fb.getID().getArtifactId() + "-" + fb.getID().getVersion() + ".jar";
                Path jar = home.resolve("bundles").resolve(file);
                if (!Files.isRegularFile(jar)) {
                    throw new StartupException("feature " + f.getID().getArtifactId() + " names bundle " + fb.getID()
                            + " but " + jar + " does not exist");
                }
                Bundle b;
                try {
                    // reference: the framework reads the jar in place instead of copying it into its cache (saves ~0.3 s)
                    b = ctx.installBundle("reference:" + jar.toUri());
                } catch (BundleException e) {
                    throw new StartupException("bundle " + jar.getFileName() + " cannot be installed: " + oneLine(e));
                }
                Object order = fb.getMetadata().get("start-order");
                int level = order == null ? 10 : Integer.parseInt(order.toString());
                installed.add(new Object[] {b, level});
            }
        }
        trace("bundles installed");
        framework.start();
        // Resolve everything first so that a missing requirement is reported for the bundle that has it.
        List<Bundle> all = new ArrayList<>();
        for (Object[] o : installed) {
            all.add((Bundle) o[0]);
        }
        installed.sort(Comparator.comparingInt(o -> (Integer) o[1]));
        for (Object[] o : installed) {
            Bundle b = (Bundle) o[0];
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            try {
                b.start();
                trace("started " + b.getSymbolicName());
            } catch (BundleException e) {
                String missing = missingRequirement(e);
                throw new StartupException("bundle " + b.getSymbolicName() + " " + b.getVersion()
                        + (missing != null ? " does not resolve: it needs " + missing + ", which no installed bundle provides"
                                : " does not resolve or start: " + oneLine(e)));
            }
        }
        applyConfigurations(features, variables);
        trace("configurations applied");
        for (Bundle b : all) {
            if (b.getState() != Bundle.ACTIVE && b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                throw new StartupException("bundle " + b.getSymbolicName() + " is not active (state " + state(b) + ")");
            }
        }
        awaitDeployed(10_000);
    }

    private void applyConfigurations(List<Feature> features, Map<String, String> variables) throws Exception {
        List<FeatureConfiguration> configs = new ArrayList<>();
        for (Feature f : features) {
            configs.addAll(f.getConfigurations().values());
        }
        if (configs.isEmpty()) {
            return;
        }
        BundleContext ctx = framework.getBundleContext();
        ServiceReference<?> ref = ctx.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
        if (ref == null) {
            throw new StartupException("Configuration Admin is not running; the features' configurations cannot be applied");
        }
        Object ca = ctx.getService(ref);
        // Reflection: the launcher does not share the Configuration Admin API package with the framework.
        Method getConfiguration = ca.getClass().getMethod("getConfiguration", String.class, String.class);
        Method getFactoryConfiguration = ca.getClass().getMethod("getFactoryConfiguration", String.class, String.class, String.class);
        for (FeatureConfiguration c : configs) {
            Object configuration = c.getFactoryPid().isPresent()
                    ? getFactoryConfiguration.invoke(ca, c.getFactoryPid().get(), c.getPid().substring(c.getPid().indexOf('~') + 1), "?")
                    : getConfiguration.invoke(ca, c.getPid(), "?");
            Dictionary<String, Object> d = new Hashtable<>();
            c.getValues().forEach((k, v) -> d.put(k, v instanceof String s ? substitute(s, variables) : v));
            Method update = configuration.getClass().getMethod("update", Dictionary.class);
            update.setAccessible(true);
            update.invoke(configuration, d);
        }
        ctx.ungetService(ref);
    }

    /** Waits until every jar in deploy/ is installed as a bundle and active (or failed to start). */
    public void awaitDeployed(long timeoutMillis) throws StartupException {
        Path deploy = home.resolve("deploy");
        if (!Files.isDirectory(deploy)) {
            return;
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(deploy, "*.jar")) {
            ds.forEach(jars::add);
        } catch (IOException e) {
            throw new StartupException("cannot list " + deploy + ": " + e.getMessage());
        }
        for (Path jar : jars) {
            while (true) {
                Bundle b = bundleFor(jar);
                if (b != null && (b.getState() == Bundle.ACTIVE || b.getState() == Bundle.RESOLVED && isFragment(b))) {
                    break;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new StartupException("the plugin " + jar + " in deploy/ did not start"
                            + (b == null ? " (not installed: is it an OSGi bundle?)" : " (state " + state(b) + ")")
                            + "; see the log above");
                }
                pause(50);
            }
        }
    }

    /** @return the bundle installed from this file (by FileInstall), or {@code null} */
    public Bundle bundleFor(Path jar) {
        String abs = jar.toAbsolutePath().normalize().toString();
        for (Bundle b : framework.getBundleContext().getBundles()) {
            String loc = b.getLocation();
            if (loc != null && (loc.endsWith(abs) || loc.contains(jar.toUri().getPath()) || loc.endsWith(jar.getFileName().toString()) && loc.contains("deploy"))) {
                return b;
            }
        }
        return null;
    }

    private static boolean isFragment(Bundle b) {
        return b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
    }

    /**
     * @return the report engine, waiting up to {@code timeoutMillis} for it to register
     * @throws StartupException when it never does
     */
    public ReportEngine engine(long timeoutMillis) throws StartupException {
        ServiceTracker<ReportEngine, ReportEngine> t = new ServiceTracker<>(framework.getBundleContext(), ReportEngine.class, null);
        t.open();
        try {
            ReportEngine e = t.waitForService(timeoutMillis);
            if (e == null) {
                throw new StartupException("the report engine service did not start within " + timeoutMillis
                        + " ms; is the klarsyn-engine bundle in the features?");
            }
            return e;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while waiting for the report engine");
        }
    }

    /**
     * Waits until every active Klarsyn plugin bundle with components (all {@code io.klarsyn.*} bundles
     * but the engine, and everything installed from deploy/) has at least one plugin registered with
     * the engine. Woken by service events; no fixed sleeps.
     *
     * @return the symbolic names of the bundles whose plugins never appeared (empty when all did)
     */
    public List<String> awaitPlugins(ReportEngine engine, long timeoutMillis) throws InterruptedException {
        BundleContext ctx = framework.getBundleContext();
        Object lock = new Object();
        org.osgi.framework.ServiceListener l = ev -> {
            synchronized (lock) {
                lock.notifyAll();
            }
        };
        ctx.addServiceListener(l);
        try {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (true) {
                List<String> missing = new ArrayList<>();
                var registered = new java.util.HashSet<String>();
                engine.plugins().forEach(p -> registered.add(p.bundle()));
                for (Bundle b : ctx.getBundles()) {
                    String bsn = b.getSymbolicName();
                    boolean ours = bsn != null && bsn.startsWith("io.klarsyn.") && !bsn.equals("io.klarsyn.engine")
                            || b.getLocation().contains("/deploy/");
                    if (ours && b.getState() == Bundle.ACTIVE && b.getHeaders().get("Service-Component") != null
                            && !registered.contains(bsn)) {
                        missing.add(bsn);
                    }
                }
                long left = deadline - System.currentTimeMillis();
                if (missing.isEmpty() || left <= 0) {
                    return missing;
                }
                synchronized (lock) {
                    lock.wait(Math.min(left, 100));
                }
            }
        } finally {
            ctx.removeServiceListener(l);
        }
    }

    /** @return the framework's bundles with state and version, system bundle first */
    public List<Bundle> bundles() {
        return List.of(framework.getBundleContext().getBundles());
    }

    /** @return the framework's bundle context (for tests and tools) */
    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** @return milliseconds from {@link #start} being called to every bundle ACTIVE */
    public double startupMillis() {
        return activeNanos / 1e6;
    }

    /** @return the distribution folder */
    public Path home() {
        return home;
    }

    /** Blocks until the framework stops (for {@code klarsyn serve}). */
    public void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    @Override
    public void close() {
        try {
            framework.stop();
            framework.waitForStop(TimeUnit.SECONDS.toMillis(20));
        } catch (Exception e) {
            // stopping is best effort: the process is ending
        }
        deleteTree(storage);
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }

    /** @return a bundle state as a word */
    public static String state(Bundle b) {
        switch (b.getState()) {
            case Bundle.ACTIVE: return "ACTIVE";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            default: return "UNINSTALLED";
        }
    }

    /** The API's export clause, read from the api jar's manifest on our class path. */
    static String apiExports() throws StartupException {
        try {
            var url = ReportEngine.class.getProtectionDomain().getCodeSource().getLocation();
            Path p = Path.of(url.toURI());
            Manifest mf;
            if (Files.isDirectory(p)) {
                try (var in = Files.newInputStream(p.resolve("META-INF/MANIFEST.MF"))) {
                    mf = new Manifest(in);
                }
            } else {
                try (JarFile jf = new JarFile(p.toFile())) {
                    mf = jf.getManifest();
                }
            }
            String exports = mf.getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
            if (exports == null) {
                throw new StartupException("the API jar " + p + " has no Export-Package header");
            }
            return exports;
        } catch (StartupException e) {
            throw e;
        } catch (Exception e) {
            throw new StartupException("cannot read the API jar's manifest: " + oneLine(e));
        }
    }

    static String substitute(String s, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = variables.get(m.group(1));
            m.appendReplacement(b, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static final Pattern MISSING = Pattern.compile("missing requirement \\[.*?\\)\\] ([\\w.]+); (\\S+)");

    /** @return the first missing requirement of a resolution failure, e.g. "package org.x (version...)", or null */
    static String missingRequirement(BundleException e) {
        if (e.getMessage() == null) {
            return null;
        }
        Matcher m = MISSING.matcher(e.getMessage());
        if (!m.find()) {
            return null;
        }
        String ns = m.group(1);
        String filter = m.group(2);
        if (ns.equals("osgi.wiring.package")) {
            Matcher p = Pattern.compile("osgi\\.wiring\\.package=([\\w.]+)").matcher(filter);
            if (p.find()) {
                return "package " + p.group(1);
            }
        }
        return ns + " " + filter;
    }

    static String oneLine(Throwable e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable c = e.getCause();
        if (c != null && c.getMessage() != null && !msg.contains(c.getMessage())) {
            msg += ": " + c.getMessage();
        }
        return msg.replaceAll("\\s+", " ").trim();
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A startup problem, said in one sentence. */
    public static final class StartupException extends Exception {
        private static final long serialVersionUID = 1L;

        public StartupException(String message) {
            super(message);
        }
    }

}
