package io.klarsyn.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.delivery.Delivery;
import io.klarsyn.api.delivery.DeliveryException;
import io.klarsyn.api.delivery.DeliveryRecord;
import io.klarsyn.api.delivery.DeliveryState;
import io.klarsyn.api.delivery.Parcel;
import io.klarsyn.api.delivery.ParcelKind;
import io.klarsyn.api.run.Branding;
import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.result.Direction;
import io.klarsyn.api.result.Unit;
import io.klarsyn.api.server.Headline;
import io.klarsyn.api.server.DeliveryPlan;
import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.server.Recipient;
import io.klarsyn.api.server.Retention;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunState;
import io.klarsyn.api.server.RunStore;
import io.klarsyn.api.server.TrendPoint;
import io.klarsyn.api.server.Trigger;
import io.klarsyn.database.internal.JdbcServerSchema;

/** The delivery state machine on a real H2 file database, with a clock the test sets. */
class DelivererTest {

    private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    private static final String LEDER = "leder@nordlys.example";
    private static final String CHEF = "chef@nordlys.example";
    private static final String OWNER = "konsulent@klarsyn.example";
    private static final Deliverer.Settings SETTINGS = new Deliverer.Settings(Duration.ofSeconds(60),
            Duration.ofSeconds(600), 4, Duration.ofMinutes(10), Duration.ofDays(2));

    @TempDir
    Path tmp;

    private JdbcDataSource db;
    private java.sql.Connection keepOpen;
    private SetClock clock;
    private Runs runs;
    private Recorder mail;
    private Recorder folder;
    private Map<String, Delivery> channels;
    private Path share;

    @BeforeEach
    void setUp() throws Exception {
        db = new JdbcDataSource();
        db.setURL("jdbc:h2:file:" + tmp.resolve("db/klarsyn") + ";WRITE_DELAY=0");
        // without a pool each statement would open and close the file database: hold it open
        keepOpen = db.getConnection();
        clock = new SetClock(Instant.parse("2026-12-03T06:00:00Z"));
        runs = new Runs(tmp.resolve("runs"));
        mail = new Recorder();
        folder = new Recorder();
        channels = new HashMap<>(Map.of("mail", mail, "folder", folder));
        share = tmp.resolve("share");
    }

    @AfterEach
    void close() throws Exception {
        keepOpen.close();
    }

    private Deliverer deliverer(Deliverer.Settings settings) {
        return deliverer(settings, Deliverer.Caller.DIRECT);
    }

    private Deliverer deliverer(Deliverer.Settings settings, Deliverer.Caller caller) {
        JobDefinition job = new JobDefinition(new JobSpec("nordlys", "csv", Locale.forLanguageTag("nb-NO"), "NOK",
                ZoneId.of("Europe/Oslo"), new Branding("Nordlys Energi AS", null, null), Map.of()), "@monthly",
                "0 0 1 * ?", List.of(LEDER, CHEF), Retention.DEFAULT,
                new DeliveryPlan(List.of(new Recipient(LEDER, null), new Recipient(CHEF, Locale.forLanguageTag("sv-SE"))),
                        OWNER, Map.of("folder", share.toString())));
        Deliverer.Jobs jobs = new Deliverer.Jobs() {
            @Override
            public Optional<JobDefinition> job(String name) {
                return name.equals("nordlys") ? Optional.of(job) : Optional.empty();
            }

            @Override
            public List<String> names() {
                return List.of("nordlys");
            }
        };
        return new Deliverer(new DeliveryTable(db, new JdbcServerSchema(db)), runs, jobs, channels::get, clock, settings,
                () -> "https://klarsyn.example.no/", caller);
    }

    private Deliverer deliverer() {
        return deliverer(SETTINGS);
    }

    @Test
    void aFinishedRunGoesOnceToEachRecipientAndChannelWhateverRerunsAndRestartsCome() throws Exception {
        // October's headline numbers, then November's: the changes below are November minus October.
        runs.trend.add(new TrendPoint(YearMonth.of(2026, 10), 1, RunState.SUCCESS,
                Map.of("customers.active", 1000.0, "churn.monthly.rate", 0.030, "cx.nps", 27.5, "clv.predicted", 8850.0)));
        RunRecord run = runs.finished(2, NOVEMBER, RunState.SUCCESS,
                Map.of("customers.active", 1020.0, "churn.monthly.rate", 0.025, "cx.nps", 31.0, "clv.predicted", 9000.0), List.of());
        // what the run's metrics.json said of its headlines (nb, the report's language), and the metrics'
        // Swedish texts for the Swedish reader; the shipped metrics' titles, shortened for the test
        runs.headlines.put("nordlys", List.of(
                new Headline("customers.active", 10, "churn", "customers.active", "Aktive kunder", Unit.COUNT,
                        Direction.HIGHER_IS_BETTER),
                new Headline("churn.monthly.rate", 20, "churn", "churn.monthly.rate", "Kundefrafall siste måned",
                        Unit.FRACTION, Direction.LOWER_IS_BETTER),
                new Headline("clv.predicted", 40, "clv", "clv.predicted", "Forventet kundeverdi", Unit.CURRENCY,
                        Direction.HIGHER_IS_BETTER),
                new Headline("cx.nps", 50, "cx", "cx.nps", "Netto promotørscore", Unit.POINTS,
                        Direction.HIGHER_IS_BETTER)));
        Deliverer d = deliverer();
        d.translations(locale -> locale.getLanguage().equals("sv")
                ? (scope, key) -> scope.equals("churn") && key.equals("customers.active") ? "Aktiva kunder" : null
                : null);
        assertThat(d.plan(run)).hasSize(3);
        assertThat(d.runDue()).isEqualTo(3);

        assertThat(mail.parcels).extracting(Parcel::target).containsExactly(LEDER, CHEF);
        Parcel toLeder = mail.parcels.get(0);
        assertThat(toLeder.subject()).isEqualTo("Kunderapport november 2026 – Nordlys Energi AS");
        assertThat(toLeder.reportName()).isEqualTo("Nordlys Energi AS-2026-11.pdf");
        assertThat(toLeder.report()).isEqualTo(runs.artifact(2, "report.pdf").orElseThrow());
        assertThat(toLeder.link()).isEqualTo("https://klarsyn.example.no/runs/2");
        // 1 020 − 1 000 = +20; 2,5 % − 3,0 % = −0,5 points; 31,0 − 27,5 = +3,5, written in whole points as the
        // NPS of 31 beside it is, so +4 (half-even rounds the tie 3,5 up to the even 4); 9 000 − 8 850 = +150 NOK
        // (Norwegian groups thousands with a no-break space, U+00A0)
        assertThat(toLeder.body())
                .contains("Nøkkeltall for november 2026 (endring fra oktober 2026):\n")
                .contains("  – Aktive kunder: 1\u00a0020 (+20)\n")
                .contains("  – Kundefrafall siste måned: 2,5\u00a0% (−0,5\u00a0p.p.)\n")
                .contains("  – Netto promotørscore: 31 (+4)\n")
                .contains("  – Forventet kundeverdi: kr\u00a09\u00a0000 (+kr\u00a0150)\n")
                .contains("Status: vellykket.")
                .contains("Se kjøringen: https://klarsyn.example.no/runs/2");
        assertThat(toLeder.bodyWithLink()).contains("Se kjøringen: https://klarsyn.example.no/runs/2\n\n"
                + "Rapporten er for stor til å sendes som vedlegg. Last den ned her: "
                + "https://klarsyn.example.no/runs/2/artifacts/report.pdf\n\nVennlig hilsen\nKlarsyn\n");
        assertThat(toLeder.body()).doesNotContain("for stor").endsWith("Vennlig hilsen\nKlarsyn\n")
                .startsWith("Hei,\n\nKunderapporten for november 2026 for Nordlys Energi AS er klar. Den ligger vedlagt som PDF.\n\n");
        assertThat(toLeder.bodyWithLink()).doesNotContain("vedlagt som PDF");
        Parcel toChef = mail.parcels.get(1);
        assertThat(toChef.subject()).isEqualTo("Kundrapport november 2026 – Nordlys Energi AS");
        assertThat(toChef.body()).contains("  – Aktiva kunder: 1\u00a0020 (+20)\n").contains("Status: lyckad.");
        assertThat(folder.parcels).extracting(Parcel::target).containsExactly(share.toString());
        assertThat(d.ofRun(2)).extracting(DeliveryRecord::state).containsOnly(DeliveryState.SENT);

        // a rerun of November plans nothing new
        RunRecord rerun = runs.finished(3, NOVEMBER, RunState.SUCCESS, Map.of("cx.nps", 31.0), List.of());
        assertThat(d.plan(rerun)).isEmpty();
        assertThat(d.plan(run)).as("a run told twice").isEmpty();
        // a restart: a new deliverer on the same database finds nothing to do
        Deliverer again = deliverer();
        assertThat(again.recover()).isZero();
        assertThat(again.runDue()).isZero();
        assertThat(mail.parcels).hasSize(2);
        assertThat(folder.parcels).hasSize(1);
    }

    @Test
    void anUnstableRunSaysWhy() throws Exception {
        RunRecord run = runs.finished(2, NOVEMBER, RunState.UNSTABLE, Map.of("cx.nps", 31.0),
                List.of("section churn failed: no customers file"));
        Deliverer d = deliverer();
        d.plan(run);
        d.runDue();
        assertThat(mail.parcels.get(0).body())
                .contains("Status: ustabil – rapporten er laget, men noe bør sjekkes:\n  – section churn failed: no customers file\n")
                .contains("Nøkkeltall for november 2026 (ingen tall for oktober 2026 å sammenligne med):");
    }

    @Test
    void transientFailuresAreRetriedWithDoublingWaits() throws Exception {
        mail.outcomes.add(DeliveryException.transientFailure("cannot reach the mail server", null));
        mail.outcomes.add(DeliveryException.transientFailure("cannot reach the mail server", null));
        channels.remove("folder");
        Deliverer d = deliverer();
        d.plan(runs.finished(2, NOVEMBER, RunState.SUCCESS, Map.of(), List.of()));
        d.runDue(); // LEDER fails (1st attempt), CHEF fails (1st attempt)
        DeliveryRecord leder = row(d, LEDER);
        assertThat(leder.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(leder.attempts()).isEqualTo(1);
        assertThat(leder.error()).isEqualTo("cannot reach the mail server");
        // first wait: 60 s
        assertThat(leder.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(60));
        clock.advance(Duration.ofSeconds(59));
        assertThat(d.runDue()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(d.runDue()).isEqualTo(2);
        assertThat(row(d, LEDER).state()).isEqualTo(DeliveryState.SENT);
        assertThat(row(d, LEDER).attempts()).isEqualTo(2);
        assertThat(row(d, CHEF).state()).isEqualTo(DeliveryState.SENT);
        assertThat(mail.parcels).hasSize(2);
    }

    @Test
    void theWaitDoublesUpToItsLimitAndRetriesEndInFailed() throws Exception {
        for (int i = 0; i < 10; i++) {
            mail.outcomes.add(DeliveryException.transientFailure("421 try later", null));
        }
        channels.remove("folder");
        Deliverer d = deliverer(new Deliverer.Settings(Duration.ofSeconds(60), Duration.ofSeconds(100), 3,
                Duration.ofMinutes(10), Duration.ofDays(2)));
        d.plan(runs.finished(2, NOVEMBER, RunState.SUCCESS, Map.of(), List.of()));
        Instant start = clock.instant();
        d.runDue();
        assertThat(row(d, LEDER).nextAttemptAt()).isEqualTo(start.plusSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        d.runDue();
        // 60 × 2 = 120 s, over the 100 s limit
        assertThat(row(d, LEDER).nextAttemptAt()).isEqualTo(start.plusSeconds(60 + 100));
        clock.advance(Duration.ofSeconds(100));
        d.runDue();
        DeliveryRecord leder = row(d, LEDER);
        assertThat(leder.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(leder.attempts()).isEqualTo(3);
        assertThat(leder.error()).isEqualTo("gave up after 3 attempts: 421 try later");
    }

    @Test
    void aPermanentFailureFailsAtOnceAndTheOwnerIsTold() throws Exception {
        mail.outcomes.add(DeliveryException.permanent("the mail server refused leder@nordlys.example: 550 5.1.1 User unknown", null));
        channels.remove("folder");
        Deliverer d = deliverer();
        d.plan(runs.finished(2, NOVEMBER, RunState.SUCCESS, Map.of(), List.of()));
        d.runDue();
        DeliveryRecord leder = row(d, LEDER);
        assertThat(leder.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(leder.attempts()).isEqualTo(1);
        assertThat(leder.error()).contains("550 5.1.1");
        d.runDue();
        Parcel notice = mail.parcels.stream().filter(p -> p.target().equals(OWNER)).findFirst().orElseThrow();
        assertThat(notice.kind()).isEqualTo(ParcelKind.DELIVERY_FAILED);
        assertThat(notice.subject()).isEqualTo("Leveringen feilet: kunderapport november 2026 – Nordlys Energi AS");
        assertThat(notice.body()).contains("kunne ikke leveres til leder@nordlys.example (mail) etter 1 forsøk")
                .contains("550 5.1.1");
        assertThat(notice.report()).isNull();
    }

    @Test
    void aFailureRunGoesToTheOwnerOnlyAndAnAbortedOneNowhere() throws Exception {
        Deliverer d = deliverer();
        d.plan(runs.finished(2, NOVEMBER, RunState.FAILURE, Map.of(), List.of("data folder /x/export does not exist")));
        d.plan(runs.finished(3, NOVEMBER, RunState.ABORTED, Map.of(), List.of("aborted by request")));
        d.runDue();
        assertThat(mail.parcels).extracting(Parcel::target).containsExactly(OWNER);
        Parcel notice = mail.parcels.get(0);
        assertThat(notice.kind()).isEqualTo(ParcelKind.RUN_FAILED);
        assertThat(notice.subject()).isEqualTo("Kjøringen feilet: kunderapport november 2026 – Nordlys Energi AS");
        assertThat(notice.body()).contains("data folder /x/export does not exist")
                .contains("https://klarsyn.example.no/runs/2/artifacts/run.log");
        assertThat(folder.parcels).isEmpty();
        // the FAILURE left November undelivered: a good rerun delivers it
        assertThat(d.plan(runs.finished(4, NOVEMBER, RunState.SUCCESS, Map.of(), List.of()))).hasSize(3);
    }

    @Test
    void aCrashBetweenAcceptanceAndCommitSendsOnceMoreWithTheSameMessageId() throws Exception {
        channels.remove("folder");
        mail.crashAfterAccepting = true;
        Deliverer d = deliverer();
        d.plan(runs.finished(2, NOVEMBER, RunState.SUCCESS, Map.of(), List.of()));
        assertThatThrownBy(d::runDue).isInstanceOf(Crash.class);
        assertThat(mail.parcels).hasSize(1);
        assertThat(row(d, LEDER).state()).as("accepted by the mail server, not recorded").isEqualTo(DeliveryState.SENDING);
        mail.crashAfterAccepting = false;

        // the server starts again: within the lease the claim holds (another node may be sending it)
        Deliverer again = deliverer();
        clock.advance(Duration.ofMinutes(9));
        again.runDue();
        assertThat(mail.parcels).extracting(Parcel::target).containsExactly(LEDER, CHEF);
        assertThat(row(again, LEDER).state()).isEqualTo(DeliveryState.SENDING);
        // past the lease (10 min): sent once more, with the same Message-ID, then SENT
        clock.advance(Duration.ofMinutes(2));
        again.runDue();
        assertThat(mail.parcels).extracting(Parcel::target).containsExactly(LEDER, CHEF, LEDER);
        assertThat(mail.parcels.get(2).messageId()).isEqualTo(mail.parcels.get(0).messageId());
        DeliveryRecord leder = row(again, LEDER);
        assertThat(leder.state()).isEqualTo(DeliveryState.SENT);
        assertThat(leder.attempts()).isEqualTo(2);
        assertThat(again.runDue()).isZero();
    }

    @Test
    void aResendIsOneMoreRoundWithNewMessageIds() throws Exception {
        Deliverer d = deliverer();
        d.plan(runs.finished(2, NOVEMBER, RunState.SUCCESS, Map.of(), List.of()));
        d.runDue();
        List<DeliveryRecord> resent = d.resend(2);
        assertThat(resent).hasSize(3).extracting(DeliveryRecord::round).containsOnly(1);
        d.runDue();
        assertThat(mail.parcels).extracting(Parcel::target).containsExactly(LEDER, CHEF, LEDER, CHEF);
        assertThat(mail.parcels.get(2).messageId()).isNotEqualTo(mail.parcels.get(0).messageId());
        assertThat(d.resend(2)).extracting(DeliveryRecord::round).containsOnly(2);
        RunRecord failed = runs.finished(5, NOVEMBER, RunState.FAILURE, Map.of(), List.of("no data"));
        assertThatThrownBy(() -> d.resend(failed.id())).isInstanceOf(IllegalStateException.class)
                .hasMessage("run 5 is FAILURE: it has no report to send");
    }

    /** A channel installed after a delivery found it missing (a server's start): it goes at once, not a minute later. */
    @Test
    void aChannelThatArrivesTakesTheDeliveriesThatWaitedForItAtOnce() throws Exception {
        channels.remove("folder");
        Deliverer d = deliverer();
        d.plan(runs.finished(2, NOVEMBER, RunState.SUCCESS, Map.of(), List.of()));
        d.runDue();
        assertThat(folder.parcels).isEmpty();
        channels.put("folder", folder);
        assertThat(d.channelArrived("mail")).as("no mail delivery waited for its channel").isZero();
        assertThat(d.channelArrived("folder")).isEqualTo(1);
        d.runDue();
        assertThat(folder.parcels).hasSize(1);
        assertThat(d.ofRun(2).stream().filter(r -> r.channel().equals("folder")).findFirst().orElseThrow().state())
                .isEqualTo(DeliveryState.SENT);
    }

    @Test
    void withoutItsChannelADeliveryWaitsAndSaysWhy() throws Exception {
        channels.remove("folder");
        Deliverer d = deliverer();
        d.plan(runs.finished(2, NOVEMBER, RunState.SUCCESS, Map.of(), List.of()));
        d.runDue();
        DeliveryRecord waiting = d.ofRun(2).stream().filter(r -> r.channel().equals("folder")).findFirst().orElseThrow();
        assertThat(waiting.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(waiting.attempts()).isZero();
        assertThat(waiting.error()).isEqualTo("no delivery channel 'folder' is installed; waiting for it");
        channels.put("folder", folder);
        clock.advance(Duration.ofMinutes(1));
        d.runDue();
        assertThat(folder.parcels).hasSize(1);
    }

    @Test
    void aHangingChannelHoldsOnlyItsOwnDelivery() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<Parcel> toLeder = new java.util.concurrent.CopyOnWriteArrayList<>();
        // the first delivery (LEDER's) hangs in the channel; CHEF's and the folder's come after it
        channels.put("mail", parcel -> {
            if (!parcel.target().equals(LEDER)) {
                mail.deliver(parcel);
                return;
            }
            toLeder.add(parcel);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
        try {
            // as the service calls channels: on a thread of their own, waited for a while (here 200 ms)
            Deliverer d = deliverer(SETTINGS, (channel, parcel) -> {
                java.util.concurrent.Future<?> f = pool.submit(() -> {
                    channel.deliver(parcel);
                    return null;
                });
                try {
                    f.get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw (DeliveryException) e.getCause();
                } catch (InterruptedException e) {
                    throw new java.util.concurrent.TimeoutException();
                }
            });
            d.plan(runs.finished(2, NOVEMBER, RunState.SUCCESS, Map.of(), List.of()));
            d.runDue();
            assertThat(mail.parcels).extracting(Parcel::target).as("past the hanging one").containsExactly(CHEF);
            assertThat(folder.parcels).hasSize(1);
            assertThat(row(d, LEDER).state()).isEqualTo(DeliveryState.SENDING);
            release.countDown();
            clock.advance(Duration.ofMinutes(11));
            d.runDue();
            assertThat(toLeder).hasSize(2);
            assertThat(toLeder.get(1).messageId()).isEqualTo(toLeder.get(0).messageId());
            assertThat(d.ofRun(2)).extracting(DeliveryRecord::state).containsOnly(DeliveryState.SENT);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aChannelThatThrowsSomethingElseIsRetried() throws Exception {
        channels.put("folder", parcel -> {
            throw new NoClassDefFoundError("com/example/sftp/Client");
        });
        Deliverer d = deliverer();
        d.plan(runs.finished(2, NOVEMBER, RunState.SUCCESS, Map.of(), List.of()));
        d.runDue();
        DeliveryRecord f = d.ofRun(2).stream().filter(r -> r.channel().equals("folder")).findFirst().orElseThrow();
        assertThat(f.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(f.attempts()).isEqualTo(1);
        assertThat(f.error()).isEqualTo("java.lang.NoClassDefFoundError: com/example/sftp/Client");
        assertThat(mail.parcels).hasSize(2);
    }

    @Test
    void aRunFinishedWhileTheServerDiedIsPlannedAtStart() throws Exception {
        runs.finished(2, NOVEMBER, RunState.SUCCESS, Map.of(), List.of());
        Deliverer d = deliverer();
        assertThat(d.recover()).isEqualTo(1);
        assertThat(d.recover()).isZero();
        d.runDue();
        assertThat(mail.parcels).hasSize(2);
    }

    @Test
    void aTestMailGoesToTheGivenAddressOnlyAndIsNotRecorded() throws Exception {
        Deliverer d = deliverer();
        assertThatThrownBy(() -> d.sendTest("nordlys", "test@konsulent.example")).isInstanceOf(IllegalStateException.class)
                .hasMessage("job 'nordlys' has no run with a report yet: run it first");
        runs.finished(2, NOVEMBER, RunState.SUCCESS, Map.of(), List.of());
        String id = d.sendTest("nordlys", "test@konsulent.example");
        assertThat(mail.parcels).hasSize(1);
        assertThat(mail.parcels.get(0).subject()).isEqualTo("[Test] Kunderapport november 2026 – Nordlys Energi AS");
        assertThat(mail.parcels.get(0).messageId()).isEqualTo(id);
        assertThat(d.ofRun(2)).isEmpty();
        assertThatThrownBy(() -> d.sendTest("nordlys", "not an address")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fileNamesKeepTheClientsNameButNoPathOrReservedCharacters() {
        assertThat(Deliverer.fileName("Nordlys Energi AS")).isEqualTo("Nordlys Energi AS");
        assertThat(Deliverer.fileName("Ærlig Øl & Å/S: \"best\"")).isEqualTo("Ærlig Øl & ÅS best");
        assertThat(Deliverer.fileName("..")).isEqualTo("report..");
    }

    private static DeliveryRecord row(Deliverer d, String target) {
        return d.ofRun(2).stream().filter(r -> r.target().equals(target) && r.kind() == ParcelKind.REPORT)
                .reduce((a, b) -> b).orElseThrow();
    }

    /** Thrown by the recorder as a crashed server would stop: after the other side took the parcel. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    /** A channel that records what it is given and fails as scripted. */
    static final class Recorder implements Delivery {
        final List<Parcel> parcels = new ArrayList<>();
        final Deque<DeliveryException> outcomes = new ArrayDeque<>();
        boolean crashAfterAccepting;

        @Override
        public void deliver(Parcel parcel) throws DeliveryException {
            DeliveryException failure = outcomes.poll();
            if (failure != null) {
                throw failure;
            }
            parcels.add(parcel);
            if (crashAfterAccepting) {
                throw new Crash();
            }
        }
    }

    /** The run history the deliverer reads: records, report.pdf files, the trend. */
    static final class Runs implements RunStore {

        final Map<String, List<Headline>> headlines = new java.util.HashMap<>();

        @Override
        public Map<String, List<Headline>> headlines(java.util.Collection<String> jobs) {
            Map<String, List<Headline>> out = new java.util.LinkedHashMap<>();
            jobs.stream().filter(headlines::containsKey).forEach(j -> out.put(j, headlines.get(j)));
            return out;
        }
        final Map<Long, RunRecord> records = new LinkedHashMap<>();
        final List<TrendPoint> trend = new ArrayList<>();
        private final Path folder;

        Runs(Path folder) {
            this.folder = folder;
        }

        RunRecord finished(long id, YearMonth period, RunState status, Map<String, Double> kpis, List<String> messages)
                throws Exception {
            boolean report = status == RunState.SUCCESS || status == RunState.UNSTABLE;
            if (report) {
                Files.createDirectories(folder.resolve(Long.toString(id)));
                Files.writeString(folder.resolve(id + "/report.pdf"), "%PDF-1.4 run " + id);
            }
            RunRecord r = new RunRecord(id, "nordlys", (int) id, period, Trigger.API, id > 2, status,
                    Instant.parse("2026-12-03T05:00:00Z"), Instant.parse("2026-12-03T05:00:01Z"), 1000L, kpis, null,
                    messages, report ? List.of("report.pdf") : List.of());
            records.put(id, r);
            return r;
        }

        @Override
        public Optional<RunRecord> run(long id) {
            return Optional.ofNullable(records.get(id));
        }

        @Override
        public List<RunRecord> runs(String job, int offset, int limit) {
            List<RunRecord> newestFirst = new ArrayList<>(records.values());
            java.util.Collections.reverse(newestFirst);
            return newestFirst.stream().skip(offset).limit(limit).toList();
        }

        @Override
        public Optional<Path> artifact(long id, String name) {
            Path p = folder.resolve(id + "/" + name);
            return Files.exists(p) ? Optional.of(p) : Optional.empty();
        }

        @Override
        public List<TrendPoint> trend(String job) {
            return trend;
        }

        @Override
        public RunRecord create(String job, YearMonth period, Trigger trigger) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<RunRecord> createScheduled(String job, YearMonth period, Trigger trigger) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RunRecord started(long id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RunRecord finished(long id, RunState status, Map<String, Double> kpis, List<String> messages) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<RunRecord> unfinished() {
            return List.of();
        }

        @Override
        public Optional<RunRecord> lastRun(String job) {
            return runs(job, 0, 1).stream().findFirst();
        }

        @Override
        public Path artifactFolder(long id) {
            throw new UnsupportedOperationException();
        }
    }

    static final class SetClock extends Clock {
        private volatile Instant now;

        SetClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
