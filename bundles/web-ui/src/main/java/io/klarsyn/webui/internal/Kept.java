package io.klarsyn.webui.internal;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.JobSummary;

/**
 * What the pages keep between requests, each part with everything it shows as its key
 * ({@link PartCache}): the dashboard's rows, job pages, and the jobs' next fire times.
 */
final class Kept {

    /** A dashboard row: per job, language and whether "run now" shows. */
    record RowSlot(String job, String lang, boolean mayRun) {
    }

    /**
     * What a dashboard row shows.
     *
     * @param summary the job's newest runs and trend points as the run store gave them for this request
     * @param runPeriod what "run now" would report (the month before now in the job's zone)
     * @param nextRun the next fire time, or null
     */
    record RowKey(JobEntry entry, JobSummary summary, YearMonth runPeriod, ZonedDateTime nextRun, boolean mayRun,
            List<io.klarsyn.api.server.Headline> columns, List<io.klarsyn.api.server.Headline> headlines) {
    }

    /** A job page's body: per job, language and the controls the user may use. */
    record JobSlot(String job, String lang, boolean mayRun, boolean mayEdit) {
    }

    /**
     * What a job page's body shows.
     *
     * @param changes the run store's count of changes to the job's runs, read before its history
     * @param path and
     * @param params the request's path and parameters (the history page, links that keep the others)
     * @param plugins the engine's plugins and translations ({@link Services#pluginsKey()}): the charts' titles
     */
    record JobKey(JobEntry entry, long changes, String path, Map<String, String> params, List<ZonedDateTime> nextRuns,
            YearMonth runPeriod, boolean mayRun, boolean mayEdit, Object plugins) {
    }

    private record FireSlot(String job, int count) {
    }

    /**
     * A whole page: per path and query (filters, history page), language and user. The user (a
     * {@link io.klarsyn.api.security.Subject}: name, role, the clients they see) is part of the slot, so a
     * page is never served to a user who sees other clients; null without the security bundle.
     */
    record PageSlot(String path, Map<String, String> params, String lang, io.klarsyn.api.security.Subject subject) {
    }

    /**
     * What the dashboard shows, for one {@link PageSlot}: everything it reads is counted, so its key is the counts.
     *
     * @param jobChanges the job registry's count of changes ({@link io.klarsyn.api.server.JobRegistry#jobChanges()}),
     *        read before the jobs: the filters, the client list and the count read them all
     * @param runChanges the run store's count of changes to any run ({@link io.klarsyn.api.server.RunStore#changes()}),
     *        read before the summaries and the headline descriptions
     * @param plugins the engine's plugins and translations (the headline figures' names are their texts):
     *        {@link Services#pluginsKey()}
     * @param mayRun whether the user may run the first valid job of each client on the page, by that job
     * @param mayCreate whether "New job" shows
     */
    record DashboardKey(long jobChanges, long runChanges, Object plugins, Map<String, Boolean> mayRun,
            boolean mayCreate) {
    }

    /** 200 jobs in three languages, for users who may and who may not run them. */
    final PartCache<RowSlot, RowKey, Fragment> rows = new PartCache<>(1200);
    /** About 40 KB each. */
    final PartCache<JobSlot, JobKey, Fragment> jobPages = new PartCache<>(100);
    /**
     * What a finished run's page shows, for one {@link PageSlot}.
     *
     * @param files per artifact of the run, its size and time of change (null when unreadable)
     * @param entry the run's job, or null when it is gone
     * @param changes the run store's count of changes to the job's runs (the headline descriptions change with them)
     * @param deliveries the run's deliveries, or null without a delivery service
     */
    record RunKey(io.klarsyn.api.server.RunRecord run, List<Object> files, JobEntry entry, long changes,
            List<io.klarsyn.api.delivery.DeliveryRecord> deliveries, boolean mayResend, Object plugins) {
    }

    /**
     * Whole pages (the dashboard's about 100 KB, a job page's 40 KB, with their gzip forms at a tenth of that),
     * each with its key ({@link DashboardKey}, {@link JobKey}) and the time until which the clock changes
     * nothing on it ({@link PageBytes#current}).
     */
    final PartCache<PageSlot, Object, PageBytes> pages = new PartCache<>(150);
    private final PartCache<FireSlot, JobEntry, List<ZonedDateTime>> fireTimes = new PartCache<>(1000);

    /**
     * The scheduler's next fire times of a valid job, asked again only when the job changed or the first
     * of them has come: until then the next times after now are the same ones.
     */
    List<ZonedDateTime> nextRuns(Services services, JobEntry entry, int count) {
        FireSlot slot = new FireSlot(entry.name(), count);
        Instant now = services.home().clock().instant();
        List<ZonedDateTime> times = fireTimes.get(slot, entry, () -> services.scheduler().nextRuns(entry.name(), count));
        if (!times.isEmpty() && !now.isBefore(times.get(0).toInstant())) {
            times = services.scheduler().nextRuns(entry.name(), count);
            fireTimes.put(slot, entry, times);
        }
        return times;
    }
}
