package io.klarsyn.delivery.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;

import io.klarsyn.api.delivery.Deliveries;
import io.klarsyn.api.delivery.Delivery;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.delivery.DeliveryException;
import io.klarsyn.api.delivery.DeliveryRecord;
import io.klarsyn.api.delivery.Parcel;
import io.klarsyn.api.report.Translations;
import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.JobRegistry;
import io.klarsyn.api.server.RunListener;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunStore;
import io.klarsyn.api.server.ServerHome;
import io.klarsyn.api.server.ServerSchema;

/**
 * The delivery service of a running server: told of each finished run, it plans the run's
 * deliveries in the database and a thread of its own delivers the due ones through the
 * {@link Delivery} channels present (whiteboard). Configuration PID {@value #PID}.
 */
@Component(service = {Deliveries.class, RunListener.class}, configurationPid = DeliveryService.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DeliveryService.Config.class)
public class DeliveryService implements Deliveries, RunListener {

    static final String PID = "io.klarsyn.delivery";
    private static final String ENDPOINT = "osgi.http.endpoint";
    private static final long POLL_MILLIS = 1000;
    /** Cluster: how often each node plans finished runs that no node planned. */
    private static final long RECOVER_SECONDS = 60;
    private static final long STOP_WAIT_SECONDS = 10;
    private static final System.Logger LOG = System.getLogger(DeliveryService.class.getName());

    @ObjectClassDefinition(name = "Klarsyn delivery", description = "How finished runs' reports are delivered: links, "
            + "retries. The channels (mail, folder) have their own configuration.")
    public @interface Config {
        @AttributeDefinition(description = "The server's address as readers reach it, for the links in mails, e.g. "
                + "https://klarsyn.example.no/. Empty: the address the server listens on.")
        String baseUrl() default "";

        @AttributeDefinition(description = "Seconds to wait after a delivery's first transient failure (refused "
                + "connection, SMTP 4xx); the wait doubles after each further one.")
        int retryInitialSeconds() default 60;

        @AttributeDefinition(description = "The longest wait between two attempts, in seconds.")
        int retryMaxSeconds() default 3600;

        @AttributeDefinition(description = "Attempts in all before a delivery is FAILED (and the job's owner told).")
        int maxAttempts() default 10;

        @AttributeDefinition(description = "Seconds after which a delivery still SENDING counts as abandoned by a "
                + "stopped server and is sent again (with the same Message-ID).")
        int sendingLeaseSeconds() default 600;

        @AttributeDefinition(description = "At start, finished runs of the last this many days whose deliveries were "
                + "never planned (the server stopped first) are delivered.")
        int recoverDays() default 2;

        @AttributeDefinition(description = "Seconds a channel may take to deliver one report before the others go "
                + "on without it; the delivery is then taken up again after the lease.")
        int channelTimeoutSeconds() default 300;
    }

    private final Map<String, Delivery> channels = new ConcurrentHashMap<>();
    private final Map<Delivery, String> channelOf = new ConcurrentHashMap<>();
    private final Deliverer deliverer;
    private final ScheduledExecutorService thread;
    private final ExecutorService calls;
    private final String configuredBaseUrl;
    private volatile String endpoint;
    private volatile Translations translations;
    private volatile boolean stopping;

    @Activate
    public DeliveryService(@Reference ServerHome home, @Reference(target = "(klarsyn.database=server)") DataSource dataSource,
            @Reference ServerSchema schema,
            @Reference RunStore store, @Reference JobRegistry jobs, Config config) {
        this.configuredBaseUrl = config.baseUrl().strip();
        Deliverer.Settings settings = new Deliverer.Settings(Duration.ofSeconds(Math.max(1, config.retryInitialSeconds())),
                Duration.ofSeconds(Math.max(1, config.retryMaxSeconds())), Math.max(1, config.maxAttempts()),
                Duration.ofSeconds(Math.max(1, config.sendingLeaseSeconds())), Duration.ofDays(Math.max(0, config.recoverDays())));
        Deliverer.Jobs known = new Deliverer.Jobs() {
            @Override
            public Optional<JobDefinition> job(String name) {
                return jobs.job(name).filter(JobEntry::valid).map(JobEntry::definition);
            }

            @Override
            public List<String> names() {
                return jobs.jobs().stream().map(JobEntry::name).toList();
            }
        };
        this.calls = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "klarsyn-delivery-channel");
            t.setDaemon(true);
            return t;
        });
        long timeout = Math.max(1, config.channelTimeoutSeconds());
        this.deliverer = new Deliverer(new DeliveryTable(dataSource, schema), store, known, channels::get, home.clock(), settings,
                this::baseUrl, (channel, parcel) -> call(channel, parcel, timeout));
        deliverer.translations(locale -> {
            Translations t = translations;
            return t == null ? null : t.in(locale);
        });
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "klarsyn-delivery");
            t.setDaemon(true);
            return t;
        });
        thread.execute(this::recover);
        thread.scheduleWithFixedDelay(this::pass, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (home.clustered()) {
            // a node stopping cleanly lets its runs finish for a grace after this service stopped there: any node
            // plans such a run's deliveries within a minute (planning is once per delivery, whichever node plans)
            thread.scheduleWithFixedDelay(this::recover, RECOVER_SECONDS, RECOVER_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Lets a delivery under way finish (an interrupted one would stay SENDING until its lease ends). */
    @Deactivate
    void stop() {
        stopping = true;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            calls.shutdownNow();
        }
    }

    /** One channel call on a thread of its own, waited for at most {@code timeoutSeconds}. */
    private void call(Delivery channel, Parcel parcel, long timeoutSeconds) throws DeliveryException, TimeoutException {
        Future<?> call = calls.submit(() -> {
            channel.deliver(parcel);
            return null;
        });
        try {
            call.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DeliveryException d) {
                throw d;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw DeliveryException.transientFailure(String.valueOf(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted while the channel delivered");
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addChannel(Delivery channel, Map<String, Object> properties) {
        Object id = properties.get(Plugin.ID);
        if (!(id instanceof String) || ((String) id).isBlank()) {
            LOG.log(Level.WARNING, "delivery channel " + channel.getClass().getName() + " has no " + Plugin.ID
                    + " property: ignored");
            return;
        }
        channels.put((String) id, channel);
        channelOf.put(channel, (String) id);
        LOG.log(Level.INFO, "delivery channel '" + id + "' is available");
        try {
            thread.execute(() -> {
                deliverer.channelArrived((String) id);
                pass();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping; the next start delivers them
        }
    }

    void removeChannel(Delivery channel) {
        String id = channelOf.remove(channel);
        if (id != null) {
            channels.remove(id, channel);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setTranslations(Translations translations) {
        this.translations = translations;
    }

    void unsetTranslations(Translations translations) {
        if (this.translations == translations) {
            this.translations = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setHttp(HttpServiceRuntime runtime, Map<String, Object> properties) {
        Object value = properties.get(ENDPOINT);
        if (value instanceof String[] && ((String[]) value).length > 0) {
            value = ((String[]) value)[0];
        } else if (value instanceof java.util.Collection && !((java.util.Collection<?>) value).isEmpty()) {
            value = ((java.util.Collection<?>) value).iterator().next();
        }
        endpoint = value instanceof String ? (String) value : null;
    }

    void updatedHttp(HttpServiceRuntime runtime, Map<String, Object> properties) {
        setHttp(runtime, properties);
    }

    void unsetHttp(HttpServiceRuntime runtime) {
        endpoint = null;
    }

    private String baseUrl() {
        if (!configuredBaseUrl.isEmpty()) {
            return configuredBaseUrl;
        }
        String e = endpoint;
        return e != null ? e : "http://127.0.0.1:8080/";
    }

    @Override
    public void runFinished(RunRecord run) {
        try {
            if (!deliverer.plan(run).isEmpty()) {
                wake();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "deliveries of run " + run.id() + " not planned", e);
        }
    }

    @Override
    public List<DeliveryRecord> ofRun(long runId) {
        return deliverer.ofRun(runId);
    }

    @Override
    public List<DeliveryRecord> resend(long runId) {
        List<DeliveryRecord> planned = deliverer.resend(runId);
        wake();
        return planned;
    }

    @Override
    public String sendTest(String job, String address) throws DeliveryException {
        return deliverer.sendTest(job, address);
    }

    private void wake() {
        try {
            thread.execute(this::pass);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the next start delivers it
        }
    }

    private void recover() {
        try {
            int runs = deliverer.recover();
            if (runs > 0) {
                LOG.log(Level.INFO, "deliveries planned for " + runs + " finished runs that had none");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "recovery of unplanned deliveries failed", e);
        }
    }

    private void pass() {
        try {
            while (!stopping && deliverer.runDue() > 0 && !Thread.currentThread().isInterrupted()) {
                // until nothing is due
            }
        } catch (RuntimeException | Error e) {
            // thrown out of a periodic task, it would end the task for good: log it and go on next time
            LOG.log(Level.ERROR, "delivery pass failed", e);
        }
    }
}
