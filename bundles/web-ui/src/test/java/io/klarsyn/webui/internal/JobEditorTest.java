package io.klarsyn.webui.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.klarsyn.api.run.Branding;
import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.run.PluginInfo;
import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.api.run.ReportEngine;
import io.klarsyn.api.run.RunResult;
import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.server.JobEntry;
import io.klarsyn.api.server.JobFiles;
import io.klarsyn.api.server.ServerHome;
import io.klarsyn.api.settings.SettingDescriptor;

/**
 * The job editor against stand-ins of the job-file reader and the engine that answer as the real ones
 * do for the cases here (the real ones are driven by WebUiIT): errors land at their field and nothing
 * is written; a good job is written with what the form does not show kept.
 */
class JobEditorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private FakeServer server;
    private Ui ui;

    /** Reads name, schedule (refusing an hour of 25 as the jobs bundle words it), zone and client. */
    private final JobFiles files = new JobFiles() {
        @Override
        public JobDefinition read(Path file) {
            String name = file.getFileName().toString().replaceFirst("\\.json$", "");
            JsonNode n;
            try {
                n = JSON.readTree(Files.readString(file));
            } catch (IOException e) {
                throw new IllegalArgumentException(file.getFileName() + ": " + e.getMessage());
            }
            String schedule = n.path("schedule").asText("H H(5-7) H(1-3) * *");
            if (schedule.contains(" 25 ")) {
                throw new IllegalArgumentException(name + ".json: schedule '" + schedule + "': field 'hour' (2nd): 25 is outside 0-23");
            }
            JobSpec spec = new JobSpec(name, n.path("connector").asText(), Locale.forLanguageTag(n.path("locale").asText("nb-NO")),
                    n.path("currency").asText("NOK"), ZoneId.of(n.path("timeZone").asText("UTC")),
                    new Branding(n.path("branding").path("clientName").asText(null), null, null), Map.of());
            return new JobDefinition(spec, schedule, "0 41 6 3 * ?", List.of());
        }

        @Override
        public Locale locale(String tag) {
            return Locale.forLanguageTag(tag);
        }

        @Override
        public String currency(String code) {
            return code;
        }
    };

    /** Declares churn.minBase (int, default 30) and refuses a value that is no whole number, in the engine's words. */
    private final ReportEngine engine = new ReportEngine() {
        @Override
        public RunResult run(JobSpec job, java.time.YearMonth period, Path outDir, ProgressListener progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void check(JobSpec job) {
        }

        @Override
        public List<PluginInfo> plugins() {
            return List.of(new PluginInfo("connector", "csv", "CSV files", "io.klarsyn.connector-csv", "0.1.0", List.of()));
        }

        @Override
        public List<SettingDescriptor> settings() {
            return List.of(new SettingDescriptor("churn.minBase", "int", "30", "Smallest segment shown, in customers."),
                    new SettingDescriptor("csv.folder", "string", null, "The data folder."),
                    new SettingDescriptor("cx.selfAssessment.*", "number", null, "Self-assessment per driver."));
        }
    };

    @BeforeEach
    void setUp() {
        server = new FakeServer();
        ServerHome h = new ServerHome() {
            @Override
            public Path home() {
                return home;
            }

            @Override
            public String databaseUrl() {
                return "jdbc:h2:mem:x";
            }

            @Override
            public int concurrency() {
                return 1;
            }

            @Override
            public long runTimeoutSeconds() {
                return 60;
            }

            @Override
            public java.time.Clock clock() {
                return server.clock;
            }
        };
        Services services = new Services(h, server, server, server, new io.klarsyn.api.server.JobScheduler() {
            @Override
            public List<ZonedDateTime> nextRuns(String job, int count) {
                return List.of();
            }

            @Override
            public List<ZonedDateTime> nextRuns(JobDefinition definition, int count) {
                return List.of(ZonedDateTime.of(2026, 12, 3, 6, 41, 0, 0, definition.spec().zone()));
            }
        }, files, () -> Optional.of(engine), List::of, List::of, "test");
        ui = new Ui(services, () -> { });
    }

    private Response post(String path, Map<String, String> form) {
        return ui.handle(new Request("POST", path, form, Map.of(), Map.of()));
    }

    private static Map<String, String> form(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void aBadScheduleIsShownAtItsFieldAndNothingIsWritten() {
        Response r = post("/jobs/new", form("name", "havbris", "client", "Havbris Kraft AS", "connector", "csv", "folder", "../data",
                "schedule", "41 25 3 * *", "timeZone", "Europe/Oslo", "locale", "nb-NO", "currency", "NOK", "set.churn.minBase", ""));
        assertThat(r.status()).isEqualTo(400);
        String html = r.text();
        assertThat(html).contains("Nothing was saved");
        String field = html.substring(html.indexOf("data-field=\"schedule\""), html.indexOf("data-field=\"timeZone\""));
        assertThat(field).contains("aria-invalid=\"true\"", "autofocus",
                "<p class=\"error\" id=\"f-schedule-error\">schedule &#39;41 25 3 * *&#39;: field &#39;hour&#39; (2nd): 25 is outside 0-23</p>");
        assertThat(html).contains("value=\"Havbris Kraft AS\"");
        assertThat(home.resolve("jobs")).doesNotExist();

        Response missing = post("/jobs/new", form("name", "a/b", "client", "", "folder", ""));
        assertThat(missing.text()).contains("<p class=\"error\" id=\"f-name-error\">", "<p class=\"error\" id=\"f-client-error\">Required.</p>");
    }

    @Test
    void aGoodJobIsWrittenAndAnEditKeepsWhatTheFormDoesNotShow() throws Exception {
        Response r = post("/jobs/new", form("name", "havbris", "client", "Havbris Kraft AS", "connector", "csv", "folder", "../data",
                "schedule", "41 6 3 * *", "timeZone", "Europe/Oslo", "locale", "nb-NO", "currency", "NOK", "recipients",
                "a@x.example, b@x.example", "set.churn.minBase", "30"));
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.headers().get("Location")).isEqualTo("/jobs/havbris?saved=1");
        JsonNode saved = JSON.readTree(home.resolve("jobs/havbris.json").toFile());
        assertThat(saved.path("schedule").asText()).isEqualTo("41 6 3 * *");
        assertThat(saved.path("branding").path("clientName").asText()).isEqualTo("Havbris Kraft AS");
        assertThat(saved.path("settings").path("csv").path("folder").asText()).isEqualTo("../data");
        assertThat(saved.path("recipients").toString()).isEqualTo("[\"a@x.example\",\"b@x.example\"]");
        // the default (30) is not written
        assertThat(saved.path("settings").has("churn")).isFalse();
        try (var list = Files.list(home.resolve("jobs"))) {
            assertThat(list.map(p -> p.getFileName().toString()).toList()).containsExactly("havbris.json");
        }

        // the file gains what the form does not show; an edit keeps it
        Files.writeString(home.resolve("jobs/havbris.json"), """
                {"connector": "csv", "locale": "nb-NO", "currency": "NOK", "timeZone": "Europe/Oslo",
                 "branding": {"clientName": "Havbris Kraft AS", "logo": "havbris.png"},
                 "settings": {"csv": {"folder": "../data"}, "cx": {"selfAssessment": {"trust": 8.5}}},
                 "schedule": "41 6 3 * *", "retention": {"runs": 24, "days": 800}}
                """, StandardCharsets.UTF_8);
        server.add(new JobEntry("havbris", home.resolve("jobs/havbris.json"), files.read(home.resolve("jobs/havbris.json")), null));
        String edit = ui.handle(Request.get("/jobs/havbris/edit", Map.of())).text();
        assertThat(edit).contains("value=\"../data\"", "value=\"41 6 3 * *\"", "the 3rd of every month at 06:41, Europe/Oslo")
                .doesNotContain("id=\"f-name\"");
        Response again = post("/jobs/havbris/edit", form("client", "Havbris Kraft ASA", "connector", "csv", "folder", "../data2",
                "schedule", "41 6 3 * *", "timeZone", "Europe/Oslo", "locale", "nb-NO", "currency", "NOK", "set.churn.minBase", "50"));
        assertThat(again.status()).isEqualTo(303);
        JsonNode edited = JSON.readTree(home.resolve("jobs/havbris.json").toFile());
        assertThat(edited.path("branding").path("clientName").asText()).isEqualTo("Havbris Kraft ASA");
        assertThat(edited.path("branding").path("logo").asText()).isEqualTo("havbris.png");
        assertThat(edited.path("retention").toString()).isEqualTo("{\"runs\":24,\"days\":800}");
        assertThat(edited.path("settings").path("cx").path("selfAssessment").path("trust").asDouble()).isEqualTo(8.5);
        assertThat(edited.path("settings").path("csv").path("folder").asText()).isEqualTo("../data2");
        assertThat(edited.path("settings").path("churn").path("minBase").asText()).isEqualTo("50");
    }

    @Test
    void errorsAreMappedToTheirFields() {
        Page page = new Page(Request.get("/jobs/new", Map.of()), Texts.of("en"), new Templates());
        JobEditor editor = new JobEditor(new Services(null, server, server, server, server, files, () -> Optional.of(engine),
                List::of, List::of, "t"), page, null);
        assertThat(editor.field("schedule 'x': 5 fields")).isEqualTo("schedule");
        assertThat(editor.field("timeZone 'Mars/Olympus' is not a known time zone")).isEqualTo("timeZone");
        assertThat(editor.field("currency 'XXX' is not an ISO 4217 currency code")).isEqualTo("currency");
        assertThat(editor.field("branding.color 'red' is not #RRGGBB")).isEqualTo("color");
        assertThat(editor.field("setting 'churn.minBase': 'abc' is not a whole number")).isEqualTo("set.churn.minBase");
        assertThat(editor.field("unknown connector 'sap'")).isEqualTo("connector");
        assertThat(editor.field("a job file holds one JSON object { ... }")).isEqualTo("_");
    }
}
