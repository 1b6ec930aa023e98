package io.klarsyn.scheduler.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.simpl.SimpleThreadPool;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.JobListener;
import io.klarsyn.api.server.JobRegistry;
import io.klarsyn.api.server.JobScheduler;
import io.klarsyn.api.server.RunQueue;
import io.klarsyn.api.server.ServerHome;
import io.klarsyn.api.server.ServerSchema;

/**
 * Fires each valid job on its cron (Quartz, JDBC job store on the server's database), in the job's
 * time zone; a fire queues the previous calendar month. Quartz does nothing about misfires: at
 * start, and whenever a job becomes valid, {@link CatchUp} submits the periods missed since the
 * job was last scheduled, driven by {@link ServerHome#clock()}.
 */
@Component(service = JobScheduler.class, immediate = true)
public class QuartzJobScheduler implements JobScheduler, JobListener {

    static final String GROUP = "klarsyn";
    /** The Quartz scheduler's name: its rows in the QRTZ_ tables carry it. */
    static final String NAME = "klarsyn";
    private static final String DATA_SOURCE = "klarsyn";
    /** How often a clustered scheduler checks in with the others. */
    static final long CHECKIN_MILLIS = 2000;

    private static final System.Logger LOG = System.getLogger(QuartzJobScheduler.class.getName());

    private final ServerHome home;
    private final JobRegistry registry;
    private final RunQueue queue;
    private final CatchUp catchUp;
    private final Scheduler quartz;
    private ServiceRegistration<JobListener> listening;

    @Activate
    public QuartzJobScheduler(BundleContext context, @Reference ServerHome home, @Reference JobRegistry registry, @Reference RunQueue queue,
            @Reference(target = "(klarsyn.database=server)") DataSource dataSource, @Reference ServerSchema schema)
            throws Exception {
        this(home, registry, queue, dataSource, schema, context);
    }

    /**
     * The scheduler listens to the registry through a JobListener service it registers itself once it
     * is constructed: declared as a component service, it would close a cycle (the registry's dynamic
     * listener reference asking for a scheduler that is still being constructed for the registry).
     */
    QuartzJobScheduler(ServerHome home, JobRegistry registry, RunQueue queue, DataSource dataSource, ServerSchema schema,
            BundleContext context) throws Exception {
        this.home = home;
        this.registry = registry;
        this.queue = queue;
        this.catchUp = new CatchUp(dataSource, home.clock());
        // the servers of a cluster may start at once: one makes the tables, the others wait and find them
        String delegate = schema.locked(c -> {
            catchUp.createTable();
            if (QuartzTables.createIfAbsent(c)) {
                LOG.log(System.Logger.Level.INFO, "made the scheduler's tables");
            }
            return QuartzTables.delegate(c);
        });
        this.quartz = createScheduler(dataSource, delegate, home.clustered(), home.nodeId());
        try {
            Set<String> valid = new HashSet<>();
            for (JobEntry e : registry.jobs()) {
                if (e.valid()) {
                    valid.add(e.name());
                    apply(e);
                }
            }
            for (JobKey key : quartz.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
                if (!valid.contains(key.getName())) {
                    quartz.deleteJob(key);
                }
            }
            quartz.start();
            if (context != null) {
                listening = context.registerService(JobListener.class, this, null);
            }
        } catch (Exception e) {
            quartz.shutdown(true);
            throw e;
        }
    }

    private Scheduler createScheduler(DataSource dataSource, String delegate, boolean clustered, String node)
            throws SchedulerException {
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the DataSource belongs to the database bundle
            }

            @Override
            public void initialize() {
            }
        });
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", NAME);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", SimpleThreadPool.class.getName());
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.jobStore.class", JobStoreTX.class.getName());
        p.setProperty("org.quartz.jobStore.driverDelegateClass", delegate);
        p.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        // Job data as strings: no Java serialization of our classes across bundles.
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        if (clustered) {
            // Quartz's clustered store: each trigger fires on one node; a node that stops checking in has its
            // fires recovered by another after a few intervals (STACK.md: ~10 s at 2 s). Which (job, period)
            // runs is the run store's claim, not Quartz's: a recovered fire finds its period taken.
            p.setProperty("org.quartz.jobStore.isClustered", "true");
            p.setProperty("org.quartz.scheduler.instanceId", node);
            p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(CHECKIN_MILLIS));
            p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
            LOG.log(System.Logger.Level.INFO, "scheduler clustered as node " + node);
        }
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        // Quartz loads stored job classes through the context class loader it finds now.
        t.setContextClassLoader(QuartzJobScheduler.class.getClassLoader());
        try {
            StdSchedulerFactory factory = new StdSchedulerFactory(p);
            Scheduler s = factory.getScheduler();
            s.setJobFactory((bundle, scheduler) -> new ScheduledFire(this));
            return s;
        } finally {
            t.setContextClassLoader(before);
        }
    }

    @Deactivate
    void stop() throws SchedulerException {
        if (listening != null) {
            try {
                listening.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
        }
        quartz.shutdown(true);
    }

    Scheduler quartz() {
        return quartz;
    }

    @Override
    public List<ZonedDateTime> nextRuns(String job, int count) {
        return registry.job(job).filter(JobEntry::valid)
                .map(e -> new FireTimes(e.definition().cron(), e.definition().spec().zone()).next(home.clock().instant(), count))
                .orElse(List.of());
    }

    @Override
    public List<ZonedDateTime> nextRuns(JobDefinition definition, int count) {
        return new FireTimes(definition.cron(), definition.spec().zone()).next(home.clock().instant(), count);
    }

    @Override
    public void jobChanged(String name, JobEntry now) {
        try {
            if (quartz.isShutdown()) {
                return;
            }
            if (now == null) {
                quartz.deleteJob(JobKey.jobKey(name, GROUP));
                catchUp.forget(name);
            } else if (!now.valid()) {
                quartz.deleteJob(JobKey.jobKey(name, GROUP));
            } else {
                apply(now);
            }
        } catch (SchedulerException | SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "scheduling job " + name + " failed", e);
        }
    }

    /** Schedules a valid job (unless its trigger is already so) and catches up its missed periods. */
    private void apply(JobEntry entry) throws SchedulerException, SQLException {
        String name = entry.name();
        String cron = entry.definition().cron();
        ZoneId zone = entry.definition().spec().zone();
        TriggerKey key = TriggerKey.triggerKey(name, GROUP);
        Trigger existing = quartz.getTrigger(key);
        if (!(existing instanceof CronTrigger ct && ct.getCronExpression().equals(cron)
                && ct.getTimeZone().getID().equals(zone.getId()))) {
            JobDetail job = JobBuilder.newJob(ScheduledFire.class).withIdentity(name, GROUP).build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(job)
                    .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(TimeZone.getTimeZone(zone))
                            .withMisfireHandlingInstructionDoNothing())
                    .build();
            quartz.scheduleJob(job, Set.of(trigger), true);
            LOG.log(System.Logger.Level.INFO, "job " + name + " scheduled: " + entry.definition().schedule() + " (" + cron + ", " + zone + ")");
        }
        for (YearMonth period : catchUp.catchUp(name, cron, zone,
                (job, p) -> queue.submitScheduled(job, p, io.klarsyn.api.server.Trigger.CATCH_UP))) {
            LOG.log(System.Logger.Level.INFO, "job " + name + ": caught up " + period);
        }
    }

    /** A Quartz fire: queues the previous month of the scheduled fire time, in the job's zone. */
    void fired(String name, Instant scheduledFireTime) {
        try {
            JobEntry entry = registry.job(name).orElse(null);
            if (entry == null || !entry.valid()) {
                LOG.log(System.Logger.Level.WARNING, "job " + name + " fired but is " + (entry == null ? "gone" : "invalid: " + entry.problem()));
                return;
            }
            YearMonth period = new FireTimes(entry.definition().cron(), entry.definition().spec().zone()).period(scheduledFireTime);
            queue.submitScheduled(name, period, io.klarsyn.api.server.Trigger.SCHEDULE);
            catchUp.advance(name, scheduledFireTime);
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "job " + name + ": the fire at " + scheduledFireTime + " failed", e);
        }
    }
}
