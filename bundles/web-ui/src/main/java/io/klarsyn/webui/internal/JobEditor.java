package io.klarsyn.webui.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.klarsyn.api.server.ConnectorConfigurations;
import io.klarsyn.api.server.ConnectorField;
import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.settings.SettingDescriptor;

/**
 * The job editor ({@code /jobs/new}, {@code /jobs/{name}/edit}): a form over the job file's fields
 * and every setting the installed plugins declare. A save is checked by the same reader the server
 * uses (the jobs bundle's {@code JobFiles}) and by the engine (connector and settings); an error is
 * shown at its field and nothing is written. A good job is written to {@code jobs/<name>.json} under
 * a temporary name and renamed, keeping whatever the form does not show (retention, setting
 * families such as {@code cx.selfAssessment.*}).
 */
final class JobEditor {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,80}");
    /** The folder under the jobs folder that uploaded logos go to. */
    static final String LOGOS = "logos";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> LOCALES = List.of("nb-NO", "sv-SE", "en-GB");

    private final Services services;
    private final Page page;
    /** The job's name when editing; null for a new job. */
    private final String existing;

    JobEditor(Services services, Page page, String existing) {
        this.services = services;
        this.page = page;
        this.existing = existing;
    }

    /** The form filled from the job file (or empty for a new job). */
    Response form() {
        Map<String, String> values = new LinkedHashMap<>();
        if (existing != null) {
            ObjectNode tree = read(file(existing));
            values.put("name", existing);
            values.put("client", tree.path("branding").path("clientName").asText(""));
            values.put("connector", tree.path("connector").asText(""));
            values.put("folder", tree.path("settings").path(tree.path("connector").asText("csv")).path("folder").asText(""));
            values.put("schedule", tree.path("schedule").asText(""));
            values.put("timeZone", tree.path("timeZone").asText(""));
            values.put("locale", tree.path("locale").asText(""));
            values.put("currency", tree.path("currency").asText(""));
            values.put("color", tree.path("branding").path("color").asText(""));
            List<String> to = new ArrayList<>();
            tree.path("recipients").forEach(n -> to.add(n.asText()));
            values.put("recipients", String.join(", ", to));
            for (SettingDescriptor d : descriptors()) {
                JsonNode v = setting(tree.path("settings"), d.name());
                if (v != null) {
                    // a password in a URL is never sent to the browser; saved back unchanged, it stays (see apply)
                    values.put("set." + d.name(), d.shown(text(v)));
                }
            }
            JsonNode config = tree.path(ConnectorConfigurations.FIELD);
            for (ConnectorField f : connectorFields(values.get("connector"))) {
                JsonNode v = config.get(f.id());
                if (v != null && !v.isNull() && !f.secret()) {
                    // as for URL settings: a password in a URL is never sent; saved back unchanged, it stays
                    values.put(CONFIG + f.id(), f.shown(v.asText()));
                }
            }
        } else {
            values.put("connector", "csv");
            values.put("timeZone", "Europe/Oslo");
            values.put("locale", "nb-NO");
            values.put("currency", "NOK");
            values.put("schedule", "H H(5-7) H(1-3) * *");
        }
        // the connector chosen in the form (htmx asks for its connection fields again)
        String chosen = page.request().params().get("connector");
        if (chosen != null && !chosen.isBlank()) {
            values.put("connector", chosen.strip());
        }
        return render(200, values, Map.of(), null);
    }

    /** Checks the submitted form and saves it, or shows it again with the errors at their fields. */
    Response save() {
        Map<String, String> values = new LinkedHashMap<>();
        page.request().params().forEach((k, v) -> values.put(k, v.strip()));
        String name = existing != null ? existing : values.getOrDefault("name", "");
        values.put("name", name);
        Map<String, String> errors = new LinkedHashMap<>();
        Texts t = page.t();
        if (existing == null) {
            if (!NAME.matcher(name).matches() || name.equals("new")) {
                errors.put("name", t.get("editor.badName"));
            } else if (Files.exists(file(name)) || services.jobs().job(name).isPresent()) {
                errors.put("name", t.get("editor.nameTaken", name));
            }
        }
        if (values.getOrDefault("client", "").isEmpty()) {
            errors.put("client", t.get("editor.required"));
        }
        List<ConnectorField> connectorFields = connectorFields(values.getOrDefault("connector", "csv"));
        if (values.getOrDefault("folder", "").isEmpty() && connectorFields.isEmpty()) {
            errors.put("folder", t.get("editor.required"));
        }
        if (!errors.isEmpty()) {
            return render(400, values, errors, null);
        }
        // a bad logo is shown together with what the job's check finds
        Logo logo = null;
        Request.Upload upload = page.request().upload("logo");
        if (upload != null) {
            try {
                logo = Logo.of(upload, t);
            } catch (IllegalArgumentException e) {
                errors.put("logo", e.getMessage());
            }
        }
        ObjectNode tree = existing != null ? read(file(existing)) : JSON.createObjectNode();
        try {
            applyConnectorConfig(tree, values, connectorFields);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            errors.put(configField(message, connectorFields), message);
            return render(400, values, errors, null);
        }
        apply(tree, values);
        if (logo != null) {
            ((ObjectNode) tree.get("branding")).put("logo", logoPath(name, logo));
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        JobDefinition checked;
        try {
            checked = check(name, bytes, logo);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage()).replaceFirst("^" + Pattern.quote(name + ".json") + ":\\s*", "");
            errors.put(field(message), message);
            return render(400, values, errors, null);
        }
        if (!errors.isEmpty()) {
            return render(400, values, errors, null);
        }
        if (logo != null) {
            writeLogo(name, logo);
        }
        write(name, bytes);
        if (logo != null) {
            deleteOldLogos(name, logoPath(name, logo));
        }
        awaitRegistry(name, checked);
        return Response.redirect("/jobs/" + Ui.url(name) + "?saved=1");
    }

    /** The schedule field's preview ({@code POST /editor/schedule}, htmx): in words with the next three runs, or why not. */
    Response schedulePreview() {
        return page.fragment("schedule-preview", preview(page.request().params()));
    }

    /** @return {@code words} and {@code next} of the schedule in {@code values}, or its {@code error} */
    private Map<String, Object> preview(Map<String, String> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", "");
        String schedule = values.getOrDefault("schedule", "").strip();
        String name = existing != null ? existing : values.getOrDefault("name", "").strip();
        if (!NAME.matcher(name).matches()) {
            name = "job";
        }
        ObjectNode tree = JSON.createObjectNode();
        tree.put("connector", "csv");
        tree.put("locale", "en-GB");
        tree.put("currency", "EUR");
        String zone = values.getOrDefault("timeZone", "").strip();
        tree.put("timeZone", zone.isEmpty() ? "UTC" : zone);
        if (!schedule.isEmpty()) {
            tree.put("schedule", schedule);
        }
        try {
            JobDefinition d = read(name, JSON.writeValueAsBytes(tree));
            m.put("words", ScheduleWords.describe(d.cron(), d.spec().zone(), page.t()));
            List<String> next = new ArrayList<>();
            services.scheduler().nextRuns(d, 3).forEach(time -> next.add(page.f().time(time)));
            m.put("next", next);
        } catch (IllegalArgumentException | IOException e) {
            m.put("error", String.valueOf(e.getMessage()).replaceFirst("^" + Pattern.quote(name + ".json") + ":\\s*", ""));
        }
        return m;
    }

    private JobDefinition read(String name, byte[] bytes) throws IOException {
        Path folder = Files.createTempDirectory("klarsyn-editor");
        try {
            Path file = Files.createDirectories(folder.resolve("jobs")).resolve(name + ".json");
            Files.write(file, bytes);
            return services.files().read(file);
        } finally {
            deleteQuietly(folder);
        }
    }

    /** The same reader as the server's jobs folder, then the engine's check of connector and settings. */
    private JobDefinition check(String name, byte[] bytes, Logo logo) {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("klarsyn-editor");
            Path jobs = Files.createDirectories(folder.resolve("jobs"));
            Path file = jobs.resolve(name + ".json");
            ObjectNode copy = (ObjectNode) JSON.readTree(bytes);
            if (copy.has(ConnectorConfigurations.FIELD)) {
                // the reader checks only that it is an object; its values (a URL with a password) stay out of /tmp
                copy.set(ConnectorConfigurations.FIELD, JSON.createObjectNode());
            }
            JsonNode logoPath = copy.path("branding").path("logo");
            if (logo != null) {
                Path uploaded = jobs.resolve(logoPath.asText());
                Files.createDirectories(uploaded.getParent());
                Files.write(uploaded, logo.bytes());
            } else if (logoPath.isTextual() && !Path.of(logoPath.asText()).isAbsolute()) {
                ((ObjectNode) copy.get("branding")).put("logo", services.home().jobs().resolve(logoPath.asText()).toString());
            }
            Files.write(file, JSON.writeValueAsBytes(copy));
            JobDefinition d = services.files().read(file);
            try {
                services.check().accept(d.spec());
            } catch (IllegalArgumentException e) {
                // a connector configured per job has no instance for this job before its configuration is saved:
                // the server makes it from the file, and the job page says what is wrong after that
                boolean awaitingConfiguration = !connectorFields(d.spec().connector()).isEmpty()
                        && String.valueOf(e.getMessage()).contains("connector '" + d.spec().connector() + "'");
                if (!awaitingConfiguration) {
                    throw e;
                }
            }
            return d;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(folder);
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (var walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind harms nothing
        }
    }

    /** @return the form field an error message is about, or {@code _} for the form as a whole */
    String field(String message) {
        String m = message.strip();
        if (m.startsWith("schedule")) {
            return "schedule";
        }
        if (m.startsWith("timeZone")) {
            return "timeZone";
        }
        if (m.startsWith("locale")) {
            return "locale";
        }
        if (m.startsWith("currency")) {
            return "currency";
        }
        if (m.startsWith("branding.color")) {
            return "color";
        }
        if (m.startsWith("branding.logo")) {
            return "logo";
        }
        if (m.startsWith("recipients")) {
            return "recipients";
        }
        String best = null;
        for (SettingDescriptor d : descriptors()) {
            if (m.contains("'" + d.name() + "'") || m.contains(d.name() + " ") || m.contains(d.name() + ":")) {
                if (best == null || d.name().length() > best.length()) {
                    best = d.name();
                }
            }
        }
        if (best != null) {
            return "set." + best;
        }
        if (m.toLowerCase(java.util.Locale.ROOT).contains("connector")) {
            return "connector";
        }
        return "_";
    }

    private void apply(ObjectNode tree, Map<String, String> values) {
        String connector = values.getOrDefault("connector", "csv");
        tree.put("connector", connector);
        put(tree, "locale", values.get("locale"));
        put(tree, "currency", values.get("currency"));
        put(tree, "timeZone", values.get("timeZone"));
        put(tree, "schedule", values.get("schedule"));
        ObjectNode branding = tree.has("branding") && tree.get("branding").isObject() ? (ObjectNode) tree.get("branding")
                : tree.putObject("branding");
        put(branding, "clientName", values.get("client"));
        put(branding, "color", values.get("color"));
        String to = values.getOrDefault("recipients", "");
        if (to.isEmpty()) {
            tree.remove("recipients");
        } else {
            ArrayNode list = tree.putArray("recipients");
            for (String r : to.split("[,;\\s]+")) {
                if (!r.isEmpty()) {
                    list.add(r);
                }
            }
        }
        ObjectNode settings = tree.has("settings") && tree.get("settings").isObject() ? (ObjectNode) tree.get("settings")
                : tree.putObject("settings");
        String folder = values.getOrDefault("folder", "");
        setSetting(settings, connector + ".folder", folder.isEmpty() ? null : folder);
        if (settings.isEmpty()) {
            tree.remove("settings");
        }
        for (SettingDescriptor d : descriptors()) {
            if (values.containsKey("set." + d.name())) {
                String v = values.get("set." + d.name());
                JsonNode stored = setting(settings, d.name());
                if (stored != null && !v.equals(text(stored)) && v.equals(d.shown(text(stored)))) {
                    continue; // the form showed the stored URL with its password masked, and it came back as shown
                }
                setSetting(settings, d.name(), v.isEmpty() || v.equals(d.defaultValue()) ? null : v);
            }
        }
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value == null || value.isEmpty()) {
            node.remove(field);
        } else {
            node.put(field, value);
        }
    }

    /** Sets {@code a.b.c} as {@code {"a": {"b": {"c": value}}}}; null removes it (and parents left empty). */
    private static void setSetting(ObjectNode settings, String dotted, String value) {
        String[] parts = dotted.split("\\.");
        ObjectNode node = settings;
        List<ObjectNode> path = new ArrayList<>();
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = node.get(parts[i]);
            if (next == null || !next.isObject()) {
                if (value == null) {
                    return;
                }
                next = node.putObject(parts[i]);
            }
            path.add(node);
            node = (ObjectNode) next;
        }
        if (value == null) {
            node.remove(parts[parts.length - 1]);
            for (int i = path.size() - 1; i >= 0 && node.isEmpty(); i--) {
                path.get(i).remove(parts[i]);
                node = path.get(i);
            }
        } else {
            node.put(parts[parts.length - 1], value);
        }
    }

    private static JsonNode setting(JsonNode settings, String dotted) {
        JsonNode node = settings;
        for (String part : dotted.split("\\.")) {
            node = node.path(part);
        }
        return node.isMissingNode() || node.isNull() || node.isObject() ? null : node;
    }

    private static String text(JsonNode v) {
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(i -> items.add(i.asText()));
            return String.join(",", items);
        }
        return v.asText();
    }

    /** The prefix of the form's fields of the connector's per-job configuration. */
    static final String CONFIG = "config.";

    /** @return the per-job fields of the connector, none when it has none or the service is not there */
    private List<ConnectorField> connectorFields(String connector) {
        if (connector == null || connector.isEmpty()) {
            return List.of();
        }
        return services.connectorConfigs().get().map(c -> c.fields(connector)).orElse(List.of());
    }

    /**
     * Puts the form's per-job connector fields into the job file's {@code connectorConfig}, checked and with the
     * secrets sealed by the connector-configuration service; an empty password field keeps the saved (sealed)
     * value, so that a secret never travels back to the browser, and so does a text field that comes back as the
     * form showed it with its URL's password masked ({@link ConnectorField#shown}); a URL typed anew replaces it.
     *
     * @throws IllegalArgumentException naming the field ({@code connectorConfig.<id>: ...})
     */
    private void applyConnectorConfig(ObjectNode tree, Map<String, String> values, List<ConnectorField> fields) {
        if (fields.isEmpty()) {
            tree.remove(ConnectorConfigurations.FIELD);
            return;
        }
        boolean sameConnector = values.getOrDefault("connector", "").equals(tree.path("connector").asText(""));
        JsonNode saved = sameConnector ? tree.path(ConnectorConfigurations.FIELD) : JSON.createObjectNode();
        Map<String, String> given = new LinkedHashMap<>();
        for (ConnectorField f : fields) {
            String v = values.getOrDefault(CONFIG + f.id(), "");
            String stored = saved.hasNonNull(f.id()) ? saved.get(f.id()).asText() : null;
            if (f.secret() && v.isEmpty() && stored != null) {
                v = stored;
            } else if (!f.secret() && stored != null && !v.equals(stored) && v.equals(f.shown(stored))) {
                v = stored; // the form showed the stored URL with its password masked, and it came back as shown
            }
            if (!v.isEmpty()) {
                given.put(f.id(), v);
            }
        }
        Map<String, String> prepared = services.connectorConfigs().get().orElseThrow()
                .prepare(values.getOrDefault("connector", ""), given);
        ObjectNode config = JSON.createObjectNode();
        prepared.forEach(config::put);
        tree.set(ConnectorConfigurations.FIELD, config);
    }

    private static String configField(String message, List<ConnectorField> fields) {
        for (ConnectorField f : fields) {
            if (message.startsWith(ConnectorConfigurations.FIELD + "." + f.id() + ":")) {
                return CONFIG + f.id();
            }
        }
        return "_";
    }

    private List<SettingDescriptor> descriptors() {
        return services.settings().get().stream()
                .filter(d -> !d.name().endsWith(".*") && !d.name().endsWith(".folder"))
                .sorted(Comparator.comparing(SettingDescriptor::name)).toList();
    }

    private Path file(String name) {
        return services.home().jobs().resolve(name + ".json");
    }

    private ObjectNode read(Path file) {
        try {
            JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return n instanceof ObjectNode o ? o : JSON.createObjectNode();
        } catch (IOException e) {
            // an unreadable file is edited from scratch; its problem is on the job page
            return JSON.createObjectNode();
        }
    }

    /**
     * @return where an uploaded logo is kept, relative to the jobs folder: {@code logos/<name>-<hash>.png},
     *         named by its content so that a new logo changes the job file (the registry reads a job file
     *         again only when it changed)
     */
    static String logoPath(String name, Logo logo) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(logo.bytes());
            return LOGOS + "/" + name + "-" + java.util.HexFormat.of().formatHex(hash, 0, 4) + "." + logo.extension();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the logo under a temporary name and renames it. */
    private void writeLogo(String name, Logo logo) {
        try {
            Path folder = Files.createDirectories(services.home().jobs().resolve(LOGOS));
            Path partial = folder.resolve("." + name + "." + logo.extension() + ".saving");
            Files.write(partial, logo.bytes());
            Files.move(partial, services.home().jobs().resolve(logoPath(name, logo)), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("the logo could not be written: " + e.getMessage(), e);
        }
    }

    /** Deletes the job's earlier uploaded logos, which its file no longer names. */
    private void deleteOldLogos(String name, String keep) {
        Pattern mine = Pattern.compile(Pattern.quote(name) + "-[0-9a-f]{8}\\.(png|jpg)");
        Path folder = services.home().jobs().resolve(LOGOS);
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                String fileName = f.getFileName().toString();
                if (mine.matcher(fileName).matches() && !(LOGOS + "/" + fileName).equals(keep)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            // an old logo left behind takes room, nothing else
        }
    }

    private void write(String name, byte[] bytes) {
        try {
            Files.createDirectories(services.home().jobs());
            Path partial = services.home().jobs().resolve("." + name + ".json.saving");
            Files.write(partial, bytes);
            Files.move(partial, file(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("the job file could not be written: " + e.getMessage(), e);
        }
    }

    /** The registry reads the folder every second: wait (briefly) so the job page shows the saved job. */
    private void awaitRegistry(String name, JobDefinition saved) {
        for (int i = 0; i < 30; i++) {
            var entry = services.jobs().job(name);
            if (entry.isPresent() && entry.get().definition() != null
                    && entry.get().definition().schedule().equals(saved.schedule())
                    && same(entry.get().definition().spec().branding(), saved.spec().branding())) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean same(io.klarsyn.api.run.Branding a, io.klarsyn.api.run.Branding b) {
        return java.util.Objects.equals(a.clientName(), b.clientName()) && java.util.Objects.equals(a.color(), b.color())
                && java.util.Arrays.equals(a.logo(), b.logo());
    }

    private Response render(int status, Map<String, String> values, Map<String, String> errors, String note) {
        Texts t = page.t();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("isNew", existing == null);
        m.put("action", existing == null ? "/jobs/new" : "/jobs/" + Ui.url(existing) + "/edit");
        m.put("cancel", existing == null ? "/" : "/jobs/" + Ui.url(existing));
        m.put("hasErrors", !errors.isEmpty());
        m.put("formError", errors.get("_"));
        m.put("errorCount", t.get("editor.errors", errors.size()));
        List<Map<String, Object>> fields = new ArrayList<>();
        if (existing == null) {
            fields.add(field("name", t.get("editor.name"), t.get("editor.nameHelp"), "text", values, errors, null));
        }
        fields.add(field("client", t.get("editor.client"), null, "text", values, errors, null));
        List<String> connectors = services.connectors().get();
        fields.add(field("connector", t.get("job.connector"), null, "text", values, errors,
                connectors.isEmpty() ? null : connectors));
        fields.add(field("folder", t.get("job.folder"), t.get("editor.folderHelp"), "text", values, errors, null));
        fields.add(field("schedule", t.get("editor.schedule"), t.get("editor.scheduleHelp"), "text", values, errors, null));
        fields.add(field("timeZone", t.get("job.zone"), null, "text", values, errors, null));
        fields.add(field("locale", t.get("job.locale"), null, "text", values, errors, LOCALES));
        fields.add(field("currency", t.get("job.currency"), null, "text", values, errors, null));
        fields.add(field("color", t.get("editor.color"), "#RRGGBB", "text", values, errors, null));
        String currentLogo = existing == null ? "" : read(file(existing)).path("branding").path("logo").asText("");
        fields.add(field("logo", t.get("editor.logo"), t.get("editor.logoHelp")
                + (currentLogo.isEmpty() ? "" : " " + t.get("editor.logoNow", currentLogo)), "file", values, errors, null));
        fields.add(field("recipients", t.get("job.recipients"), t.get("editor.recipientsHelp"), "text", values, errors, null));
        m.put("fields", fields);
        fields.stream().filter(f -> f.get("error") != null).findFirst().ifPresent(f -> f.put("first", Boolean.TRUE));
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (SettingDescriptor d : descriptors()) {
            String group = d.name().contains(".") ? d.name().substring(0, d.name().indexOf('.')) : d.name();
            Map<String, Object> f = field("set." + d.name(), d.name(), d.description() + " (" + d.type()
                    + (d.defaultValue() == null ? "" : "; " + t.get("editor.default") + " " + d.defaultValue()) + ")", "text",
                    values, errors, null);
            f.put("placeholder", d.defaultValue());
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(f);
        }
        List<Map<String, Object>> settingGroups = new ArrayList<>();
        groups.forEach((g, fs) -> settingGroups.add(Map.of("group", g, "fields", fs,
                "open", fs.stream().anyMatch(f -> f.get("error") != null))));
        m.put("settingGroups", settingGroups);
        String connector = values.getOrDefault("connector", "");
        List<ConnectorField> config = connectorFields(connector);
        JsonNode savedConfig = existing == null ? JSON.createObjectNode()
                : read(file(existing)).path(ConnectorConfigurations.FIELD);
        List<Map<String, Object>> configFields = new ArrayList<>();
        for (ConnectorField cf : config) {
            String help = cf.description() + " (" + cf.type() + (cf.defaultValue() == null || cf.defaultValue().isEmpty() || cf.secret() ? ""
                    : "; " + t.get("editor.default") + " " + cf.defaultValue()) + ")";
            boolean set = cf.secret() && savedConfig.hasNonNull(cf.id()) && !savedConfig.get(cf.id()).asText().isEmpty();
            if (set) {
                help += " " + t.get("editor.secretSet");
            }
            Map<String, Object> f = field(CONFIG + cf.id(), cf.name() + (cf.required() ? " *" : ""), help,
                    cf.secret() ? "password" : "text", values, errors, null);
            if (cf.secret()) {
                f.put("value", "");
                f.put("placeholder", set ? io.klarsyn.api.security.SecretStore.mask("x") : "");
            } else {
                f.put("placeholder", cf.defaultValue() == null ? "" : cf.defaultValue());
            }
            configFields.add(f);
        }
        m.put("configFields", configFields);
        m.put("hasConfig", !configFields.isEmpty());
        m.put("configTitle", t.get("editor.connectorConfig", connector));
        m.put("preview", values.getOrDefault("schedule", "").isBlank() ? null : preview(values));
        m.put("existingName", existing);
        String title = existing == null ? t.get("editor.newTitle") : t.get("editor.editTitle", existing);
        return page.render(status, "editor", title, "dashboard", 0, m);
    }

    private static Map<String, Object> field(String name, String label, String help, String type, Map<String, String> values,
            Map<String, String> errors, List<String> choices) {
        Map<String, Object> f = new LinkedHashMap<>();
        String id = "f-" + name.replace('.', '-');
        f.put("name", name);
        f.put("id", id);
        f.put("label", label);
        f.put("help", help);
        f.put("type", type);
        f.put("value", values.getOrDefault(name, ""));
        f.put("error", errors.get(name));
        if (choices != null) {
            List<Map<String, Object>> options = new ArrayList<>();
            for (String c : choices) {
                options.add(Map.of("value", c, "selected", c.equals(values.get(name))));
            }
            f.put("options", options);
        }
        f.put("select", choices != null);
        f.put("isSchedule", name.equals("schedule"));
        f.put("isConnector", name.equals("connector"));
        f.put("isFile", type.equals("file"));
        return f;
    }
}
