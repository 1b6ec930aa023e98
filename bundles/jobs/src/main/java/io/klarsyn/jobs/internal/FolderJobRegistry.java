package io.klarsyn.jobs.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.klarsyn.api.run.PluginInfo;
import io.klarsyn.api.run.ReportEngine;
import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.JobListener;
import io.klarsyn.api.server.JobRegistry;
import io.klarsyn.api.server.ServerHome;

/**
 * The jobs of {@link ServerHome#jobs()}: polled every second, each file read by
 * {@link JobFileReader} and checked by the {@link ReportEngine}. The check is made again whenever
 * the installed plugins change (seen at the next poll, or at once when the jobs are asked for), so a
 * job is not left invalid because its connector's bundle started after this one.
 *
 * <p>Listeners are told on the registry's one thread; a listener that comes later is first told
 * about every job there is. A job invalid only by the engine's check keeps its definition in its
 * entry (with the problem), so that its client and schedule can still be shown.
 */
@Component(service = JobRegistry.class, immediate = true)
public class FolderJobRegistry implements JobRegistry {

    private static final System.Logger LOG = System.getLogger(FolderJobRegistry.class.getName());

    private record Known(long modified, long size, byte[] content, JobDefinition parsed, JobEntry entry) {
    }

    private final Path folder;
    private final ReportEngine engine;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "klarsyn-jobs");
        t.setDaemon(true);
        pollThread = t;
        return t;
    });
    private volatile Thread pollThread;
    /** The engine's plugins at the last poll, when the engine cannot count its changes; else null. */
    private volatile List<PluginInfo> plugins;
    /** The engine's {@link ReportEngine#changes()} at the last poll (-1: it cannot count; then {@link #plugins}). */
    private volatile long pluginChanges = Long.MIN_VALUE;
    /** Grows after each entry added, changed or removed ({@link #jobChanges()}). */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    @Activate
    public FolderJobRegistry(@Reference ServerHome home, @Reference ReportEngine engine) {
        this(home.jobs(), engine, true);
    }

    FolderJobRegistry(Path folder, ReportEngine engine, boolean polling) {
        this.folder = folder;
        this.engine = engine;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot create the jobs folder " + folder + ": " + e);
        }
        poll();
        if (polling) {
            executor.scheduleWithFixedDelay(this::pollQuietly, 1, 1, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void stop() {
        executor.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(JobListener listener) {
        listeners.add(listener);
        try {
            executor.execute(() -> {
                if (listeners.contains(listener)) {
                    new TreeMap<>(known).forEach((name, k) -> tell(listener, name, k.entry()));
                }
            });
        } catch (RejectedExecutionException e) {
            // deactivated: nothing to tell
        }
    }

    /** Waits until the tasks queued so far (listener replays) are done. */
    void awaitIdle() throws Exception {
        executor.submit(() -> { }).get(5, TimeUnit.SECONDS);
    }

    void removeListener(JobListener listener) {
        listeners.remove(listener);
    }

    @Override
    public List<JobEntry> jobs() {
        recheckIfPluginsChanged();
        List<JobEntry> out = new ArrayList<>();
        known.values().forEach(k -> out.add(k.entry()));
        out.sort(Comparator.comparing(JobEntry::name));
        return out;
    }

    @Override
    public Optional<JobEntry> job(String name) {
        recheckIfPluginsChanged();
        return Optional.ofNullable(known.get(name)).map(Known::entry);
    }

    /** Re-checks first when the plugins changed, so that the count covers what the engine's check says now. */
    @Override
    public long jobChanges() {
        recheckIfPluginsChanged();
        return changes.get();
    }

    /** @return whether the engine's plugins are others than at the last poll (a count compared, else the list) */
    private boolean pluginsChanged() {
        long count = engine.changes();
        if (count >= 0) {
            return count != pluginChanges;
        }
        return pluginChanges >= 0 || !Objects.equals(engine.plugins(), plugins);
    }

    private void recheckIfPluginsChanged() {
        if (!pluginsChanged()) {
            return;
        }
        if (Thread.currentThread() == pollThread) {
            return;
        }
        try {
            executor.submit(this::poll).get(5, TimeUnit.SECONDS);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, "jobs not re-checked: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "reading the jobs folder " + folder + " failed", e);
        }
    }

    /** Reads the folder once: new, changed and removed files, and a re-check when the plugins changed. */
    synchronized void poll() {
        // the count is read before the plugins the checks below see: a change between the two is seen at the next poll
        long count = engine.changes();
        List<PluginInfo> nowPlugins = count >= 0 ? null : engine.plugins();
        boolean recheck = count >= 0 ? count != pluginChanges : pluginChanges >= 0 || !nowPlugins.equals(plugins);
        pluginChanges = count;
        plugins = nowPlugins;
        Map<String, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, "*.json")) {
            for (Path p : dir) {
                String name = JobFileReader.nameOf(p);
                if (name != null && !name.startsWith(".") && Files.isRegularFile(p)) {
                    files.put(name, p);
                }
            }
        } catch (NoSuchFileException e) {
            // no folder: no jobs
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list the jobs folder " + folder + ": " + e);
            return;
        }
        for (String name : new ArrayList<>(known.keySet())) {
            if (!files.containsKey(name)) {
                known.remove(name);
                changes.incrementAndGet();
                notifyListeners(name, null);
            }
        }
        files.forEach((name, file) -> update(name, file, recheck));
    }

    private void update(String name, Path file, boolean recheck) {
        Known old = known.get(name);
        long modified;
        long size;
        byte[] content;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            modified = a.lastModifiedTime().toMillis();
            size = a.size();
            // a job refused only by the engine's check is checked again at every poll: what it lacks (a connector
            // configured per job gets its instance once the job's configuration is made) may come at any time
            boolean engineRefused = old != null && old.parsed() != null && old.entry().problem() != null;
            if (old != null && old.modified() == modified && old.size() == size && !recheck && !engineRefused) {
                return;
            }
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            content = null;
            modified = -1;
            size = -1;
        }
        boolean sameContent = old != null && content != null && Arrays.equals(old.content(), content);
        JobDefinition parsed;
        String problem;
        if (content == null) {
            parsed = null;
            problem = file.getFileName() + ": cannot be read";
        } else if (sameContent && old.parsed() == null) {
            parsed = null;
            problem = old.entry().problem();
        } else {
            try {
                parsed = sameContent ? old.parsed() : JobFileReader.read(file, content);
                problem = check(parsed);
            } catch (IllegalArgumentException e) {
                parsed = null;
                problem = e.getMessage();
            }
        }
        JobEntry entry = new JobEntry(name, file, parsed, problem);
        known.put(name, new Known(modified, size, content, parsed, entry));
        if (old == null || !old.entry().equals(entry)) {
            changes.incrementAndGet();
        }
        if (old == null || !sameContent || !Objects.equals(old.entry().problem(), problem)) {
            notifyListeners(name, entry);
        }
    }

    private String check(JobDefinition job) {
        try {
            engine.check(job.spec());
            return null;
        } catch (RuntimeException e) {
            return job.name() + ".json: " + (e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void notifyListeners(String name, JobEntry entry) {
        if (entry == null) {
            LOG.log(System.Logger.Level.INFO, "job " + name + " removed");
        } else if (entry.valid()) {
            LOG.log(System.Logger.Level.INFO, "job " + name + " loaded: " + entry.definition().schedule());
        } else {
            LOG.log(System.Logger.Level.WARNING, "job " + name + " is invalid: " + entry.problem());
        }
        for (JobListener l : listeners) {
            tell(l, name, entry);
        }
    }

    private static void tell(JobListener listener, String name, JobEntry entry) {
        try {
            listener.jobChanged(name, entry);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "job listener " + listener + " failed on " + name, e);
        }
    }
}
