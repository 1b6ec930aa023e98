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
    private Services services;

    /** The job files read outside the home: the editor's checked copies in the temp folder. */
    private final List<String> copies = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Reads name, schedule (refusing an hour of 25 as the jobs bundle words it), zone and client. */
    private final JobFiles files = new JobFiles() {
        @Override
        public JobDefinition read(Path file) {
            String name = file.getFileName().toString().replaceFirst("\\.json$", "");
            JsonNode n;
            try {
                if (!file.toAbsolutePath().startsWith(home.toAbsolutePath())) {
                    copies.add(Files.readString(file));
                }
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
                    new Branding(n.path("branding").path("clientName").asText(null), logo(file, n), null), Map.of());
            return new JobDefinition(spec, schedule, "0 41 6 3 * ?", List.of());
        }

        /** The logo's bytes, resolved against the job file's folder, when the file is there. */
        private byte[] logo(Path file, JsonNode n) {
            String logo = n.path("branding").path("logo").asText(null);
            Path p = logo == null ? null : file.getParent().resolve(logo);
            try {
                return p != null && Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
            } catch (IOException e) {
                throw new IllegalArgumentException("branding.logo " + p + " cannot be read");
            }
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
                    new SettingDescriptor("csv.source", "url", null, "A URL with a password in it, for the test."),
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
        services = new Services(h, server, server, server, new io.klarsyn.api.server.JobScheduler() {
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
    void aPasswordInAUrlSettingNeverReachesTheFormAndAnUnchangedSaveKeepsIt() throws Exception {
        Files.createDirectories(home.resolve("jobs"));
        Files.writeString(home.resolve("jobs/havbris.json"), """
                {"connector": "csv", "locale": "nb-NO", "currency": "NOK", "timeZone": "Europe/Oslo",
                 "branding": {"clientName": "Havbris Kraft AS"},
                 "settings": {"csv": {"folder": "../data", "source": "jdbc:postgresql://db/havbris?user=r&password=Hemmelig99"}},
                 "schedule": "41 6 3 * *"}
                """, StandardCharsets.UTF_8);
        server.add(new JobEntry("havbris", home.resolve("jobs/havbris.json"), files.read(home.resolve("jobs/havbris.json")), null));
        String edit = ui.handle(Request.get("/jobs/havbris/edit", Map.of())).text();
        assertThat(edit).contains("jdbc:postgresql://db/havbris?user=r&amp;password=***").doesNotContain("Hemmelig99");

        // saved as the form showed it: the stored password stays
        Response same = post("/jobs/havbris/edit", form("client", "Havbris Kraft AS", "connector", "csv", "folder", "../data",
                "schedule", "41 6 3 * *", "timeZone", "Europe/Oslo", "locale", "nb-NO", "currency", "NOK",
                "set.csv.source", "jdbc:postgresql://db/havbris?user=r&password=***"));
        assertThat(same.status()).isEqualTo(303);
        assertThat(JSON.readTree(home.resolve("jobs/havbris.json").toFile()).path("settings").path("csv").path("source").asText())
                .isEqualTo("jdbc:postgresql://db/havbris?user=r&password=Hemmelig99");

        // a new URL (here with a new password) replaces it
        Response changed = post("/jobs/havbris/edit", form("client", "Havbris Kraft AS", "connector", "csv", "folder", "../data",
                "schedule", "41 6 3 * *", "timeZone", "Europe/Oslo", "locale", "nb-NO", "currency", "NOK",
                "set.csv.source", "jdbc:postgresql://db2/havbris?user=r&password=Ny-2027"));
        assertThat(changed.status()).isEqualTo(303);
        assertThat(JSON.readTree(home.resolve("jobs/havbris.json").toFile()).path("settings").path("csv").path("source").asText())
                .isEqualTo("jdbc:postgresql://db2/havbris?user=r&password=Ny-2027");
    }

    private static byte[] png(int width, int height) throws IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private Response postWithLogo(String path, Request.Upload logo, String... kv) {
        return ui.handle(new Request("POST", path, form(kv), Map.of(), Map.of()).withUpload("logo", logo));
    }

    @Test
    void anUploadedLogoIsCheckedKeptUnderTheJobsFolderAndNamedInTheJobFile() throws Exception {
        String[] job = {"name", "havbris", "client", "Havbris Kraft AS", "connector", "csv", "folder", "../data",
                "schedule", "41 6 3 * *", "timeZone", "Europe/Oslo", "locale", "nb-NO", "currency", "NOK"};
        // what the PDF renderer cannot draw is refused at the field, and nothing is written
        byte[] svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8);
        Response refused = postWithLogo("/jobs/new", new Request.Upload("logo.svg", svg, svg.length), job);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("<p class=\"error\" id=\"f-logo-error\">logo.svg is an SVG image; the PDF report takes a PNG or JPEG logo</p>");
        // shown together with what the job's check finds
        String[] badSchedule = job.clone();
        badSchedule[9] = "41 25 3 * *";
        assertThat(postWithLogo("/jobs/new", new Request.Upload("logo.svg", svg, svg.length), badSchedule).text())
                .contains("id=\"f-logo-error\">logo.svg is an SVG image", "id=\"f-schedule-error\">schedule &#39;41 25 3 * *&#39;");
        byte[] text = "hello".getBytes(StandardCharsets.UTF_8);
        assertThat(postWithLogo("/jobs/new", new Request.Upload("logo.png", text, text.length), job).text())
                .contains("id=\"f-logo-error\">logo.png is not a PNG or JPEG image</p>");
        byte[] broken = java.util.Arrays.copyOf(png(37, 23), 40);
        assertThat(postWithLogo("/jobs/new", new Request.Upload("cut.png", broken, broken.length), job).text())
                .contains("id=\"f-logo-error\">cut.png looks like a PNG but cannot be read as an image</p>");
        // 1 MB + 1 byte: the servlet passes the first 1 MB + 1 and the size; 1,025 KB rounded up
        byte[] big = new byte[Request.Upload.LIMIT + 1];
        assertThat(postWithLogo("/jobs/new", new Request.Upload("big.png", big, 1_048_577), job).text())
                .contains("id=\"f-logo-error\">big.png is 1,025 KB; a logo may have at most 1,024 KB</p>");
        assertThat(home.resolve("jobs")).doesNotExist();

        byte[] logo = png(37, 23);
        Response saved = postWithLogo("/jobs/new", new Request.Upload("havbris.png", logo, logo.length), job);
        assertThat(saved.status()).isEqualTo(303);
        String path = JSON.readTree(home.resolve("jobs/havbris.json").toFile()).path("branding").path("logo").asText();
        assertThat(path).matches("logos/havbris-[0-9a-f]{8}\\.png");
        assertThat(home.resolve("jobs").resolve(path)).hasBinaryContent(logo);

        // a new logo replaces it under a new name (so the job file changes); an edit without one keeps it
        server.add(new JobEntry("havbris", home.resolve("jobs/havbris.json"), files.read(home.resolve("jobs/havbris.json")), null));
        assertThat(ui.handle(Request.get("/jobs/havbris/edit", Map.of())).text()).contains("Now: " + path);
        byte[] other = png(40, 20);
        String[] edit = java.util.Arrays.copyOfRange(job, 2, job.length);
        assertThat(postWithLogo("/jobs/havbris/edit", new Request.Upload("new.png", other, other.length), edit).status())
                .isEqualTo(303);
        String newPath = JSON.readTree(home.resolve("jobs/havbris.json").toFile()).path("branding").path("logo").asText();
        assertThat(newPath).isNotEqualTo(path).matches("logos/havbris-[0-9a-f]{8}\\.png");
        try (var list = Files.list(home.resolve("jobs/logos"))) {
            assertThat(list.map(p -> "logos/" + p.getFileName()).toList()).containsExactly(newPath);
        }
        assertThat(post("/jobs/havbris/edit", form(edit)).status()).isEqualTo(303);
        assertThat(JSON.readTree(home.resolve("jobs/havbris.json").toFile()).path("branding").path("logo").asText())
                .isEqualTo(newPath);
    }

    /**
     * A connector configured per job (fields url, apiKey as a password, timeoutSeconds): the editor shows its
     * fields, never sends the key back, keeps the saved key when the field is left empty, writes a new one only
     * as the service sealed it, and says a refused value at its field.
     */
    @Test
    void aConnectorConfiguredPerJobShowsItsFieldsAndNeverItsKey() throws Exception {
        io.klarsyn.api.server.ConnectorConfigurations configs = new io.klarsyn.api.server.ConnectorConfigurations() {
            public java.util.Set<String> connectors() {
                return java.util.Set.of("acme.crm");
            }
            public List<io.klarsyn.api.server.ConnectorField> fields(String connector) {
                return !connector.equals("acme.crm") ? List.of() : List.of(
                        new io.klarsyn.api.server.ConnectorField("url", "Export URL", "The export API.", "string", false, true, null, List.of()),
                        new io.klarsyn.api.server.ConnectorField("apiKey", "API key", "The key.", "password", true, false, "", List.of()),
                        new io.klarsyn.api.server.ConnectorField("timeoutSeconds", "Time-out", "Seconds.", "integer", false, false, "30", List.of()));
            }
            public Map<String, String> prepare(String connector, Map<String, String> values) {
                if (values.getOrDefault("timeoutSeconds", "1").equals("soon")) {
                    throw new IllegalArgumentException("connectorConfig.timeoutSeconds: 'soon' is not a whole number");
                }
                Map<String, String> out = new java.util.LinkedHashMap<>(values);
                out.computeIfPresent("apiKey", (k, v) -> v.startsWith("{aes-gcm}") ? v : "{aes-gcm}sealed(" + v + ")");
                return out;
            }
        };
        Services s = services;
        Ui withConfigs = new Ui(s.withConnectorConfigs(() -> Optional.of(configs)), () -> { });
        Files.createDirectories(home.resolve("jobs"));
        Files.writeString(home.resolve("jobs/acme.json"), """
                {"connector": "acme.crm", "locale": "en-GB", "currency": "NOK", "timeZone": "Europe/Oslo",
                 "branding": {"clientName": "Acme AS"},
                 "connectorConfig": {"url": "https://crm.acme.example/export", "apiKey": "{aes-gcm}sealed(k-1)"}}
                """);
        server.add(new JobEntry("acme", home.resolve("jobs/acme.json"), files.read(home.resolve("jobs/acme.json")), null));

        String page = withConfigs.handle(new Request("GET", "/jobs/acme/edit", Map.of(), Map.of(), Map.of())).text();
        assertThat(page).contains("name=\"config.url\"").contains("value=\"https://crm.acme.example/export\"")
                .contains("name=\"config.apiKey\" type=\"password\" value=\"\"").doesNotContain("sealed(k-1)");
        assertThat(page).contains("<option value=\"acme.crm\" selected>");
        // choosing the connector in a new job's form asks for its fields (htmx swaps #connection)
        String blank = withConfigs.handle(new Request("GET", "/jobs/new", Map.of(), Map.of(), Map.of())).text();
        assertThat(blank).contains("hx-get=\"/jobs/new\"").contains("<div id=\"connection\">").doesNotContain("config.url");
        String chosen = withConfigs.handle(new Request("GET", "/jobs/new", Map.of("connector", "acme.crm"), Map.of(), Map.of())).text();
        assertThat(chosen).contains("name=\"config.url\"").contains("name=\"config.apiKey\" type=\"password\"");

        Map<String, String> edit = form("client", "Acme AS", "connector", "acme.crm", "locale", "en-GB", "currency", "NOK",
                "timeZone", "Europe/Oslo", "config.url", "https://crm.acme.example/v2", "config.apiKey", "", "config.timeoutSeconds", "soon");
        Response refused = withConfigs.handle(new Request("POST", "/jobs/acme/edit", edit, Map.of(), Map.of()));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("connectorConfig.timeoutSeconds: &#39;soon&#39; is not a whole number");
        assertThat(Files.readString(home.resolve("jobs/acme.json"))).contains("crm.acme.example/export\"");

        edit.put("config.timeoutSeconds", "20");
        assertThat(withConfigs.handle(new Request("POST", "/jobs/acme/edit", edit, Map.of(), Map.of())).status()).isEqualTo(303);
        JsonNode saved = JSON.readTree(home.resolve("jobs/acme.json").toFile());
        assertThat(saved.path("connectorConfig").path("url").asText()).isEqualTo("https://crm.acme.example/v2");
        assertThat(saved.path("connectorConfig").path("apiKey").asText()).as("kept").isEqualTo("{aes-gcm}sealed(k-1)");
        assertThat(saved.has("settings")).as("no data folder for such a connector").isFalse();

        edit.put("config.apiKey", "k-2");
        assertThat(withConfigs.handle(new Request("POST", "/jobs/acme/edit", edit, Map.of(), Map.of())).status()).isEqualTo(303);
        assertThat(Files.readString(home.resolve("jobs/acme.json"))).contains("{aes-gcm}sealed(k-2)").doesNotContain("\"k-2\"");
    }

    /**
     * A per-job connector's URL with a password in it (the JDBC connector's fields: url, user, password): the
     * editor's form shows the password as ***, in the user:password@ and Oracle user/password@ forms; the form
     * saved back as shown keeps the stored URL, a URL typed anew replaces it.
     */
    @Test
    void aPasswordInAConnectorConfigUrlNeverReachesTheFormAndAnUnchangedSaveKeepsIt() throws Exception {
        io.klarsyn.api.server.ConnectorConfigurations configs = new io.klarsyn.api.server.ConnectorConfigurations() {
            public java.util.Set<String> connectors() {
                return java.util.Set.of("jdbc");
            }
            public List<io.klarsyn.api.server.ConnectorField> fields(String connector) {
                return !connector.equals("jdbc") ? List.of() : List.of(
                        new io.klarsyn.api.server.ConnectorField("url", "JDBC URL", "The database.", "string", false, true, null, List.of()),
                        new io.klarsyn.api.server.ConnectorField("user", "User", "The user.", "string", false, false, "", List.of()),
                        new io.klarsyn.api.server.ConnectorField("password", "Password", "Sealed.", "password", true, false, "", List.of()));
            }
            public Map<String, String> prepare(String connector, Map<String, String> values) {
                return new java.util.LinkedHashMap<>(values);
            }
        };
        Ui withConfigs = new Ui(services.withConnectorConfigs(() -> Optional.of(configs)), () -> { });
        Files.createDirectories(home.resolve("jobs"));
        Path file = home.resolve("jobs/sales.json");
        Files.writeString(file, """
                {"connector": "jdbc", "locale": "nb-NO", "currency": "NOK", "timeZone": "Europe/Oslo",
                 "branding": {"clientName": "Acme Salg AS"},
                 "connectorConfig": {"url": "jdbc:postgresql://report:s3cret@db.acme.no/sales", "user": "report"}}
                """);
        server.add(new JobEntry("sales", file, files.read(file), null));

        String page = withConfigs.handle(Request.get("/jobs/sales/edit", Map.of())).text();
        assertThat(page).contains("name=\"config.url\"").contains("value=\"jdbc:postgresql://report:***@db.acme.no/sales\"")
                .doesNotContain("s3cret");

        Map<String, String> edit = form("client", "Acme Salg AS", "connector", "jdbc", "locale", "nb-NO", "currency", "NOK",
                "timeZone", "Europe/Oslo", "schedule", "41 6 3 * *", "config.url", "jdbc:postgresql://report:***@db.acme.no/sales",
                "config.user", "report", "config.password", "");
        assertThat(withConfigs.handle(new Request("POST", "/jobs/sales/edit", edit, Map.of(), Map.of())).status()).isEqualTo(303);
        assertThat(JSON.readTree(file.toFile()).path("connectorConfig").path("url").asText()).as("kept")
                .isEqualTo("jdbc:postgresql://report:s3cret@db.acme.no/sales");

        // typed anew (Oracle's form): it replaces the stored URL, and the form shows its password masked
        edit.put("config.url", "jdbc:oracle:thin:report/Ny-2027@db.acme.no:1521/ORCL");
        assertThat(withConfigs.handle(new Request("POST", "/jobs/sales/edit", edit, Map.of(), Map.of())).status()).isEqualTo(303);
        assertThat(JSON.readTree(file.toFile()).path("connectorConfig").path("url").asText())
                .isEqualTo("jdbc:oracle:thin:report/Ny-2027@db.acme.no:1521/ORCL");
        page = withConfigs.handle(Request.get("/jobs/sales/edit", Map.of())).text();
        assertThat(page).contains("value=\"jdbc:oracle:thin:report/***@db.acme.no:1521/ORCL\"").doesNotContain("Ny-2027");
        edit.put("config.url", "jdbc:oracle:thin:report/***@db.acme.no:1521/ORCL");
        assertThat(withConfigs.handle(new Request("POST", "/jobs/sales/edit", edit, Map.of(), Map.of())).status()).isEqualTo(303);
        assertThat(JSON.readTree(file.toFile()).path("connectorConfig").path("url").asText()).as("kept")
                .isEqualTo("jdbc:oracle:thin:report/Ny-2027@db.acme.no:1521/ORCL");
        // the copies the editor checks in the temp folder never held the URL
        assertThat(copies).isNotEmpty().noneMatch(c -> c.contains("Ny-2027") || c.contains("s3cret"));
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
