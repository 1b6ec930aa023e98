package io.klarsyn.webui.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunState;
import io.klarsyn.api.server.TrendPoint;
import io.klarsyn.api.server.Trigger;

/** The pages rendered directly from in-memory services: what a person sees, in three languages. */
class UiTest {

    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

    @TempDir
    Path tmp;

    private FakeServer server;
    private Ui ui;

    @BeforeEach
    void setUp() {
        server = new FakeServer();
        server.add(FakeServer.validJob("nordlys", "Nordlys Energi AS", "H 6 3 * *", OSLO));
        server.add(FakeServer.validJob("fjord", "Fjordkraft Demo", "@monthly", OSLO));
        server.add(FakeServer.invalidJob("broken", "broken.json, line 3, column 12: Unexpected character"));
        server.fireTimes.put("nordlys", List.of(ZonedDateTime.of(2026, 12, 3, 6, 0, 0, 0, OSLO),
                ZonedDateTime.of(2027, 1, 3, 6, 0, 0, 0, OSLO), ZonedDateTime.of(2027, 2, 3, 6, 0, 0, 0, OSLO)));
        ui = new Ui(server.services(List.of(
                new Services.BundleRow(0, "org.apache.felix.framework", "7.0.5", "ACTIVE", "System Bundle", null),
                new Services.BundleRow(7, "io.klarsyn.connector-csv", "0.1.0", "ACTIVE", "file:bundles/csv.jar", null),
                new Services.BundleRow(42, "com.example.broken", "1.0.0", "INSTALLED", "file:/home/deploy/broken.jar",
                        "needs package com.example.nowhere [1.0.0,2.0.0), which no installed bundle provides"))),
                () -> { });
    }

    private Response get(String path, String... params) {
        Map<String, String> q = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            q.put(params[i], params[i + 1]);
        }
        return ui.handle(Request.get(path, q).withHeader("Accept-Language", "en-GB,en;q=0.8"));
    }

    @Test
    void languageComesFromTheQueryTheCookieOrTheBrowser() {
        assertThat(io.klarsyn.api.server.UiLanguage.fromAcceptLanguage("nb-NO,nb;q=0.9,en;q=0.5")).isEqualTo("nb");
        assertThat(io.klarsyn.api.server.UiLanguage.fromAcceptLanguage("de-DE,sv;q=0.7,en;q=0.6")).isEqualTo("sv");
        assertThat(io.klarsyn.api.server.UiLanguage.fromAcceptLanguage("no")).isEqualTo("nb");
        assertThat(io.klarsyn.api.server.UiLanguage.fromAcceptLanguage("de-DE,fr;q=0.5")).isEqualTo("en");
        assertThat(Texts.choose(null, "sv", "nb-NO")).isEqualTo("sv");
        assertThat(Texts.choose("nb", "sv", "en")).isEqualTo("nb");

        Response nb = ui.handle(Request.get("/", Map.of()).withHeader("Accept-Language", "nb-NO,nb;q=0.9"));
        assertThat(nb.text()).contains("<html lang=\"nb\">", "Kunder og rapportene deres", "Kjør nå", "Ugyldig jobb");
        Response sv = ui.handle(Request.get("/", Map.of("lang", "sv")).withHeader("Accept-Language", "nb-NO"));
        assertThat(sv.text()).contains("<html lang=\"sv\">", "Kunder och deras rapporter", "Kör nu");
        assertThat(sv.headers().get("Set-Cookie")).startsWith("klarsyn-lang=sv; Path=/;");
        Response remembered = ui.handle(Request.get("/", Map.of()).withHeader("Accept-Language", "nb-NO").withCookie("klarsyn-lang", "sv"));
        assertThat(remembered.text()).contains("Kunder och deras rapporter");
    }

    @Test
    void scheduleInWordsOfEachLanguage() {
        assertThat(ScheduleWords.describe("0 41 6 3 * ?", OSLO, Texts.of("en"))).isEqualTo("the 3rd of every month at 06:41, Europe/Oslo");
        assertThat(ScheduleWords.describe("0 41 6 3 * ?", OSLO, Texts.of("nb"))).isEqualTo("den 3. hver måned kl. 06:41, Europe/Oslo");
        assertThat(ScheduleWords.describe("0 41 6 3 * ?", OSLO, Texts.of("sv"))).isEqualTo("den 3:e varje månad kl. 06:41, Europe/Oslo");
        assertThat(ScheduleWords.describe("0 0 7 1,15 * ?", OSLO, Texts.of("en"))).isEqualTo("the 1st and 15th of every month at 07:00, Europe/Oslo");
        // Quartz day of week: 2 = Monday, 6 = Friday
        assertThat(ScheduleWords.describe("0 30 5 ? * 2,6", OSLO, Texts.of("nb"))).isEqualTo("hver mandag og fredag kl. 05:30, Europe/Oslo");
        assertThat(ScheduleWords.describe("0 5 * * * ?", OSLO, Texts.of("sv"))).isEqualTo("varje timme, 5 minuter över, Europe/Oslo");
        assertThat(ScheduleWords.describe("0 0 6 1 1 ?", OSLO, Texts.of("en"))).isEqualTo("the 1st of January every year at 06:00, Europe/Oslo");
        assertThat(ScheduleWords.describe("0 0 6 * * ?", OSLO, Texts.of("sv"))).isEqualTo("varje dag kl. 06:00, Europe/Oslo");
        assertThat(ScheduleWords.describe("0 0/5 6 * * ?", OSLO, Texts.of("en"))).isEqualTo("at the times of the cron expression 0 0/5 6 * * ?, Europe/Oslo");
        assertThat(ScheduleWords.ordinal(21, "sv")).isEqualTo("21:a");
        assertThat(ScheduleWords.ordinal(12, "sv")).isEqualTo("12:e");
        assertThat(ScheduleWords.ordinal(22, "en")).isEqualTo("22nd");
        assertThat(ScheduleWords.ordinal(13, "en")).isEqualTo("13th");
    }

    /** The headlines as a run of nordlys described them: the shipped metrics' and a plugin's. */
    static final List<io.klarsyn.api.server.Headline> HEADLINES = List.of(
            new io.klarsyn.api.server.Headline("customers.active", 10, "churn", "customers.active", "Active customers",
                    io.klarsyn.api.result.Unit.COUNT, io.klarsyn.api.result.Direction.HIGHER_IS_BETTER),
            new io.klarsyn.api.server.Headline("churn.monthly.rate", 20, "churn", "churn.monthly.rate",
                    "Monthly churn rate", io.klarsyn.api.result.Unit.FRACTION,
                    io.klarsyn.api.result.Direction.LOWER_IS_BETTER),
            new io.klarsyn.api.server.Headline("example.aov", 45, "example", "aov", "Average order value",
                    io.klarsyn.api.result.Unit.CURRENCY, io.klarsyn.api.result.Direction.HIGHER_IS_BETTER),
            new io.klarsyn.api.server.Headline("cx.nps", 50, "cx", "cx.nps", "Net Promoter Score",
                    io.klarsyn.api.result.Unit.POINTS, io.klarsyn.api.result.Direction.HIGHER_IS_BETTER));

    @Test
    void dashboardGroupsJobsByClientWithStatusKpisAndStrip() {
        server.put("nordlys", YearMonth.of(2026, 9), RunState.SUCCESS, Trigger.SCHEDULE);
        server.put("nordlys", YearMonth.of(2026, 10), RunState.FAILURE, Trigger.SCHEDULE);
        // churn 2.0 % -> 2.5 %: up, which is bad; NPS 30 -> 28: down, bad; active 1000 -> 1100: up, good;
        // a plugin's average order value 400 -> 412.5 kr: up, good (it is a headline like the shipped ones)
        server.trends.put("nordlys", List.of(
                new TrendPoint(YearMonth.of(2026, 8), 1, RunState.SUCCESS, Map.of("customers.active", 1000.0, "churn.monthly.rate", 0.020, "cx.nps", 30.0, "example.aov", 400.0)),
                new TrendPoint(YearMonth.of(2026, 9), 2, RunState.SUCCESS, Map.of("customers.active", 1100.0, "churn.monthly.rate", 0.025, "cx.nps", 28.0, "example.aov", 412.5))));
        server.headlines.put("nordlys", HEADLINES);
        String html = get("/").text();
        // the columns: the headlines by rank, named as the runs wrote them (no engine's translations here)
        assertThat(html).containsSubsequence("Active customers</abbr>", "Monthly churn rate</abbr>",
                "Average order value</abbr>", "Net Promoter Score</abbr>");
        // an invalid job has no client name: it stands under its own name
        assertThat(html).containsSubsequence("id=\"c-1\">broken</th>", "id=\"c-2\">Fjordkraft Demo</th>",
                "id=\"c-3\">Nordlys Energi AS</th>");
        String nordlys = row(html, "nordlys");
        assertThat(nordlys).contains("data-status=\"FAILURE\">Failed</span>", "#2 October 2026", "3 Dec 2026, 06:00");
        assertThat(nordlys).contains("1,100</span> <span class=\"chg good\" title=\"up from 1,000\"");
        assertThat(nordlys).contains("2.5%</span> <span class=\"chg bad\" title=\"up from 2.0%\"");
        assertThat(nordlys).contains("28</span> <span class=\"chg bad\" title=\"down from 30\"");
        assertThat(nordlys).contains("NOK\u00a0412</span> <span class=\"chg good\" title=\"up from NOK\u00a0400\"");
        // the strip: oldest first
        assertThat(nordlys).containsSubsequence("st-SUCCESS\" href=\"/runs/1\"", "st-FAILURE\" href=\"/runs/2\"");
        // run now reports the month before now in the job's zone: 2026-11-15 -> October
        assertThat(nordlys).contains("action=\"/jobs/nordlys/run\"", "name=\"period\" value=\"2026-10\"");
        assertThat(row(html, "fjord")).contains("data-status=\"NONE\">Never run</span>");
        assertThat(row(html, "broken")).contains("Invalid job", "broken.json, line 3, column 12: Unexpected character")
                .doesNotContain("Run now");

        String failed = get("/", "status", "FAILURE").text();
        assertThat(failed).contains("data-job=\"nordlys\"").doesNotContain("data-job=\"fjord\"", "data-job=\"broken\"");
        String fjord = get("/", "client", "Fjordkraft Demo").text();
        assertThat(fjord).contains("data-job=\"fjord\"").doesNotContain("data-job=\"nordlys\"");
        assertThat(get("/", "status", "UNSTABLE").text()).contains("No job matches the filter.");
    }

    @Test
    void dashboardShowsFiftyJobsAPageSortedByClientAndFiltersBeforePaging() {
        for (int i = 0; i < 120; i++) {
            server.add(FakeServer.validJob(String.format("job%03d", i), "Zeta AS", "@monthly", OSLO));
        }
        server.put("job100", YearMonth.of(2026, 9), RunState.FAILURE, Trigger.SCHEDULE);
        // 123 jobs by client: broken, Fjordkraft Demo, Nordlys Energi AS, then Zeta AS's job000..job119
        String first = get("/").text();
        assertThat(jobs(first)).hasSize(50);
        assertThat(jobs(first).subList(0, 4)).containsExactly("broken", "fjord", "nordlys", "job000");
        assertThat(jobs(first).get(49)).isEqualTo("job046");
        assertThat(first).contains("Jobs 1–50 of 123", "href=\"/?page=1\" rel=\"next\"").doesNotContain("rel=\"prev\"");
        String last = get("/", "page", "2").text();
        assertThat(jobs(last)).hasSize(23).startsWith("job097").endsWith("job119");
        assertThat(last).contains("Jobs 101–123 of 123", "href=\"/?page=1\" rel=\"prev\"").doesNotContain("rel=\"next\"");
        // a page beyond the last shows the last
        assertThat(jobs(get("/", "page", "9").text())).startsWith("job097");
        // the status filter is applied to all jobs before paging: job100 would be on page 3
        String failed = get("/", "status", "FAILURE").text();
        assertThat(jobs(failed)).containsExactly("job100");
        assertThat(failed).doesNotContain("class=\"pager\"");
    }

    private static List<String> jobs(String html) {
        Matcher m = Pattern.compile("<tr class=\"job\" data-job=\"([^\"]+)\">").matcher(html);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String row(String html, String job) {
        Matcher m = Pattern.compile("<tr class=\"job\" data-job=\"" + job + "\">(.*?)</tr>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("row of " + job).isTrue();
        return m.group(1);
    }

    @Test
    void runNowQueuesAManualRunAndShowsItsPage() {
        Response r = ui.handle(new Request("POST", "/jobs/nordlys/run", Map.of("period", "2026-09"),
                Map.of("origin", "http://127.0.0.1:8080", "host", "127.0.0.1:8080"), Map.of()));
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.headers().get("Location")).isEqualTo("/runs/1");
        RunRecord run = server.runs.get(1L);
        assertThat(run.trigger()).isEqualTo(Trigger.MANUAL);
        assertThat(run.period()).isEqualTo(YearMonth.of(2026, 9));

        Response noPeriod = ui.handle(new Request("POST", "/jobs/nordlys/run", Map.of(), Map.of(), Map.of()));
        assertThat(noPeriod.status()).isEqualTo(303);
        assertThat(server.runs.get(2L).period()).isEqualTo(YearMonth.of(2026, 10));

        Response crossSite = ui.handle(new Request("POST", "/jobs/nordlys/run", Map.of(),
                Map.of("origin", "http://evil.example", "host", "127.0.0.1:8080"), Map.of()));
        assertThat(crossSite.status()).isEqualTo(403);
        Response bad = ui.handle(new Request("POST", "/jobs/nordlys/run", Map.of("period", "2026-13"), Map.of(), Map.of()));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("The period must be a month like 2026-10, not 2026-13.");
        Response invalid = ui.handle(new Request("POST", "/jobs/broken/run", Map.of(), Map.of(), Map.of()));
        assertThat(invalid.status()).isEqualTo(409);
        assertThat(server.runs).hasSize(2);
        assertThat(get("/jobs/nordlys/run").status()).isEqualTo(405);
    }

    @Test
    void jobPageShowsWhatItReadsTheScheduleTrendChartsAndPagedHistory() {
        for (int i = 0; i < 45; i++) {
            server.put("nordlys", YearMonth.of(2023, 1).plusMonths(i), RunState.SUCCESS, Trigger.SCHEDULE);
        }
        List<TrendPoint> trend = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            trend.add(new TrendPoint(YearMonth.of(2025, 11).plusMonths(i), 30 + i, RunState.SUCCESS,
                    Map.of("cx.nps", 10.0 + i, "churn.monthly.rate", 0.02, "rejectedShare", 0.0)));
        }
        server.trends.put("nordlys", trend);
        server.headlines.put("nordlys", HEADLINES);
        String html = get("/jobs/nordlys").text();
        assertThat(html).contains("Nordlys Energi AS", "csv", "NOK", "Europe/Oslo", "cfo@example.com");
        // FakeServer's cron is 0 0 6 3 * ?
        assertThat(html).contains("the 3rd of every month at 06:00, Europe/Oslo", "<code>H 6 3 * *</code>");
        assertThat(html).containsSubsequence("3 Dec 2026, 06:00", "3 Jan 2027, 06:00", "3 Feb 2027, 06:00");
        assertThat(html).contains("type=\"month\" value=\"2026-10\"");
        // one chart per KPI that has values; 12 points each
        assertThat(html).contains("data-kpi=\"cx.nps\" data-points=\"12\"", "data-kpi=\"churn.monthly.rate\" data-points=\"12\"",
                "data-kpi=\"rejectedShare\" data-points=\"12\"").doesNotContain("data-kpi=\"clv\"");
        String nps = html.substring(html.indexOf("data-kpi=\"cx.nps\""), html.indexOf("</figure>", html.indexOf("data-kpi=\"cx.nps\"")));
        assertThat(count(nps, "<circle class=\"point\"")).isEqualTo(12);
        assertThat(nps).contains("<title>October 2026: 21</title>", "href=\"/runs/41\"");
        // newest first, 20 a page: page 1 has runs 45..26, page 3 has 5..1
        assertThat(count(html, "<tr data-run=")).isEqualTo(20);
        assertThat(html).contains("data-run=\"45\"", "data-run=\"26\"").doesNotContain("data-run=\"25\"", "rel=\"prev\"");
        assertThat(html).contains("href=\"/jobs/nordlys?page=1\" rel=\"next\"");
        String last = get("/jobs/nordlys", "page", "2").text();
        assertThat(count(last, "<tr data-run=")).isEqualTo(5);
        assertThat(last).contains("data-run=\"5\"", "data-run=\"1\"", "rel=\"prev\"").doesNotContain("rel=\"next\"");
        assertThat(get("/jobs/nowhere").status()).isEqualTo(404);
        assertThat(get("/jobs/broken").text()).contains("broken.json, line 3, column 12");
    }

    /**
     * The job page lists the job's settings: a password in a URL-valued one reads ***, through the declaring
     * plugin's descriptor (type url); one no installed plugin declares is masked as a URL would be; a text
     * setting is shown as it is.
     */
    @Test
    void jobPageMasksThePasswordOfADatabaseUrl() {
        server.settings = List.of(
                new io.klarsyn.api.settings.SettingDescriptor("jdbc.url", "url", null, "the database"),
                new io.klarsyn.api.settings.SettingDescriptor("jdbc.user", "string", null, "its user"));
        server.add(new io.klarsyn.api.server.JobEntry("acme", Path.of("jobs", "acme.json"),
                new io.klarsyn.api.server.JobDefinition(new io.klarsyn.api.run.JobSpec("acme", "jdbc",
                        java.util.Locale.forLanguageTag("nb-NO"), "NOK", OSLO,
                        new io.klarsyn.api.run.Branding("Acme AS", null, null), Map.of(
                                "jdbc.url", "jdbc:postgresql://db.acme.no/sales?user=acme&password=Hemmelig1",
                                "jdbc.user", "acme",
                                "old.url", "jdbc:h2:/srv/acme/sales;USER=acme;PASSWORD=Hemmelig2")),
                        "@monthly", "0 0 6 1 * ?", List.of()), null));
        String html = get("/jobs/acme").text().replace("&#x3D;", "=");
        assertThat(html).contains("jdbc:postgresql://db.acme.no/sales?user=acme&amp;password=***",
                "jdbc:h2:/srv/acme/sales;USER=acme;PASSWORD=***", "<dd>acme</dd>")
                .doesNotContain("Hemmelig");
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * The kept parts never outlive what they show: the dashboard row and the job page of a job whose run
     * finishes show the new status, number and chart point at once, in each language.
     */
    @Test
    void keptRowsAndJobPagesShowARunsNewStatusOnceItFinishes() {
        server.headlines.put("nordlys", HEADLINES);
        RunRecord first = server.put("nordlys", YearMonth.of(2026, 9), RunState.SUCCESS, Trigger.SCHEDULE);
        server.trends.put("nordlys", List.of(new TrendPoint(YearMonth.of(2026, 9), first.id(), RunState.SUCCESS,
                Map.of("cx.nps", 30.0))));
        RunRecord second = server.put("nordlys", YearMonth.of(2026, 10), RunState.RUNNING, Trigger.MANUAL);
        for (int i = 0; i < 2; i++) {
            assertThat(row(get("/").text(), "nordlys")).contains("data-status=\"RUNNING\">Running</span>", "#2 October 2026");
            assertThat(get("/jobs/nordlys").text()).contains("data-run=\"2\"", "data-status=\"RUNNING\"", "data-points=\"1\"");
        }
        String nb = row(ui.handle(Request.get("/", Map.of("lang", "nb"))).text(), "nordlys");
        server.withStatus(second.id(), RunState.SUCCESS);
        server.trends.put("nordlys", List.of(server.trends.get("nordlys").get(0), new TrendPoint(YearMonth.of(2026, 10),
                second.id(), RunState.SUCCESS, Map.of("cx.nps", 32.0))));
        String row = row(get("/").text(), "nordlys");
        assertThat(row).contains("data-status=\"SUCCESS\">Success</span>", "#2 October 2026", "32</span>")
                .doesNotContain("RUNNING");
        String job = get("/jobs/nordlys").text();
        assertThat(job).contains("data-points=\"2\"").doesNotContain("data-status=\"RUNNING\"");
        assertThat(row(ui.handle(Request.get("/", Map.of("lang", "nb"))).text(), "nordlys")).isNotEqualTo(nb)
                .contains("data-status=\"SUCCESS\">Vellykket</span>");
        // the next fire time moves on once the one shown has come (the kept one is asked again)
        assertThat(row).contains("3 Dec 2026, 06:00");
        server.fireTimes.put("nordlys", List.of(ZonedDateTime.of(2027, 1, 3, 6, 0, 0, 0, OSLO)));
        assertThat(row(get("/").text(), "nordlys")).contains("3 Dec 2026, 06:00");
        server.clock = java.time.Clock.fixed(java.time.Instant.parse("2026-12-03T05:00:00Z"), OSLO);
        assertThat(row(get("/").text(), "nordlys")).contains("3 Jan 2027, 06:00");
    }

    /**
     * Controls show as the Authorization answers for the user, asked with the request the control would
     * make: here one that lets the user run one client's jobs and edit nothing.
     */
    @Test
    void controlsShowOnlyWhereTheAuthorizationAllowsTheirRequest() {
        server.put("nordlys", YearMonth.of(2026, 9), RunState.RUNNING, Trigger.SCHEDULE);
        server.put("fjord", YearMonth.of(2026, 9), RunState.SUCCESS, Trigger.SCHEDULE);
        List<String> asked = new java.util.ArrayList<>();
        io.klarsyn.api.security.Authorization rules = new io.klarsyn.api.security.Authorization() {
            @Override
            public io.klarsyn.api.security.Decision decide(io.klarsyn.api.security.Subject subject, String method, String path,
                    Map<String, String> fields) {
                asked.add(subject.username() + " " + method + " " + path);
                boolean allow = method.equals("GET") && !path.endsWith("/edit") && !path.equals("/jobs/new")
                        || path.equals("/jobs/nordlys/run");
                return new io.klarsyn.api.security.Decision(allow ? io.klarsyn.api.security.Decision.Outcome.ALLOW
                        : io.klarsyn.api.security.Decision.Outcome.FORBIDDEN, null, null);
            }

            @Override
            public List<io.klarsyn.api.security.Route> routes() {
                return List.of();
            }

            @Override
            public String clientOfJob(String job) {
                return job;
            }
        };
        Services base = server.services(List.of());
        Ui guarded = new Ui(base.withAuthorization(() -> java.util.Optional.of(rules)), () -> { });
        io.klarsyn.api.security.Subject vera = new io.klarsyn.api.security.Subject("vera", io.klarsyn.api.security.Role.VIEWER,
                java.util.Set.of("Nordlys Energi AS", "Fjordkraft Demo"), false);
        java.util.function.Function<String, String> page = path -> guarded.handle(new Request("GET", path, Map.of(),
                Map.of("accept-language", "en"), Map.of(), vera, "token-of-vera")).text();
        String dashboard = page.apply("/");
        assertThat(row(dashboard, "nordlys")).contains("action=\"/jobs/nordlys/run\"", "value=\"token-of-vera\"");
        assertThat(row(dashboard, "fjord")).doesNotContain("<form", "Run now").contains("<td></td>");
        assertThat(dashboard).doesNotContain("href=\"/jobs/new\"");
        assertThat(asked).contains("vera POST /jobs/nordlys/run", "vera POST /jobs/fjord/run", "vera GET /jobs/new");
        String nordlys = page.apply("/jobs/nordlys");
        assertThat(nordlys).contains("form class=\"run\"").doesNotContain("/jobs/nordlys/edit");
        assertThat(page.apply("/jobs/fjord")).doesNotContain("form class=\"run\"", "/jobs/fjord/edit", "token-of-vera\"><input");
        String run = page.apply("/runs/1");
        assertThat(run).doesNotContain("/runs/1/abort");
        assertThat(asked).contains("vera POST /runs/1/abort");
        // without the security bundle (no user) every control shows
        assertThat(get("/jobs/fjord").text()).contains("form class=\"run\"", "/jobs/fjord/edit");
        assertThat(row(get("/").text(), "fjord")).contains("action=\"/jobs/fjord/run\"");
        assertThat(get("/runs/1").text()).contains("/runs/1/abort");
    }

    /** TrendChart.num writes what String.format did, at a fraction of the cost. */
    @Test
    void trendChartNumbersAreWhatStringFormatWrites() {
        java.util.Random random = new java.util.Random(18);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> random.nextDouble() * 700;
                case 1 -> Math.round(random.nextDouble() * 70_000) / 100.0;
                case 2 -> -random.nextDouble() * 10;
                default -> 70 + 554.0 * (i % 997) / (random.nextInt(60) + 1);
            };
            assertThat(TrendChart.num(v)).as("%s", v).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f", v));
        }
        for (double v : new double[] {0.05, 0.35, 12.25, -0.04, -0.0, 0.0, 1e-9, 123456789.25}) {
            assertThat(TrendChart.num(v)).as("%s", v).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f", v));
        }
    }

    @Test
    void pagesAreEncodedAsGetBytesEncodesThem() {
        for (String text : List.of("", "ascii only", "Bølgen Fiber AS æøå ÆØÅ ä ö", "1,100 ↑ – → ← …", "emoji 😀 and \uD800 alone",
                "\u007F\u0080\u07FF\u0800\uFFFF")) {
            assertThat(Response.utf8(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void trendChartPlacesThePointsBetweenTheLowestAndHighest() {
        String svg = TrendChart.svg("NPS, 3 periods", List.of(new TrendChart.Point("Jan", 0, "0", null),
                new TrendChart.Point("Feb", 10, "10", null), new TrendChart.Point("Mar", 5, "5", null)), "0", "10", "#000");
        // plot: x 70..624 (width 640 - 70 - 16 = 554), y 14..140 (height 170 - 14 - 30 = 126)
        // Jan (0): x 70, y 140; Feb (10): x 347, y 14; Mar (5): x 624, y 77
        assertThat(svg).contains("points=\"70.0,140.0 347.0,14.0 624.0,77.0\"");
        assertThat(count(svg, "<circle")).isEqualTo(3);
        assertThat(svg).contains("aria-label=\"NPS, 3 periods\"");
    }

    /** Issue 20: the run page lists what was delivered, with the reason of a failure, and resends on request. */
    @Test
    void runPageShowsItsDeliveriesAndResends() {
        RunRecord run = server.put("nordlys", YearMonth.of(2026, 10), RunState.SUCCESS, Trigger.SCHEDULE);
        server.replace(new RunRecord(run.id(), run.job(), run.number(), run.period(), run.trigger(), false, RunState.SUCCESS,
                run.queuedAt(), run.queuedAt().plusSeconds(2), 1_000L, Map.of(), 0.0, List.of(), List.of("report.pdf")));
        java.time.Instant sent = java.time.Instant.parse("2026-11-03T05:00:07Z");
        List<io.klarsyn.api.delivery.DeliveryRecord> records = new java.util.ArrayList<>(List.of(
                new io.klarsyn.api.delivery.DeliveryRecord(1, "nordlys", run.period(), run.id(), "mail", "leder@nordlys.example",
                        io.klarsyn.api.delivery.ParcelKind.REPORT, 0, io.klarsyn.api.delivery.DeliveryState.SENT, 1, null,
                        sent, null, sent, "<d1@klarsyn>"),
                new io.klarsyn.api.delivery.DeliveryRecord(2, "nordlys", run.period(), run.id(), "mail", "sjef@nordlys.example",
                        io.klarsyn.api.delivery.ParcelKind.REPORT, 0, io.klarsyn.api.delivery.DeliveryState.FAILED, 1,
                        "the mail server refused sjef@nordlys.example: 550 5.1.1 User unknown", sent, null, null, "<d2@klarsyn>")));
        List<Long> resent = new java.util.ArrayList<>();
        io.klarsyn.api.delivery.Deliveries deliveries = new io.klarsyn.api.delivery.Deliveries() {
            public List<io.klarsyn.api.delivery.DeliveryRecord> ofRun(long runId) {
                return runId == run.id() ? records : List.of();
            }

            public List<io.klarsyn.api.delivery.DeliveryRecord> resend(long runId) {
                resent.add(runId);
                return List.of();
            }

            public String sendTest(String job, String address) {
                throw new UnsupportedOperationException();
            }
        };
        Services base = server.services(List.of());
        Ui withDelivery = new Ui(new Services(base.home(), base.jobs(), base.store(), base.queue(), base.scheduler(), base.files(),
                base.engine(), base.bundles(), base.problems(), base.version(), () -> java.util.Optional.of(deliveries)), () -> { });

        String html = withDelivery.handle(Request.get("/runs/" + run.id(), Map.of()).withHeader("Accept-Language", "nb-NO")).text();
        assertThat(html).contains("Utsendelser", "leder@nordlys.example", "sendt", "sjef@nordlys.example", "feilet",
                "550 5.1.1 User unknown", "Send rapporten på nytt");
        assertThat(html.indexOf("leder@nordlys.example")).isLessThan(html.indexOf("sjef@nordlys.example"));

        Response r = withDelivery.handle(new Request("POST", "/runs/" + run.id() + "/deliveries", Map.of(),
                Map.of("origin", "http://127.0.0.1:8080", "host", "127.0.0.1:8080"), Map.of()));
        assertThat(r.status()).isEqualTo(303);
        assertThat(resent).containsExactly(run.id());

        // without a delivery service the page has no such section
        assertThat(get("/runs/" + run.id()).text()).doesNotContain("id=\"deliveries\"");
    }

    @Test
    void runPageShowsStatusReasonsArtifactsAndFilterableFindings() throws Exception {
        RunRecord run = server.put("nordlys", YearMonth.of(2026, 10), RunState.UNSTABLE, Trigger.SCHEDULE);
        server.replace(new RunRecord(run.id(), run.job(), run.number(), run.period(), run.trigger(), false, RunState.UNSTABLE,
                run.queuedAt(), run.queuedAt().plusSeconds(2), 64_000L, Map.of("cx.nps", 12.5), 0.0125,
                List.of("2 % of the transactions were rejected, over the 1 % threshold."), List.of("report.pdf", "metrics.json", "run.log")));
        Path metrics = tmp.resolve("metrics.json");
        Files.writeString(metrics, """
                {"dataQuality": {"files": {
                  "customers.csv": {"read": 10, "accepted": 10, "rejected": 0, "findings": []},
                  "transactions.csv": {"read": 100, "accepted": 98, "rejected": 2, "findings": [
                    {"line": 17, "column": null, "reason": "duplicate-row", "detail": "repeats an earlier row <exactly>", "rejected": true},
                    {"line": 40, "column": 3, "reason": "bad-amount", "detail": "'x' is not a number", "rejected": true},
                    {"line": 41, "column": 3, "reason": "refund", "detail": "a negative amount", "rejected": false}]}}}}
                """);
        Path pdf = tmp.resolve("report.pdf");
        Files.writeString(pdf, "%PDF-1.4 test");
        server.artifacts.put(run.id(), Map.of("metrics.json", metrics, "report.pdf", pdf));
        server.logs.put(run.id(), new StringBuilder("line one\n<b>not bold</b>\n"));

        String html = get("/runs/" + run.id()).text();
        assertThat(html).contains("data-status=\"UNSTABLE\">Unstable</span>", "2 % of the transactions were rejected",
                "Schedule", "1 min 4 s", "12.5", "1.25%");
        assertThat(html).contains("&lt;b&gt;not bold&lt;/b&gt;").doesNotContain("<b>not bold</b>");
        assertThat(html).contains("<object class=\"pdf\" data=\"/runs/1/artifacts/report.pdf\" type=\"application/pdf\"",
                "href=\"/runs/1/artifacts/report.pdf?download=1\" download", "href=\"/runs/1/artifacts/metrics.json\"");
        assertThat(html).doesNotContain("sse-connect");
        assertThat(html).contains("3 / 3", "repeats an earlier row &lt;exactly&gt;", "<td class=\"num\">17</td><td class=\"num\"></td>");
        String rejected = get("/runs/" + run.id(), "kind", "rejected").text();
        assertThat(rejected).contains("2 / 3", "duplicate-row", "bad-amount").doesNotContain("a negative amount");
        String one = get("/runs/" + run.id(), "reason", "bad-amount").text();
        assertThat(one).contains("1 / 3", "<td class=\"num\">40</td><td class=\"num\">3</td>");

        Response download = get("/runs/" + run.id() + "/artifacts/report.pdf", "download", "1");
        assertThat(download.file()).isEqualTo(pdf);
        assertThat(download.contentType()).isEqualTo("application/pdf");
        assertThat(download.headers().get("Content-Disposition")).isEqualTo("attachment; filename=\"nordlys-2026-10-1-report.pdf\"");
        assertThat(get("/runs/" + run.id() + "/artifacts/run.log").status()).isEqualTo(404);
        assertThat(get("/runs/" + run.id() + "/artifacts/..%2Fsecret").status()).isEqualTo(404);
        assertThat(get("/runs/99").status()).isEqualTo(404);
    }

    @Test
    void aRunningRunStreamsItsLogUntilItEnds() throws Exception {
        RunRecord run = server.put("nordlys", YearMonth.of(2026, 10), RunState.RUNNING, Trigger.MANUAL);
        server.logs.put(run.id(), new StringBuilder("first\n"));
        String html = get("/runs/" + run.id()).text();
        assertThat(html).contains("hx-ext=\"sse\" sse-connect=\"/runs/1/live?offset=6\" sse-close=\"done\"",
                "sse-swap=\"log\"", "hx-trigger=\"sse:done\"", "<meta http-equiv=\"refresh\" content=\"3\">");

        // the log grows by one line on each pause; on the third pause the run finishes
        int[] pauses = {0};
        LiveLog live = new LiveLog(server, server, () -> {
            pauses[0]++;
            server.logs.get(run.id()).append("line ").append(pauses[0]).append(" <tag>\n");
            if (pauses[0] == 3) {
                server.withStatus(run.id(), RunState.SUCCESS);
            }
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        live.stream(run.id(), 6, out);
        String events = out.toString(StandardCharsets.UTF_8);
        // "line 1 <tag>\n" is 13 characters: ids 6 + 13 = 19, 32, 45
        assertThat(events).isEqualTo("retry: 2000\n\n"
                + "event: log\nid: 19\ndata: line 1 &lt;tag&gt;\ndata: \n\n"
                + "event: log\nid: 32\ndata: line 2 &lt;tag&gt;\ndata: \n\n"
                + "event: log\nid: 45\ndata: line 3 &lt;tag&gt;\ndata: \n\n"
                + "event: done\ndata: SUCCESS\n\n");
        Response resumed = ui.handle(Request.get("/runs/1/live", Map.of()).withHeader("Last-Event-ID", "32"));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        resumed.stream().writeTo(again);
        assertThat(again.toString(StandardCharsets.UTF_8)).contains("id: 45\ndata: line 3").doesNotContain("line 2");
    }

    @Test
    void pluginsSystemStaticAndUnknownPages() {
        String plugins = get("/plugins").text();
        assertThat(plugins).contains("Not working", "com.example.broken",
                "needs package com.example.nowhere [1.0.0,2.0.0), which no installed bundle provides",
                "Connector csv (CSV files)", "(deploy/)");
        // the CLI bundle's PluginHealth knows more: a start exception, a file that is no bundle
        server.problems.add(new io.klarsyn.api.server.PluginHealth.Problem(42, "bundle com.example.broken 1.0.0 (deploy/broken.jar)",
                "RESOLVED", "IllegalStateException: no licence key"));
        server.problems.add(new io.klarsyn.api.server.PluginHealth.Problem(-1, "deploy/notes.txt", "IGNORED",
                "not a bundle: not a jar file (zip END header not found)"));
        String told = get("/plugins").text();
        assertThat(told).contains("IllegalStateException: no licence key", "deploy/notes.txt", "not a bundle: not a jar file")
                .doesNotContain("com.example.nowhere");
        server.put("nordlys", YearMonth.of(2026, 10), RunState.RUNNING, Trigger.MANUAL);
        String system = ui.handle(Request.get("/system", Map.of("lang", "nb"))).text();
        // the two problems PluginHealth told above
        assertThat(system).contains("Trenger tilsyn", "2 gyldige jobber, 1 ugyldige; 2 problemer med tillegg; 1 kjører, 0 i kø.",
                "/srv/klarsyn-home", "jdbc:postgresql://db/klarsyn?user=k&amp;password=••••", "0.1.0.TEST", "Kjører")
                .doesNotContain("secret");
        Response htmx = get("/static/htmx.min.js");
        assertThat(htmx.status()).isEqualTo(200);
        assertThat(htmx.contentType()).startsWith("text/javascript");
        assertThat(htmx.bytes().length).isGreaterThan(10_000);
        assertThat(get("/static/sse.js").status()).isEqualTo(200);
        assertThat(get("/static/../Ui.class").status()).isEqualTo(404);
        Response missing = get("/nothing/here");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text()).contains("There is no page /nothing/here.");
    }
}
