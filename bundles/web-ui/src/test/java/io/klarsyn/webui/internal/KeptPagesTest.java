package io.klarsyn.webui.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.klarsyn.api.security.Authorization;
import io.klarsyn.api.security.Decision;
import io.klarsyn.api.security.Role;
import io.klarsyn.api.security.Route;
import io.klarsyn.api.security.Subject;
import io.klarsyn.api.server.RunState;
import io.klarsyn.api.server.Trigger;

/**
 * Whole pages kept between requests ({@link Kept#pages}, {@link PageBytes}): served again while nothing they
 * show changed, made again at once when the run store changes, never served to a user who sees other clients
 * or has other controls, with each session's own CSRF token, and gzip-compressed for browsers that accept it.
 */
class KeptPagesTest {

    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    private static final String NORDLYS = "Nordlys Energi AS";
    private static final String FJORD = "Fjordkraft Demo";

    private FakeServer server;
    private Ui ui;

    /** Whether "ola" may run jobs (the tests change it: a role changed, say). */
    private volatile boolean olaRuns = true;

    /**
     * Allows everything but running the jobs of clients other than Nordlys' for the viewer "vera", and running any
     * job for "ola" while {@link #olaRuns} is false.
     */
    private final Authorization rules = new Authorization() {
        @Override
        public Decision decide(Subject subject, String method, String path, Map<String, String> fields) {
            boolean allow = !(subject.username().equals("vera") && path.startsWith("/jobs/fjord"))
                    && !(subject.username().equals("ola") && !olaRuns && path.endsWith("/run"));
            return new Decision(allow ? Decision.Outcome.ALLOW : Decision.Outcome.FORBIDDEN, null, null);
        }

        @Override
        public List<Route> routes() {
            return List.of();
        }

        @Override
        public String clientOfJob(String job) {
            return job;
        }
    };

    @BeforeEach
    void setUp() {
        server = new FakeServer();
        server.add(FakeServer.validJob("nordlys", NORDLYS, "H 6 3 * *", OSLO));
        server.add(FakeServer.validJob("fjord", FJORD, "@monthly", OSLO));
        server.fireTimes.put("nordlys", List.of(ZonedDateTime.of(2026, 12, 3, 6, 0, 0, 0, OSLO)));
        server.put("nordlys", YearMonth.of(2026, 9), RunState.SUCCESS, Trigger.SCHEDULE);
        server.put("fjord", YearMonth.of(2026, 9), RunState.FAILURE, Trigger.SCHEDULE);
        ui = new Ui(server.services(List.of()).withAuthorization(() -> Optional.of(rules)), () -> { });
    }

    private Response get(String path, Subject subject, String csrf, String... headers) {
        Map<String, String> h = new java.util.HashMap<>(Map.of("accept-language", "en"));
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return ui.handle(new Request("GET", path, Map.of(), h, Map.of(), subject, csrf));
    }

    private static Subject viewer(String name, String... clients) {
        return new Subject(name, Role.VIEWER, Set.of(clients), false);
    }

    /**
     * The second request is served from the kept page: a headline description the test changes behind the
     * store's back (no run changed, so its count of changes and summaries stay) does not show. A run queued
     * then shows at once on the dashboard and the job page, with the new headline read again.
     */
    @Test
    void aKeptPageIsServedUntilTheRunStoreChangesThenMadeAgain() {
        Subject ola = viewer("ola", NORDLYS, FJORD);
        String first = get("/", ola, "t1").text();
        String job = get("/jobs/nordlys", ola, "t1").text();
        assertThat(first).contains("data-job=\"nordlys\"", "data-status=\"SUCCESS\"");
        server.headlines.put("nordlys", UiTest.HEADLINES);
        assertThat(get("/", ola, "t1").text()).isEqualTo(first).doesNotContain("Active customers");
        assertThat(get("/jobs/nordlys", ola, "t1").text()).isEqualTo(job);

        long id = server.put("nordlys", YearMonth.of(2026, 10), RunState.RUNNING, Trigger.MANUAL).id();
        String after = get("/", ola, "t1").text();
        assertThat(after).isNotEqualTo(first).contains("data-status=\"RUNNING\"", "Active customers");
        assertThat(get("/jobs/nordlys", ola, "t1").text()).contains("data-run=\"" + id + "\"", "data-status=\"RUNNING\"");
    }

    /**
     * The dashboard is kept by the counts of changes of the job registry, the run store and the engine's plugins:
     * a job whose entry changed shows at once, and so does a run that finishes; a change behind their backs (a
     * headline description here) shows once the plugins change (their texts name the headline figures). The
     * user's controls are asked of the Authorization at each request, so a right taken away shows at once too.
     */
    @Test
    void aKeptDashboardShowsAChangedJobAFinishedRunAPluginChangeAndTheUsersControlsAtOnce() {
        Subject ola = viewer("ola", NORDLYS, FJORD);
        String first = get("/", ola, "t").text();
        assertThat(first).contains("action=\"/jobs/nordlys/run\"", "action=\"/jobs/fjord/run\"");
        assertThat(get("/", ola, "t").text()).isEqualTo(first);

        // the job file edited: its connector is not installed
        io.klarsyn.api.server.JobEntry fjord = server.job("fjord").orElseThrow();
        server.add(new io.klarsyn.api.server.JobEntry("fjord", fjord.file(), fjord.definition(),
                "fjord.json: unknown connector 'jdbc'"));
        String edited = get("/", ola, "t").text();
        assertThat(edited).contains("fjord.json: unknown connector &#39;jdbc&#39;")
                .doesNotContain("action=\"/jobs/fjord/run\"");

        // a run that finishes
        long id = server.put("nordlys", YearMonth.of(2026, 10), RunState.RUNNING, Trigger.MANUAL).id();
        assertThat(get("/", ola, "t").text()).contains("data-status=\"RUNNING\"");
        server.withStatus(id, RunState.FAILURE);
        String failed = get("/", ola, "t").text();
        assertThat(failed).contains("data-status=\"FAILURE\"").doesNotContain("data-status=\"RUNNING\"");

        // not counted by anyone: kept, until a plugin comes
        server.headlines.put("nordlys", UiTest.HEADLINES);
        assertThat(get("/", ola, "t").text()).isEqualTo(failed).doesNotContain("Active customers");
        server.pluginChanges++;
        String plugged = get("/", ola, "t").text();
        assertThat(plugged).contains("Active customers");

        // ola may no longer run jobs: the same kept page is not served
        olaRuns = false;
        assertThat(get("/", ola, "t").text()).doesNotContain("action=\"/jobs/nordlys/run\"");
        olaRuns = true;
        assertThat(get("/", ola, "t").text()).isEqualTo(plugged);
    }

    /**
     * Two users who see different clients never get each other's page, though they ask for the same path in
     * the same language one after the other; a user whose controls differ (vera may not run fjord's jobs)
     * gets a page of their own; each session's CSRF token is its own.
     */
    @Test
    void aKeptPageIsNeverSharedAcrossUsersWithOtherClientsOrControls() {
        String nordlysOnly = get("/", viewer("kari", NORDLYS), "token-kari").text();
        String fjordOnly = get("/", viewer("nils", FJORD), "token-nils").text();
        assertThat(nordlysOnly).contains("data-job=\"nordlys\"", "token-kari").doesNotContain("data-job=\"fjord\"",
                FJORD, "token-nils");
        assertThat(fjordOnly).contains("data-job=\"fjord\"", "token-nils").doesNotContain("data-job=\"nordlys\"",
                NORDLYS, "token-kari");
        // asked again, in the other order: still each their own
        assertThat(get("/", viewer("kari", NORDLYS), "token-kari").text()).isEqualTo(nordlysOnly);
        assertThat(get("/", viewer("nils", FJORD), "token-nils").text()).isEqualTo(fjordOnly);
        Subject bothOla = viewer("ola", NORDLYS, FJORD);
        Subject bothVera = viewer("vera", NORDLYS, FJORD);
        String ola = get("/", bothOla, "session-1").text();
        String vera = get("/", bothVera, "session-2").text();
        assertThat(ola).contains("action=\"/jobs/fjord/run\"");
        assertThat(vera).doesNotContain("action=\"/jobs/fjord/run\"").contains("action=\"/jobs/nordlys/run\"");
        // one user in two sessions: one kept page, each with its session's token, in every form and the htmx header
        String other = get("/", bothOla, "session-3").text();
        assertThat(other).isEqualTo(ola.replace("session-1", "session-3")).doesNotContain("session-1");
        assertThat(other.split("session-3", -1).length - 1).isEqualTo(ola.split("session-1", -1).length - 1)
                .isGreaterThanOrEqualTo(4);
    }

    /**
     * A finished run's page is kept: a log line the queue gives behind the run's back does not show while
     * the run's log file is the same (a finished run's log is its run.log, which the page's key covers by
     * size and time), and shows once the file changes. A delivery that changes state shows at once (the
     * deliveries are in the key), and another user gets a page of their own.
     */
    @Test
    void aFinishedRunsPageChangesWithItsDeliveriesAndArtifacts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws IOException {
        io.klarsyn.api.server.RunRecord run = server.put("nordlys", YearMonth.of(2026, 10), RunState.SUCCESS,
                Trigger.SCHEDULE);
        java.nio.file.Path log = tmp.resolve("run.log");
        java.nio.file.Files.writeString(log, "read 12 rows\n");
        server.logs.put(run.id(), new StringBuilder("read 12 rows\n"));
        server.artifacts.put(run.id(), Map.of("run.log", log));
        server.replace(new io.klarsyn.api.server.RunRecord(run.id(), run.job(), run.number(), run.period(), run.trigger(),
                false, RunState.SUCCESS, run.queuedAt(), run.queuedAt().plusSeconds(2), 1_000L, Map.of(), 0.0, List.of(),
                List.of("run.log")));
        Instant sent = Instant.parse("2026-11-03T05:00:07Z");
        List<io.klarsyn.api.delivery.DeliveryRecord> records = new java.util.ArrayList<>(List.of(
                new io.klarsyn.api.delivery.DeliveryRecord(1, "nordlys", run.period(), run.id(), "mail", "leder@nordlys.example",
                        io.klarsyn.api.delivery.ParcelKind.REPORT, 0, io.klarsyn.api.delivery.DeliveryState.PENDING, 0, null,
                        sent, sent, null, "<d1@klarsyn>")));
        io.klarsyn.api.delivery.Deliveries deliveries = new io.klarsyn.api.delivery.Deliveries() {
            public List<io.klarsyn.api.delivery.DeliveryRecord> ofRun(long runId) {
                return List.copyOf(records);
            }

            public List<io.klarsyn.api.delivery.DeliveryRecord> resend(long runId) {
                return List.of();
            }

            public String sendTest(String job, String address) {
                throw new UnsupportedOperationException();
            }
        };
        Services base = server.services(List.of()).withAuthorization(() -> Optional.of(rules));
        Ui withDelivery = new Ui(new Services(base.home(), base.jobs(), base.store(), base.queue(), base.scheduler(),
                base.files(), base.engine(), base.bundles(), base.problems(), base.version(),
                () -> Optional.of(deliveries)).withAuthorization(() -> Optional.of(rules)), () -> { });
        Subject ola = viewer("ola", NORDLYS, FJORD);
        java.util.function.Supplier<String> page = () -> withDelivery.handle(new Request("GET", "/runs/" + run.id(),
                Map.of(), Map.of("accept-language", "en"), Map.of(), ola, "t")).text();
        String first = page.get();
        assertThat(first).contains("leder@nordlys.example", "data-status=\"SUCCESS\"");
        assertThat(page.get()).isEqualTo(first);
        records.set(0, new io.klarsyn.api.delivery.DeliveryRecord(1, "nordlys", run.period(), run.id(), "mail",
                "leder@nordlys.example", io.klarsyn.api.delivery.ParcelKind.REPORT, 0,
                io.klarsyn.api.delivery.DeliveryState.FAILED, 3, "550 5.1.1 User unknown", sent, null, null, "<d1@klarsyn>"));
        String failed = page.get();
        assertThat(failed).isNotEqualTo(first).contains("550 5.1.1 User unknown");
        server.logs.get(run.id()).append("wrote the report\n");
        assertThat(page.get()).isEqualTo(failed);
        java.nio.file.Files.writeString(log, "read 12 rows\nwrote the report\n");
        assertThat(page.get()).contains("read 12 rows\nwrote the report");
        // another user who sees only Fjordkraft asks for the same run: not the kept page of ola
        String other = withDelivery.handle(new Request("GET", "/runs/" + run.id(), Map.of(), Map.of("accept-language", "en"),
                Map.of(), viewer("nils", FJORD), "n")).text();
        assertThat(other).contains("value=\"n\"").doesNotContain("value=\"t\"", ">ola<");
    }

    /** A browser that accepts gzip gets the same page compressed, with its own token in it. */
    @Test
    void gzipForBrowsersThatAcceptItIsThePageWithTheSessionsToken() throws IOException {
        Subject ola = viewer("ola", NORDLYS, FJORD);
        for (String path : List.of("/", "/jobs/nordlys")) {
            String plain = get(path, ola, "s-1").text();
            for (String token : List.of("s-1", "s-2<&>\"")) {
                Response zipped = get(path, ola, token, "accept-encoding", "gzip, deflate, br");
                assertThat(zipped.headers()).containsEntry("Content-Encoding", "gzip").containsEntry("Vary", "Accept-Encoding");
                assertThat(zipped.bytes().length).isLessThan(plain.length() / 2);
                assertThat(gunzip(zipped.bytes())).isEqualTo(plain.replace("s-1", Templates.escape(token)));
            }
            assertThat(get(path, ola, "s-1", "accept-encoding", "gzip;q=0, identity").headers())
                    .doesNotContainKey("Content-Encoding");
        }
        // without a security bundle there is no token: the fields stay empty, compressed or not
        String open = ui.handle(Request.get("/", Map.of())).text();
        Response zipped = ui.handle(Request.get("/", Map.of()).withHeader("Accept-Encoding", "gzip"));
        assertThat(gunzip(zipped.bytes())).isEqualTo(open);
    }

    @Test
    void pageBytesSplitAtEveryTokenAndCompressEachPiece() throws IOException {
        String m = Fragment.CSRF_MARKER;
        String html = "<p>æøå " + m + "</p>" + "x".repeat(70_000) + m + m + "<i>→</i>" + m;
        PageBytes kept = new PageBytes(Response.utf8(html), null);
        String expected = html.replace(m, "tok&amp;en");
        assertThat(new String(kept.html("tok&en"), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(gunzip(kept.gzip("tok&en"))).isEqualTo(expected);
        assertThat(gunzip(kept.gzip(null))).isEqualTo(html.replace(m, ""));
        PageBytes untilNoon = new PageBytes(Response.utf8("x"), Instant.parse("2026-12-03T12:00:00Z"));
        assertThat(untilNoon.current(Instant.parse("2026-12-03T11:59:59Z"))).isTrue();
        assertThat(untilNoon.current(Instant.parse("2026-12-03T12:00:00Z"))).isFalse();
        assertThat(PageBytes.acceptsGzip("gzip, deflate")).isTrue();
        assertThat(PageBytes.acceptsGzip("br;q=1.0, *;q=0.5")).isTrue();
        assertThat(PageBytes.acceptsGzip("*, gzip;q=0")).isFalse();
        assertThat(PageBytes.acceptsGzip("identity")).isFalse();
        assertThat(PageBytes.acceptsGzip(null)).isFalse();
    }

    private static String gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The dashboard's kept page is made again when the clock reaches the next fire time it shows (20 Nov,
     * 06:00 in Oslo = 05:00 UTC), and when the month turns (what "run now" reports: the month before now).
     */
    @Test
    void aKeptPageIsMadeAgainWhenTheFireTimeItShowsComesOrTheMonthTurns() {
        server.fireTimes.put("nordlys", List.of(ZonedDateTime.of(2026, 11, 20, 6, 0, 0, 0, OSLO)));
        Subject ola = viewer("ola", NORDLYS, FJORD);
        String first = get("/", ola, "t").text();
        assertThat(first).contains("20 Nov 2026, 06:00", "value=\"2026-10\"");
        server.fireTimes.put("nordlys", List.of(ZonedDateTime.of(2026, 12, 3, 6, 0, 0, 0, OSLO)));
        server.clock = java.time.Clock.fixed(Instant.parse("2026-11-20T04:59:59Z"), OSLO);
        assertThat(get("/", ola, "t").text()).isEqualTo(first);
        server.clock = java.time.Clock.fixed(Instant.parse("2026-11-20T05:00:00Z"), OSLO);
        String next = get("/", ola, "t").text();
        assertThat(next).contains("3 Dec 2026, 06:00", "value=\"2026-10\"").doesNotContain("20 Nov 2026, 06:00");
        // 1 Dec 00:00 in Oslo is 30 Nov 23:00 UTC: "run now" reports November from then on
        server.clock = java.time.Clock.fixed(Instant.parse("2026-11-30T22:59:59Z"), OSLO);
        assertThat(get("/", ola, "t").text()).isEqualTo(next);
        server.clock = java.time.Clock.fixed(Instant.parse("2026-11-30T23:00:00Z"), OSLO);
        assertThat(get("/", ola, "t").text()).contains("value=\"2026-11\"").doesNotContain("value=\"2026-10\"");
    }
}
