package io.klarsyn.cli.internal;

import java.io.IOException;
import java.lang.reflect.Array;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import io.klarsyn.api.server.ServerHome;

/**
 * Turns the running framework into a server: makes the home's folders, watches its {@code deploy/}
 * and {@code etc/}, registers the {@link ServerHome} (which wakes the server components) and
 * enables Jetty on 127.0.0.1. Used by {@code klarsyn serve} and, later, {@code klarsyn demo}.
 */
public final class Server implements AutoCloseable {

    /** The HTTP connector is off in one-shot commands; this PID turns it on. */
    static final String HTTP_PID = "org.apache.felix.http";
    static final String LOOPBACK = "127.0.0.1";
    /** The security bundle's whiteboard filter, which authenticates every request. */
    private static final String SECURITY_FILTER = "(&(objectClass=jakarta.servlet.Filter)(osgi.http.whiteboard.filter.name=klarsyn-security))";
    private static final String HTTP_RUNTIME = "(|(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)"
            + "(objectClass=org.osgi.service.http.runtime.HttpServiceRuntime))";

    /** The home, as registered. */
    record Home(Path home, String databaseUrl, int concurrency, long runTimeoutSeconds, Clock clock, String nodeId,
            boolean clustered) implements ServerHome {

        Home(Path home, String databaseUrl, int concurrency, long runTimeoutSeconds, Clock clock) {
            this(home, databaseUrl, concurrency, runTimeoutSeconds, clock, node(), cluster(databaseUrl));
        }

        /** {@code -Dklarsyn.node}, else the host name and the process id: unique among the running nodes. */
        static String node() {
            String given = System.getProperty("klarsyn.node");
            if (given != null && !given.isBlank()) {
                return given.strip();
            }
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
            return host + ":" + ProcessHandle.current().pid();
        }

        /** PostgreSQL means a cluster, H2 not; {@code -Dklarsyn.cluster=true|false} says otherwise. */
        static boolean cluster(String databaseUrl) {
            String given = System.getProperty("klarsyn.cluster");
            if (given != null && !given.isBlank()) {
                return Boolean.parseBoolean(given.strip());
            }
            return databaseUrl != null && databaseUrl.startsWith("jdbc:postgresql:");
        }
    }

    private final Home home;
    private final URI url;
    private ServiceRegistration<ServerHome> registration;

    private URI secure;

    private Server(Home home, URI url, ServiceRegistration<ServerHome> registration) {
        this.home = home;
        this.url = url;
        this.registration = registration;
    }

    /**
     * Starts serving and returns once the HTTP endpoint accepts connections.
     *
     * @param dir the home folder (created when missing)
     * @param port the port on 127.0.0.1; 0 takes any free one
     * @param db a JDBC URL, or {@code null} for the embedded H2 file database under {@code dir/db}
     * @param concurrency how many runs at once, or {@code 0} for the number of cores
     * @param runTimeoutSeconds a run's time budget; over it the run is ABORTED
     * @throws IOException when a folder cannot be made or the endpoint does not come up within 30 s
     */
    public static Server start(BundleContext ctx, ConfigurationAdmin ca, Path dir, int port, String db, int concurrency,
            long runTimeoutSeconds) throws IOException {
        return start(ctx, ca, dir, LOOPBACK, port, db, concurrency, runTimeoutSeconds);
    }

    /**
     * As {@link #start(BundleContext, ConfigurationAdmin, Path, int, String, int, long)} on {@code host}: an
     * address other than loopback is only listened on once the security filter (users and roles, the
     * {@code klarsyn-security} bundle) is active, so nothing is ever served without authentication.
     *
     * @param host the address to listen on: {@code 127.0.0.1}, {@code 0.0.0.0} (all), or one of this machine's
     */
    public static Server start(BundleContext ctx, ConfigurationAdmin ca, Path dir, String host, int port, String db,
            int concurrency, long runTimeoutSeconds) throws IOException {
        trace("serve: starting");
        boolean loopback;
        try {
            loopback = java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IOException("--host '" + host + "' is no address of this machine: " + e.getMessage());
        }
        if (port != 0) {
            // a taken port fails now with its reason, not after waiting for an endpoint that cannot come
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.bind(new InetSocketAddress(host, port));
            } catch (IOException e) {
                throw new IOException("port " + port + " on " + host + " is taken (another Klarsyn?): give --port with a free one, or --port 0");
            }
        }
        Path abs = dir.toAbsolutePath().normalize();
        for (String sub : new String[] {"jobs", "deploy", "etc", "runs", "secrets"}) {
            Files.createDirectories(abs.resolve(sub));
        }
        watch(ca, "home-deploy", abs.resolve("deploy"), null);
        watch(ca, "home-etc", abs.resolve("etc"), ".*\\.(cfg|config)");
        // WRITE_DELAY=0: H2 writes each commit to the file before the call returns (its default writes
        // every 500 ms), so a run recorded just before a kill -9 is still there at the next start
        String url = db != null ? db : "jdbc:h2:file:" + abs.resolve("db/klarsyn").toString().replace('\\', '/')
                + ";AUTO_SERVER=FALSE;WRITE_DELAY=0";
        Home home = new Home(abs, url, concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors(),
                runTimeoutSeconds, clock());
        trace("serve: folders and watchers");
        // Jetty starts on Configuration Admin's thread while the server components wake on this one
        Dictionary<String, Object> http = new Hashtable<>();
        http.put("org.apache.felix.http.enable", Boolean.TRUE);
        http.put("org.osgi.service.http.port", port);
        http.put("org.apache.felix.http.host", host);
        URI secure = https(abs, host, http);
        ServiceRegistration<ServerHome> reg;
        if (loopback) {
            FeatureConfigurations.update(ca, HTTP_PID, http);
            reg = ctx.registerService(ServerHome.class, home, null);
        } else {
            reg = ctx.registerService(ServerHome.class, home, null);
            if (!awaitSecurity(ctx, 30_000)) {
                reg.unregister();
                throw new IOException("listening on " + host + " (not loopback) needs authentication, but the security bundle "
                        + "(klarsyn-security) is not active: nothing was opened");
            }
            FeatureConfigurations.update(ca, HTTP_PID, http);
        }
        trace("serve: server home registered");
        int actual;
        try {
            actual = awaitEndpoint(ctx, port, loopback || host.equals("0.0.0.0") || host.equals("::") ? LOOPBACK : host, 30_000);
        } catch (TimeoutException e) {
            reg.unregister();
            throw new IOException(e.getMessage());
        }
        trace("serve: HTTP answers");
        java.util.Set<String> missing = awaitRoutes(ctx, 120_000);
        if (!missing.isEmpty()) {
            System.err.println("klarsyn: after 120 s the HTTP runtime still has no servlet for " + String.join(", ", missing)
                    + " (see `klarsyn plugins` for failing bundles); serving what there is");
        }
        trace("serve: API and login page registered");
        String shown = loopback || host.equals("0.0.0.0") || host.equals("::") ? LOOPBACK : host;
        Server server = new Server(home, URI.create("http://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + actual + "/"), reg);
        server.secure = secure;
        return server;
    }

    /** With {@code -Dklarsyn.trace=true}: milliseconds since the JVM started, and what was done by then, on stderr. */
    static void trace(String what) {
        if (Boolean.getBoolean("klarsyn.trace")) {
            System.err.printf("[%5d ms] %s%n", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime(), what);
        }
    }

    /**
     * @return how to log in, for the console: the first admin's password file while it exists (its path,
     *         never the password); empty without the security bundle
     */
    public java.util.Optional<String> howToLogIn() {
        BundleContext ctx = FrameworkUtil.getBundle(Server.class).getBundleContext();
        if (ctx == null || !awaitSecurity(ctx, 10_000)) {
            return java.util.Optional.empty();
        }
        Path file = home.home().resolve("secrets/initial-admin-password");
        if (Files.isRegularFile(file)) {
            return java.util.Optional.of("Log in at " + url + "login as admin with the password in " + file
                    + " (you choose your own at the first login)");
        }
        return java.util.Optional.of("Log in at " + url + "login");
    }

    /** @return the server's address, e.g. {@code http://127.0.0.1:8080/} */
    public URI url() {
        return url;
    }

    public ServerHome home() {
        return home;
    }

    private static void watch(ConfigurationAdmin ca, String name, Path dir, String filter) throws IOException {
        Dictionary<String, Object> d = new Hashtable<>();
        d.put("felix.fileinstall.dir", dir.toString());
        d.put("felix.fileinstall.poll", "1000");
        d.put("felix.fileinstall.noInitialDelay", "true");
        d.put("felix.fileinstall.bundles.new.start", "true");
        d.put("felix.fileinstall.enableConfigSave", "false");
        if (filter != null) {
            d.put("felix.fileinstall.filter", filter);
        }
        FeatureConfigurations.update(ca, "org.apache.felix.fileinstall~" + name, d);
    }

    /** The system clock, or with {@code -Dklarsyn.clock=ISO-instant} one that starts at that instant and ticks. */
    static Clock clock() {
        String at = System.getProperty("klarsyn.clock");
        if (at == null || at.isBlank()) {
            return Clock.systemUTC();
        }
        try {
            return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), Instant.parse(at.trim())));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("-Dklarsyn.clock='" + at + "' is not an ISO instant, e.g. 2026-11-03T06:00:00Z");
        }
    }

    /**
     * HTTPS through Jetty when {@code DIR/secrets/https.properties} exists: {@code keystore} (a PKCS12 or
     * JKS file, relative to the home), {@code password}, optionally {@code keyPassword}, {@code type}
     * (PKCS12) and {@code port} (8443). It lives under {@code secrets/} beside the key of the secret store,
     * readable by its owner only.
     *
     * @return the HTTPS address, or null without the file
     */
    private static URI https(Path home, String host, Dictionary<String, Object> http) throws IOException {
        Path file = home.resolve("secrets/https.properties");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        java.util.Properties p = new java.util.Properties();
        try (java.io.Reader r = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String keystore = p.getProperty("keystore");
        String password = p.getProperty("password");
        if (keystore == null || password == null) {
            throw new IOException(file + ": needs keystore = FILE and password = ... (docs/security.md)");
        }
        Path store = home.resolve(keystore.strip());
        if (!Files.isRegularFile(store)) {
            throw new IOException(file + ": the keystore " + store + " does not exist");
        }
        int port;
        try {
            port = Integer.parseInt(p.getProperty("port", "8443").strip());
        } catch (NumberFormatException e) {
            throw new IOException(file + ": port '" + p.getProperty("port") + "' is not a port number");
        }
        http.put("org.apache.felix.https.enable", Boolean.TRUE);
        http.put("org.osgi.service.http.port.secure", port);
        http.put("org.apache.felix.https.keystore", store.toString());
        http.put("org.apache.felix.https.keystore.password", password.strip());
        http.put("org.apache.felix.https.keystore.key.password", p.getProperty("keyPassword", password).strip());
        http.put("org.apache.felix.https.keystore.type", p.getProperty("type", "PKCS12").strip());
        return URI.create("https://" + host + ":" + port + "/");
    }

    /** @return the HTTPS address when {@code secrets/https.properties} turned it on, else null */
    public URI secure() {
        return secure;
    }

    /** @return whether the security filter is registered within the time */
    private static boolean awaitSecurity(BundleContext ctx, long timeoutMillis) {
        try {
            ServiceTracker<Object, Object> t = new ServiceTracker<>(ctx, FrameworkUtil.createFilter(SECURITY_FILTER), null);
            t.open(true);
            try {
                return t.waitForService(timeoutMillis) != null;
            } finally {
                t.close();
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The servlets a user reaches first, each with the bundle that registers it: the API ({@code /api/*}),
     * the login page ({@code /login}) and the dashboard ({@code /}). The ready line waits for those whose
     * bundle is active, so nobody who follows it meets a page that is not there yet.
     */
    private static final java.util.Map<String, String> ROUTES = java.util.Map.of(
            "/api/*", "io.klarsyn.http-api", "/login", "io.klarsyn.security", "/", "io.klarsyn.web-ui");

    /**
     * Waits until the HTTP runtime lists a servlet for each of {@link #ROUTES} whose bundle is active (the
     * server components register them while Jetty starts, on other threads). A route whose component does not
     * come within the time is given up: the server serves the rest.
     *
     * @return the patterns still missing when the time was up (empty when all came)
     */
    private static java.util.Set<String> awaitRoutes(BundleContext ctx, long timeoutMillis) {
        java.util.Set<String> wanted = new java.util.HashSet<>();
        java.util.Set<String> active = new java.util.HashSet<>();
        for (org.osgi.framework.Bundle b : ctx.getBundles()) {
            if (b.getState() == org.osgi.framework.Bundle.ACTIVE) {
                active.add(b.getSymbolicName());
            }
        }
        ROUTES.forEach((pattern, bundle) -> {
            if (active.contains(bundle)) {
                wanted.add(pattern);
            }
        });
        if (wanted.isEmpty()) {
            return wanted;
        }
        ServiceTracker<Object, Object> t;
        try {
            t = new ServiceTracker<>(ctx, FrameworkUtil.createFilter(
                    "(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)"), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        t.open(true);
        try {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (System.currentTimeMillis() < deadline) {
                Object runtime = t.getService();
                if (runtime != null) {
                    wanted.removeAll(registered(runtime));
                    if (wanted.isEmpty()) {
                        return wanted;
                    }
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LinkageError e) {
            // the servlet runtime's API is not wired to this bundle: nothing to wait for
            wanted.clear();
        } finally {
            t.close();
        }
        return wanted;
    }

    /** @return every pattern of every servlet the runtime serves (failed ones are not in the list) */
    private static java.util.Set<String> registered(Object runtime) {
        java.util.Set<String> patterns = new java.util.HashSet<>();
        if (runtime instanceof org.osgi.service.servlet.runtime.HttpServiceRuntime r) {
            for (org.osgi.service.servlet.runtime.dto.ServletContextDTO c : r.getRuntimeDTO().servletContextDTOs) {
                for (org.osgi.service.servlet.runtime.dto.ServletDTO s : c.servletDTOs) {
                    if (s.patterns != null) {
                        patterns.addAll(java.util.Arrays.asList(s.patterns));
                    }
                }
            }
        }
        return patterns;
    }

    /** @return the port Jetty listens on, once a connection to it succeeds */
    private static int awaitEndpoint(BundleContext ctx, int port, String connectHost, long timeoutMillis) throws TimeoutException {
        Filter filter;
        try {
            filter = FrameworkUtil.createFilter(HTTP_RUNTIME);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        ServiceTracker<Object, Object> t = new ServiceTracker<>(ctx, filter, null);
        t.open(true);
        try {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (System.currentTimeMillis() < deadline) {
                ServiceReference<Object>[] refs = t.getServiceReferences();
                if (refs != null) {
                    for (ServiceReference<Object> r : refs) {
                        int p = portOf(r.getProperty("osgi.http.endpoint"));
                        if (p > 0 && (port == 0 || p == port) && accepts(connectHost, p)) {
                            return p;
                        }
                    }
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            t.close();
        }
        throw new TimeoutException("the HTTP endpoint on 127.0.0.1" + (port == 0 ? "" : ":" + port)
                + " did not come up within " + timeoutMillis / 1000 + " s (is the port taken?)");
    }

    private static int portOf(Object endpoint) {
        if (endpoint == null) {
            return -1;
        }
        if (endpoint instanceof Collection<?> c) {
            for (Object o : c) {
                int p = portOf(o);
                if (p > 0) {
                    return p;
                }
            }
            return -1;
        }
        if (endpoint.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(endpoint); i++) {
                int p = portOf(Array.get(endpoint, i));
                if (p > 0) {
                    return p;
                }
            }
            return -1;
        }
        try {
            URI u = URI.create(endpoint.toString().trim());
            // with HTTPS on, the endpoints list both: the plain one is the server's address
            return "https".equalsIgnoreCase(u.getScheme()) ? -1 : u.getPort();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static boolean accepts(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Unregisters the server home: the server components go dormant again. */
    @Override
    public void close() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the framework
            }
            registration = null;
        }
    }
}
