package io.klarsyn.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.service.feature.Feature;
import org.osgi.service.feature.FeatureBundle;
import org.osgi.service.feature.FeatureExtension;
import org.osgi.service.feature.FeatureService;
import org.osgi.util.tracker.ServiceTracker;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

/**
 * Apache Felix started from the distribution's feature descriptors, and the command service it
 * runs. Layout under {@code home}: {@code features/*.json}, {@code bundles/<artifactId>-<version>.jar},
 * {@code etc/}, {@code deploy/}. A bundle that does not resolve or start is left as it is: the
 * command service lists it with the reason.
 */
public final class Launcher implements AutoCloseable {

    /** The feature files started, in this order. */
    public static final List<String> FEATURES = List.of("klarsyn-core", "klarsyn-standard", "klarsyn-server");

    /** The command service: {@code Function<String[], Integer>} registered with this property. */
    public static final String COMMAND_FILTER = "(&(objectClass=java.util.function.Function)(klarsyn.command=cli))";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");
    private static final long WAIT_MILLIS = 10_000;

    private final Framework framework;
    private final Path storage;

    private Launcher(Framework framework, Path storage) {
        this.framework = framework;
        this.storage = storage;
    }

    /**
     * Starts the framework and every bundle of the features in their start order.
     *
     * @throws StartupException when a feature file or a bundle file is missing or malformed, or the
     *         framework cannot start; the framework is stopped again before it is thrown
     */
    public static Launcher start(Path home, List<String> featureNames) throws StartupException {
        Path abs = home.toAbsolutePath().normalize();
        String homeText = abs.toString().replace('\\', '/');
        FeatureService features = ServiceLoader.load(FeatureService.class, Launcher.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new StartupException("no OSGi Feature Service implementation on the class path"));
        Map<String, String> props = new HashMap<>();
        List<Feature> list = new ArrayList<>();
        for (String name : featureNames) {
            Path file = abs.resolve("features").resolve(name + ".json");
            if (!Files.isRegularFile(file)) {
                throw new StartupException("feature file " + file + " does not exist");
            }
            Feature f;
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                f = features.readFeature(r);
                FeatureExtension ext = f.getExtensions().get("framework-launching-properties");
                if (ext != null) {
                    JsonObject json = Json.createReader(new StringReader(ext.getJSON())).readObject();
                    json.forEach((k, v) -> props.put(k, substitute(v instanceof JsonString s ? s.getString() : v.toString(),
                            Map.of("klarsyn.home", homeText))));
                }
            } catch (IOException | RuntimeException e) {
                throw new StartupException("feature file " + file + " is malformed: " + oneLine(e));
            }
            list.add(f);
        }
        trace("features read");
        Path storage;
        try {
            // the framework's cache holds a few small files per bundle (the jars are read in place) and lives as long as
            // the process: in memory where the system has a RAM file system (0.12 s less at each server start)
            Path shm = Path.of("/dev/shm");
            storage = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "klarsyn-felix-")
                    : Files.createTempDirectory("klarsyn-felix-");
        } catch (IOException e) {
            throw new StartupException("cannot create the framework's storage folder: " + e.getMessage());
        }
        props.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "20");
        props.put("felix.log.level", "0");
        // SCR waits this long for a component's lock before it gives up (default 5 s): a component whose activation
        // is slow on a loaded machine (the security bundle hashes the first admin's password, 600,000 PBKDF2 rounds)
        // made the HTTP whiteboard's thread give up on the servlets that need it, and /login stayed 404 for good
        props.putIfAbsent("ds.lock.timeout.milliseconds", "60000");
        props.put("klarsyn.home", homeText);
        props.put("klarsyn.features", String.join(",", featureNames));
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, Launcher.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new StartupException("no OSGi framework on the class path"));
        Launcher launcher = new Launcher(factory.newFramework(props), storage);
        try {
            launcher.framework.init();
            trace("framework initialised");
            if (Boolean.getBoolean("klarsyn.trace")) {
                // every service as it comes, with the bundle that registers it: where a start spends its time
                launcher.framework.getBundleContext().addServiceListener(e -> {
                    if (e.getType() == org.osgi.framework.ServiceEvent.REGISTERED) {
                        Object[] types = (Object[]) e.getServiceReference().getProperty(Constants.OBJECTCLASS);
                        trace("  service " + String.join(",", java.util.Arrays.stream(types).map(String::valueOf).toList())
                                + " from " + e.getServiceReference().getBundle().getSymbolicName());
                    }
                });
            }
            launcher.installAndStart(abs, list);
            trace("bundles started");
            return launcher;
        } catch (StartupException e) {
            launcher.close();
            throw e;
        } catch (Exception e) {
            launcher.close();
            throw new StartupException("the framework did not start: " + oneLine(e));
        }
    }

    private void installAndStart(Path home, List<Feature> features) throws BundleException, StartupException {
        BundleContext ctx = framework.getBundleContext();
        List<Map.Entry<Bundle, Integer>> installed = new ArrayList<>();
        for (Feature f : features) {
            for (FeatureBundle fb : f.getBundles()) {
                Path jar = home.resolve("bundles").resolve(fb.getID().getArtifactId() + "-" + fb.getID().getVersion() + ".jar");
                if (!Files.isRegularFile(jar)) {
                    throw new StartupException("feature " + f.getID().getArtifactId() + " names bundle " + fb.getID()
                            + " but " + jar + " does not exist");
                }
                try {
                    // reference: the framework reads the jar in place instead of copying it into its cache
                    Bundle b = ctx.installBundle("reference:" + jar.toUri());
                    Object order = fb.getMetadata().get("start-order");
                    installed.add(Map.entry(b, order == null ? 10 : Integer.parseInt(order.toString())));
                } catch (BundleException e) {
                    throw new StartupException("bundle " + jar.getFileName() + " cannot be installed: " + oneLine(e));
                }
            }
        }
        trace("installed");
        framework.start();
        trace("framework started");
        // one resolution for every bundle, before the first starts: started one by one, each start resolved anew
        // against the growing wiring (0.18 s of the server's start); a bundle that cannot resolve stays INSTALLED
        framework.adapt(org.osgi.framework.wiring.FrameworkWiring.class).resolveBundles(null);
        trace("resolved");
        installed.sort(Comparator.comparingInt(Map.Entry::getValue));
        for (Map.Entry<Bundle, Integer> e : installed) {
            Bundle b = e.getKey();
            if (b.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                try {
                    b.start();
                    trace("started " + b.getSymbolicName());
                } catch (BundleException | RuntimeException ex) {
                    // left INSTALLED or RESOLVED: the command service names it and says why
                }
            }
        }
    }

    /**
     * Runs one command through the command service and returns its exit code.
     *
     * @throws StartupException when the command service does not appear within 10 s
     */
    @SuppressWarnings("unchecked")
    public int command(String[] args) throws StartupException {
        BundleContext ctx = framework.getBundleContext();
        ServiceTracker<Object, Object> t;
        try {
            Filter filter = ctx.createFilter(COMMAND_FILTER);
            t = new ServiceTracker<>(ctx, filter, null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        t.open(true);
        try {
            Object service = t.waitForService(WAIT_MILLIS);
            if (service == null) {
                throw new StartupException("the command service (bundle io.klarsyn.cli) did not start: " + cliState());
            }
            trace("command service");
            return ((Function<String[], Integer>) service).apply(args);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while waiting for the command service");
        } finally {
            t.close();
        }
    }

    private String cliState() {
        for (Bundle b : framework.getBundleContext().getBundles()) {
            if ("io.klarsyn.cli".equals(b.getSymbolicName())) {
                if (b.getState() == Bundle.ACTIVE) {
                    return "it is active but registered no command service";
                }
                try {
                    b.start();
                    return "it started only now";
                } catch (BundleException e) {
                    return oneLine(e);
                }
            }
        }
        return "it is not in the features";
    }

    /** @return the framework's bundle context (for tests and tools) */
    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** Blocks until the framework has stopped. */
    public void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /**
     * Stops the framework (waiting up to 60 s: a cluster node lets its runs finish for a grace, 10 s by default,
     * then hands the rest back to the queue) and deletes its storage.
     */
    @Override
    public void close() {
        try {
            framework.stop();
            framework.waitForStop(60_000);
        } catch (Exception e) {
            // stopping is best effort: the process is ending
        }
        try (var walk = Files.walk(storage)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }

    /** With {@code -Dklarsyn.trace=true}: milliseconds since the JVM started, and what was done by then, on stderr. */
    static void trace(String what) {
        if (Boolean.getBoolean("klarsyn.trace")) {
            System.err.printf("[%5d ms] %s%n", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime(), what);
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

    static String oneLine(Throwable e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable c = e.getCause();
        if (c != null && c.getMessage() != null && !msg.contains(c.getMessage())) {
            msg += ": " + c.getMessage();
        }
        return msg.replaceAll("\\s+", " ").trim();
    }

    /** A startup problem, said in one sentence. */
    public static final class StartupException extends Exception {
        private static final long serialVersionUID = 1L;

        public StartupException(String message) {
            super(message);
        }
    }
}
