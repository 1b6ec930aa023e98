package io.klarsyn.delivery.internal;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import io.klarsyn.api.delivery.Delivery;
import io.klarsyn.api.delivery.DeliveryException;
import io.klarsyn.api.delivery.DeliveryRecord;
import io.klarsyn.api.delivery.Parcel;
import io.klarsyn.api.delivery.ParcelKind;
import io.klarsyn.api.server.DeliveryPlan;
import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.server.Recipient;
import io.klarsyn.api.report.Messages;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunState;
import io.klarsyn.api.server.RunStore;
import io.klarsyn.api.server.TrendPoint;
import io.klarsyn.delivery.internal.DeliveryTable.Plan;
import io.klarsyn.delivery.internal.DeliveryTable.Row;

/**
 * What the delivery service does, without OSGi: plans a finished run's deliveries (once per run,
 * and one row per (job, period, target, channel) whatever reruns come), and delivers the due ones,
 * claiming each before it goes out.
 *
 * <p>Behaviour on a crash between the other side's acceptance and our record of it: the row stays
 * SENDING; once its claim is older than the lease it is PENDING again and sent once more with the
 * same message id. So a reader gets at most one duplicate, which mail clients can fold by its
 * Message-ID; losing a report is the worse failure.
 */
final class Deliverer {

    static final String REPORT_PDF = "report.pdf";
    static final String ADDRESS = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";
    static final String STALE = "the server stopped while sending; sent again with the same message id";
    private static final int BATCH = 20;
    private static final Duration NO_CHANNEL_WAIT = Duration.ofMinutes(1);
    private static final int PAGE = 100;
    private static final System.Logger LOG = System.getLogger(Deliverer.class.getName());

    /**
     * @param retryInitial the wait after the first transient failure; it doubles after each
     * @param retryMax the longest wait between attempts
     * @param maxAttempts attempts in all before a delivery is FAILED
     * @param sendingLease how long a claim holds before a SENDING row counts as abandoned
     * @param recoverWithin at start, finished runs queued this recently whose deliveries were never
     *        planned (the server died first) are planned
     */
    record Settings(Duration retryInitial, Duration retryMax, int maxAttempts, Duration sendingLease,
            Duration recoverWithin) {
        static final Settings DEFAULT = new Settings(Duration.ofMinutes(1), Duration.ofHours(1), 10,
                Duration.ofMinutes(10), Duration.ofDays(2));
    }

    /**
     * Calls a channel. The service's caller gives up waiting after a time-out, so a channel that
     * hangs holds one thread of its own rather than every delivery.
     */
    interface Caller {
        /** Calls the channel on this thread. */
        Caller DIRECT = Delivery::deliver;

        /** @throws TimeoutException when the channel did not return in time (it may still deliver) */
        void call(Delivery channel, Parcel parcel) throws DeliveryException, TimeoutException;
    }

    /** The jobs as the registry knows them now. */
    interface Jobs {
        Optional<JobDefinition> job(String name);

        List<String> names();
    }

    private final DeliveryTable table;
    private final RunStore store;
    private final Jobs jobs;
    private final Function<String, Delivery> channels;
    private final Clock clock;
    private final Settings settings;
    private final Supplier<String> baseUrl;
    private final Caller caller;
    /** The installed metrics' texts, to name headline figures in a recipient's language; none: as the run wrote them. */
    private volatile Function<Locale, Messages> translations = locale -> null;

    Deliverer(DeliveryTable table, RunStore store, Jobs jobs, Function<String, Delivery> channels, Clock clock,
            Settings settings, Supplier<String> baseUrl) {
        this(table, store, jobs, channels, clock, settings, baseUrl, Caller.DIRECT);
    }

    Deliverer(DeliveryTable table, RunStore store, Jobs jobs, Function<String, Delivery> channels, Clock clock,
            Settings settings, Supplier<String> baseUrl, Caller caller) {
        this.caller = caller;
        this.table = table;
        this.store = store;
        this.jobs = jobs;
        this.channels = channels;
        this.clock = clock;
        this.settings = settings;
        this.baseUrl = baseUrl;
    }

    /** @param translations the installed metrics' texts by language (a locale may give {@code null}) */
    void translations(Function<Locale, Messages> translations) {
        this.translations = translations;
    }

    /**
     * Plans a finished run's deliveries, once: its report to the job's recipients and channels
     * (SUCCESS, UNSTABLE) unless that period's report went to them already, or a notice to the
     * owner (FAILURE). ABORTED runs deliver nothing.
     *
     * @return the deliveries planned now
     */
    List<Long> plan(RunRecord run) {
        List<Long> planned = new ArrayList<>();
        if (!run.status().finished() || table.planned(run.id())) {
            return planned;
        }
        Optional<JobDefinition> definition = jobs.job(run.job());
        if (definition.isPresent()) {
            DeliveryPlan plan = definition.get().delivery();
            String jobLocale = definition.get().spec().locale().toLanguageTag();
            Instant now = clock.instant();
            if (run.status() == RunState.SUCCESS || run.status() == RunState.UNSTABLE) {
                if (store.artifact(run.id(), REPORT_PDF).isPresent()) {
                    for (Plan p : reportPlans(run, plan, jobLocale, 0)) {
                        table.insert(p, now).ifPresent(planned::add);
                    }
                } else {
                    LOG.log(Level.WARNING, "run " + run.id() + " of job '" + run.job() + "' has no report.pdf: nothing to deliver");
                }
            } else if (run.status() == RunState.FAILURE && plan.owner() != null) {
                table.insert(new Plan(run.job(), run.period(), plan.owner(), Delivery.MAIL, ParcelKind.RUN_FAILED, run.id(),
                        run.id(), jobLocale), now).ifPresent(planned::add);
            }
        }
        table.markPlanned(run.id(), clock.instant());
        if (!planned.isEmpty()) {
            LOG.log(Level.INFO, "run " + run.id() + " of job '" + run.job() + "' (" + run.period() + "): "
                    + planned.size() + " deliveries planned");
        }
        return planned;
    }

    private static List<Plan> reportPlans(RunRecord run, DeliveryPlan plan, String jobLocale, long round) {
        List<Plan> plans = new ArrayList<>();
        for (Recipient r : plan.recipients()) {
            plans.add(new Plan(run.job(), run.period(), r.address(), Delivery.MAIL, ParcelKind.REPORT, round, run.id(),
                    r.locale() == null ? jobLocale : r.locale().toLanguageTag()));
        }
        plan.channels().forEach((channel, target) -> plans.add(new Plan(run.job(), run.period(), target, channel,
                ParcelKind.REPORT, round, run.id(), jobLocale)));
        return plans;
    }

    /** Plans the finished runs of the last {@link Settings#recoverWithin()} that never were. @return how many runs */
    int recover() {
        Instant since = clock.instant().minus(settings.recoverWithin());
        int count = 0;
        for (String job : jobs.names()) {
            for (RunRecord run : store.runs(job, 0, PAGE)) {
                if (run.queuedAt().isBefore(since)) {
                    break;
                }
                if (run.status().finished() && !table.planned(run.id())) {
                    plan(run);
                    count++;
                }
            }
        }
        return count;
    }

    List<DeliveryRecord> ofRun(long runId) {
        return table.ofRun(runId).stream().map(Row::record).toList();
    }

    /** A new round of the run's report to its job's current recipients and channels. */
    List<DeliveryRecord> resend(long runId) {
        RunRecord run = store.run(runId).orElseThrow(() -> new NoSuchElementException("no run " + runId));
        if (run.status() != RunState.SUCCESS && run.status() != RunState.UNSTABLE) {
            throw new IllegalStateException("run " + runId + " is " + run.status() + ": it has no report to send");
        }
        if (store.artifact(runId, REPORT_PDF).isEmpty()) {
            throw new IllegalStateException("run " + runId + " no longer has its report.pdf (retention)");
        }
        JobDefinition definition = jobs.job(run.job())
                .orElseThrow(() -> new IllegalStateException("job '" + run.job() + "' is gone or invalid: no recipients known"));
        List<Plan> plans = reportPlans(run, definition.delivery(), definition.spec().locale().toLanguageTag(), 0);
        if (plans.isEmpty()) {
            throw new IllegalStateException("job '" + run.job() + "' has no recipients and no delivery channel");
        }
        List<DeliveryRecord> out = new ArrayList<>();
        for (Plan p : plans) {
            for (int tries = 0; tries < 5; tries++) {
                long round = table.lastRound(p.job(), p.period(), p.target(), p.channel()) + 1;
                Optional<Long> id = table.insert(new Plan(p.job(), p.period(), p.target(), p.channel(), p.kind(), round,
                        p.runId(), p.locale()), clock.instant());
                if (id.isPresent()) {
                    table.row(id.get()).map(Row::record).ifPresent(out::add);
                    break;
                }
            }
        }
        LOG.log(Level.INFO, "run " + runId + " of job '" + run.job() + "': resend of its report to " + out.size() + " targets");
        return out;
    }

    /**
     * Delivers what is due now, one after the other; a SENDING row whose claim is older than the
     * lease is taken up again first.
     *
     * @return how many were attempted
     */
    int runDue() {
        Instant now = clock.instant();
        int stale = table.releaseStale(now.minus(settings.sendingLease()), now, STALE);
        if (stale > 0) {
            LOG.log(Level.WARNING, stale + " deliveries were left SENDING by a stopped server: sending them again");
        }
        int attempted = 0;
        for (Row row : table.due(now, BATCH)) {
            Delivery channel = channels.apply(row.record().channel());
            if (channel == null) {
                table.note(row.id(), clock.instant().plus(NO_CHANNEL_WAIT), noChannel(row.record().channel()));
                continue;
            }
            if (!table.claim(row.id(), clock.instant())) {
                continue;
            }
            attempted++;
            attempt(row, channel);
        }
        return attempted;
    }

    /**
     * A channel was installed: the deliveries that waited for it are due now, not at the end of their wait.
     *
     * @return how many became due
     */
    int channelArrived(String channel) {
        return table.dueNow(channel, noChannel(channel), clock.instant());
    }

    static String noChannel(String channel) {
        return "no delivery channel '" + channel + "' is installed"
                + (channel.equals(Delivery.MAIL) ? " (configure etc/io.klarsyn.delivery.mail.cfg)" : "")
                + "; waiting for it";
    }

    private void attempt(Row row, Delivery channel) {
        DeliveryRecord r = row.record();
        int attempts = r.attempts() + 1;
        Parcel parcel;
        try {
            parcel = parcel(row);
        } catch (DeliveryException e) {
            fail(row, attempts, e.getMessage());
            return;
        }
        try {
            caller.call(channel, parcel);
            table.sent(row.id(), clock.instant());
            LOG.log(Level.INFO, "delivered " + r.kind() + " of job '" + r.job() + "' (" + r.period() + ") to " + r.target()
                    + " by " + r.channel() + " " + r.messageId());
        } catch (DeliveryException e) {
            if (e.permanent()) {
                fail(row, attempts, e.getMessage());
            } else {
                retry(row, attempts, e.getMessage());
            }
        } catch (TimeoutException e) {
            // it may yet deliver: left SENDING, it is taken up again once its lease has passed
            LOG.log(Level.WARNING, "delivery " + r.id() + " to " + r.target() + ": channel '" + r.channel()
                    + "' did not answer in time; tried again after the lease of " + settings.sendingLease().toSeconds() + " s");
        } catch (RuntimeException | LinkageError e) {
            // a channel's own bug or a plugin bundle half gone: worth another try, after the backoff
            retry(row, attempts, e.toString());
        }
    }

    private void retry(Row row, int attempts, String error) {
        DeliveryRecord r = row.record();
        if (attempts >= settings.maxAttempts()) {
            fail(row, attempts, "gave up after " + attempts + " attempts: " + error);
            return;
        }
        Duration wait = settings.retryInitial().multipliedBy(1L << Math.min(attempts - 1, 30));
        if (wait.compareTo(settings.retryMax()) > 0 || wait.isNegative()) {
            wait = settings.retryMax();
        }
        table.retry(row.id(), clock.instant().plus(wait), error);
        LOG.log(Level.WARNING, "delivery " + r.id() + " to " + r.target() + " (" + r.channel() + ") failed, attempt "
                + attempts + " of " + settings.maxAttempts() + ", next in " + wait.toSeconds() + " s: " + error);
    }

    private void fail(Row row, int attempts, String error) {
        DeliveryRecord r = row.record();
        table.failed(row.id(), error);
        LOG.log(Level.WARNING, "delivery " + r.id() + " of job '" + r.job() + "' (" + r.period() + ") to " + r.target()
                + " (" + r.channel() + ") FAILED after " + attempts + " attempt(s): " + error);
        if (r.kind() != ParcelKind.REPORT) {
            return;
        }
        Optional<JobDefinition> definition = jobs.job(r.job());
        String owner = definition.map(d -> d.delivery().owner()).orElse(null);
        if (owner == null) {
            LOG.log(Level.WARNING, "job '" + r.job() + "' has no owner to tell that delivery " + r.id() + " failed");
            return;
        }
        table.insert(new Plan(r.job(), r.period(), owner, Delivery.MAIL, ParcelKind.DELIVERY_FAILED, r.id(), r.runId(),
                definition.get().spec().locale().toLanguageTag()), clock.instant());
    }

    private Parcel parcel(Row row) throws DeliveryException {
        DeliveryRecord r = row.record();
        RunRecord run = store.run(r.runId())
                .orElseThrow(() -> DeliveryException.permanent("run " + r.runId() + " is gone", null));
        Locale locale = Locale.forLanguageTag(row.locale());
        Letters letters = new Letters(locale);
        Optional<JobDefinition> definition = jobs.job(r.job());
        String client = client(r.job(), definition);
        String link = runLink(run.id());
        switch (r.kind()) {
            case REPORT: {
                Path report = store.artifact(run.id(), REPORT_PDF).orElseThrow(() -> DeliveryException.permanent(
                        "run " + run.id() + " no longer has its report.pdf (retention)", null));
                return reportParcel(ParcelKind.REPORT, run, r.target(), locale, definition, report, r.messageId());
            }
            case RUN_FAILED: {
                Letters.Letter letter = letters.runFailed(run, client, link);
                return new Parcel(r.kind(), r.job(), client, r.period(), run.id(), r.target(), locale, letter.subject(),
                        letter.body(), letter.bodyWithLink(), null, null, link, r.messageId());
            }
            case DELIVERY_FAILED: {
                DeliveryRecord about = table.row(r.round()).map(Row::record)
                        .orElseThrow(() -> DeliveryException.permanent("delivery " + r.round() + " is gone", null));
                Letters.Letter letter = letters.deliveryFailed(about, client, link);
                return new Parcel(r.kind(), r.job(), client, r.period(), run.id(), r.target(), locale, letter.subject(),
                        letter.body(), letter.bodyWithLink(), null, null, link, r.messageId());
            }
            default:
                throw DeliveryException.permanent("a " + r.kind() + " is not delivered from the table", null);
        }
    }

    private Parcel reportParcel(ParcelKind kind, RunRecord run, String target, Locale locale,
            Optional<JobDefinition> definition, Path report, String messageId) {
        Letters letters = new Letters(locale);
        String client = client(run.job(), definition);
        String link = runLink(run.id());
        String currency = definition.map(d -> d.spec().currency()).orElse("");
        Letters.Letter letter = letters.report(kind, run, client, previous(run.job(), run.period()),
                store.headlines(List.of(run.job())).getOrDefault(run.job(), List.of()), translations.apply(locale),
                currency, link,
                link + "/artifacts/" + REPORT_PDF);
        return new Parcel(kind, run.job(), client, run.period(), run.id(), target, locale, letter.subject(), letter.body(),
                letter.bodyWithLink(), report, fileName(client) + "-" + run.period() + ".pdf",
                link, messageId);
    }

    /**
     * Sends the job's mail for its newest run with a report to one address, now.
     *
     * @return the message id
     */
    String sendTest(String job, String address) throws DeliveryException {
        if (address == null || !address.trim().matches(ADDRESS)) {
            throw new IllegalArgumentException("'" + address + "' is not an e-mail address");
        }
        JobDefinition definition = jobs.job(job).orElseThrow(() -> new NoSuchElementException("no valid job " + job));
        Delivery mail = channels.apply(Delivery.MAIL);
        if (mail == null) {
            throw new IllegalStateException(noChannel(Delivery.MAIL));
        }
        RunRecord run = newestWithReport(job)
                .orElseThrow(() -> new IllegalStateException("job '" + job + "' has no run with a report yet: run it first"));
        String messageId = "<test-" + UUID.randomUUID() + "." + job + "@klarsyn>";
        Parcel parcel = reportParcel(ParcelKind.TEST, run, address.trim(), definition.spec().locale(), Optional.of(definition),
                store.artifact(run.id(), REPORT_PDF).orElseThrow(), messageId);
        mail.deliver(parcel);
        LOG.log(Level.INFO, "test mail of job '" + job + "' (run " + run.id() + ") sent to " + address.trim() + " " + messageId);
        return messageId;
    }

    private Optional<RunRecord> newestWithReport(String job) {
        for (int offset = 0;; offset += PAGE) {
            List<RunRecord> page = store.runs(job, offset, PAGE);
            for (RunRecord run : page) {
                if ((run.status() == RunState.SUCCESS || run.status() == RunState.UNSTABLE)
                        && store.artifact(run.id(), REPORT_PDF).isPresent()) {
                    return Optional.of(run);
                }
            }
            if (page.size() < PAGE) {
                return Optional.empty();
            }
        }
    }

    private Map<String, Double> previous(String job, YearMonth period) {
        YearMonth before = period.minusMonths(1);
        return store.trend(job).stream().filter(p -> p.period().equals(before)).map(TrendPoint::values).findFirst()
                .orElse(Map.of());
    }

    private String runLink(long runId) {
        String base = baseUrl.get();
        return (base.endsWith("/") ? base : base + "/") + "runs/" + runId; // the run's page in the web UI
    }

    private static String client(String job, Optional<JobDefinition> definition) {
        String name = definition.map(d -> d.spec().branding().clientName()).orElse(null);
        return name == null || name.isBlank() ? job : name.strip();
    }

    /** The client's name as a file name: no path separators, no characters Windows shares refuse. */
    static String fileName(String client) {
        String name = client.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "").strip();
        return name.isEmpty() || name.startsWith(".") ? "report" + name : name;
    }
}
