package io.klarsyn.connectorconfig.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.security.SecretStore;
import io.klarsyn.api.server.ConnectorConfigurations;
import io.klarsyn.api.server.ConnectorField;
import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.JobListener;
import io.klarsyn.api.server.ServerHome;

/**
 * Keeps one factory configuration per job whose file has a {@code connectorConfig}: factory PID the connector's
 * id, named by the job, with {@value ConnectorConfigurations#JOB}. Password fields written in the clear into a
 * job file are sealed in the file; the configuration holds them sealed too. The configurations follow the job
 * files (added, changed, removed) and the connector bundles (one installed later is configured then); at start
 * they are made again from the files, and those of jobs that are gone deleted.
 */
@Component(service = {ConnectorConfigurations.class, JobListener.class}, immediate = true)
public class JobConnectorConfigurations implements ConnectorConfigurations, JobListener {

    private static final System.Logger LOG = System.getLogger(JobConnectorConfigurations.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String CONNECTOR_SERVICE = DataConnector.class.getName();

    private final BundleContext context;
    private final ServerHome home;
    private final ConfigurationAdmin cm;
    private final MetaTypeService metatype;
    private final SecretStore secrets;
    /** One thread for all changes: job events, bundle events and the start-up pass, in order. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "klarsyn-connector-config"));
    private final BundleListener bundles = e -> {
        if (e.getType() == BundleEvent.STARTED && providesConnector(e.getBundle())) {
            submit(this::syncAll);
        }
    };

    @Activate
    public JobConnectorConfigurations(BundleContext context, @Reference ServerHome home, @Reference ConfigurationAdmin cm,
            @Reference MetaTypeService metatype, @Reference SecretStore secrets) {
        this.context = context;
        this.home = home;
        this.cm = cm;
        this.metatype = metatype;
        this.secrets = secrets;
        context.addBundleListener(bundles);
        submit(this::syncAll);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        context.removeBundleListener(bundles);
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Override
    public void jobChanged(String name, JobEntry now) {
        submit(() -> apply(name));
    }

    @Override
    public Set<String> connectors() {
        Set<String> ids = new TreeSet<>();
        for (Bundle b : context.getBundles()) {
            if (providesConnector(b)) {
                MetaTypeInformation info = metatype.getMetaTypeInformation(b);
                if (info != null && info.getFactoryPids() != null) {
                    ids.addAll(List.of(info.getFactoryPids()));
                }
            }
        }
        return ids;
    }

    @Override
    public List<ConnectorField> fields(String connector) {
        ConnectorFields f = lookup(connector);
        return f == null ? List.of() : f.fields();
    }

    @Override
    public Map<String, String> prepare(String connector, Map<String, String> values) {
        ConnectorFields f = lookup(connector);
        if (f == null) {
            throw new IllegalArgumentException(FIELD + ": connector '" + connector + "' takes no per-job configuration");
        }
        return f.prepare(values, secrets);
    }

    /** @return the fields of the connector's factory object class, or null when no connector bundle declares one */
    private ConnectorFields lookup(String connector) {
        for (Bundle b : context.getBundles()) {
            if (b.getState() != Bundle.ACTIVE || !providesConnector(b)) {
                continue;
            }
            MetaTypeInformation info = metatype.getMetaTypeInformation(b);
            if (info != null && info.getFactoryPids() != null && List.of(info.getFactoryPids()).contains(connector)) {
                return new ConnectorFields(connector, info.getObjectClassDefinition(connector, null));
            }
        }
        return null;
    }

    /** Whether bnd's manifest says the bundle registers a {@link DataConnector}. */
    private static boolean providesConnector(Bundle b) {
        BundleRevision r = b.adapt(BundleRevision.class);
        if (r == null) {
            return false;
        }
        for (BundleCapability c : r.getDeclaredCapabilities("osgi.service")) {
            Object classes = c.getAttributes().get("objectClass");
            if (classes instanceof List<?> l && l.contains(CONNECTOR_SERVICE) || CONNECTOR_SERVICE.equals(classes)) {
                return true;
            }
        }
        return false;
    }

    private void submit(Runnable r) {
        try {
            worker.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "connector configuration: " + e.getMessage(), e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // deactivated: the next start makes the configurations again from the files
        }
    }

    private void syncAll() {
        Set<String> jobs = new TreeSet<>();
        if (Files.isDirectory(home.jobs())) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(home.jobs(), "*.json")) {
                for (Path f : files) {
                    String n = f.getFileName().toString();
                    if (!n.startsWith(".")) {
                        jobs.add(n.substring(0, n.length() - ".json".length()));
                    }
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot list " + home.jobs() + ": " + e.getMessage());
                return;
            }
        }
        jobs.forEach(this::apply);
        for (Configuration c : configurations("(" + JOB + "=*)")) {
            if (!jobs.contains(String.valueOf(c.getProperties().get(JOB)))) {
                delete(c);
            }
        }
    }

    /** Makes the job's configuration what its file says (or none). */
    private void apply(String job) {
        Path file = home.jobs().resolve(job + ".json");
        ObjectNode tree = read(file);
        JsonNode given = tree == null ? null : tree.get(FIELD);
        String connector = tree == null ? null : tree.path("connector").asText("csv");
        if (given == null || !given.isObject()) {
            deleteAll(job, null);
            return;
        }
        ConnectorFields fields = lookup(connector);
        if (fields == null) {
            LOG.log(Level.INFO, "jobs/" + job + ".json: connector '" + connector + "' is not installed or takes no "
                    + FIELD + "; configured once it is");
            deleteAll(job, null);
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            values.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
        }
        Map<String, String> prepared;
        try {
            prepared = fields.prepare(values, secrets);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "jobs/" + job + ".json: " + e.getMessage() + "; the job has no connector configuration until it is fixed");
            deleteAll(job, null);
            return;
        }
        sealInFile(file, tree, values, prepared, fields);
        Dictionary<String, Object> properties = new Hashtable<>();
        prepared.forEach((k, v) -> properties.put(k, fields.secret(k) ? v : fields.typed(k, v)));
        properties.put(JOB, job);
        deleteAll(job, connector);
        try {
            Configuration c = cm.getFactoryConfiguration(connector, job, "?");
            if (c.updateIfDifferent(properties)) {
                LOG.log(Level.INFO, "job " + job + ": connector " + connector + " configured: " + fields.shown(prepared));
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "job " + job + ": cannot configure connector " + connector + ": " + e.getMessage());
        }
    }

    /** Rewrites the job file when it held a secret in the clear (atomically; the registry reads it again). */
    private void sealInFile(Path file, ObjectNode tree, Map<String, String> given, Map<String, String> prepared,
            ConnectorFields fields) {
        ObjectNode config = (ObjectNode) tree.get(FIELD);
        boolean changed = false;
        for (Map.Entry<String, String> e : prepared.entrySet()) {
            if (fields.secret(e.getKey()) && !e.getValue().equals(given.get(e.getKey()))) {
                config.put(e.getKey(), e.getValue());
                changed = true;
            }
        }
        if (!changed) {
            return;
        }
        try {
            Path partial = file.resolveSibling("." + file.getFileName() + ".sealing");
            Files.write(partial, JSON.writeValueAsBytes(tree));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.log(Level.INFO, "jobs/" + file.getFileName() + ": secrets of " + FIELD + " sealed in the file");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "jobs/" + file.getFileName() + ": cannot seal its secrets in the file: " + e.getMessage());
        }
    }

    private static ObjectNode read(Path file) {
        try {
            JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return n instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            // missing or not JSON: no configuration; the registry says what is wrong with the file
            return null;
        }
    }

    /** Deletes the job's configurations, but the one of {@code keep} (a factory PID), if given. */
    private void deleteAll(String job, String keep) {
        for (Configuration c : configurations("(" + JOB + "=" + escape(job) + ")")) {
            if (keep == null || !keep.equals(c.getFactoryPid())) {
                delete(c);
            }
        }
    }

    private List<Configuration> configurations(String filter) {
        try {
            Configuration[] found = cm.listConfigurations(filter);
            return found == null ? List.of() : List.of(found);
        } catch (IOException | InvalidSyntaxException e) {
            LOG.log(Level.WARNING, "cannot list configurations " + filter + ": " + e.getMessage());
            return List.of();
        }
    }

    private static void delete(Configuration c) {
        try {
            LOG.log(Level.INFO, "job " + c.getProperties().get(JOB) + ": configuration of connector " + c.getFactoryPid() + " removed");
            c.delete();
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.WARNING, "cannot delete configuration " + c.getPid() + ": " + e.getMessage());
        }
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
    }
}
