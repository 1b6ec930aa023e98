package io.klarsyn.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.klarsyn.api.report.Branding;
import io.klarsyn.api.run.JobSpec;

/**
 * Reads a job file:
 *
 * <pre>{@code
 * {
 *   "name": "nordlys-energi",
 *   "connector": "csv",
 *   "locale": "nb-NO", "currency": "NOK", "timeZone": "Europe/Oslo",
 *   "branding": { "clientName": "Nordlys Energi AS", "logo": "logo.png", "color": "#0B6E4F" },
 *   "settings": { "csv.folder": "data", "churn": { "segments": "plan,region" } },
 *   "schedule": "H 6 H(1-5) * *", "recipients": ["cfo@example.com"]
 * }
 * }</pre>
 *
 * Nested setting objects are flattened to dotted names; arrays become comma-separated lists;
 * {@code csv.folder} and the logo are resolved against the job file's folder. {@code schedule} (a
 * string) and {@code recipients} (an array of strings) belong to the server; they are checked for
 * their shape and otherwise ignored here.
 */
final class JobFiles {

    private static final List<String> FIELDS = List.of("name", "connector", "locale", "currency", "timeZone", "branding",
            "settings", "schedule", "recipients");

    private JobFiles() {
    }

    static JobSpec read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("job file " + file + " does not exist");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("job file " + file + " is not valid JSON: line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("job file " + file + " must hold a JSON object");
        }
        Path base = file.toAbsolutePath().getParent();
        String name = text(root, "name", file.getFileName().toString().replaceFirst("\\.json$", ""));
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("job file " + file + ": name '" + name + "' may hold only letters, digits, '.', '_' and '-'");
        }
        String connector = text(root, "connector", "csv");
        Locale locale = parseLocale(text(root, "locale", "nb-NO"));
        String currency = text(root, "currency", "NOK");
        ZoneId zone;
        try {
            zone = ZoneId.of(text(root, "timeZone", "Europe/Oslo"));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("job file " + file + ": timeZone: " + e.getMessage());
        }
        Branding branding = Branding.NONE;
        JsonNode b = root.get("branding");
        if (b != null && b.isObject()) {
            byte[] logo = null;
            String logoPath = text(b, "logo", null);
            if (logoPath != null) {
                Path p = base.resolve(logoPath);
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("job file " + file + ": logo " + p + " does not exist");
                }
                logo = Files.readAllBytes(p);
            }
            String color = text(b, "color", null);
            if (color != null && !color.matches("#[0-9A-Fa-f]{6}")) {
                throw new IllegalArgumentException("job file " + file + ": branding.color '" + color + "' is not #RRGGBB");
            }
            branding = new Branding(text(b, "clientName", null), logo, color);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        JsonNode s = root.get("settings");
        if (s != null) {
            flatten("", s, settings);
        }
        String folder = settings.get("csv.folder");
        if (folder != null) {
            settings.put("csv.folder", base.resolve(folder).normalize().toString());
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("job file " + file + ": unknown field '" + f
                        + "' (fields: " + String.join(", ", FIELDS) + ")");
            }
        }
        JsonNode schedule = root.get("schedule");
        if (schedule != null && !schedule.isNull() && !schedule.isTextual()) {
            throw new IllegalArgumentException("job file " + file + ": schedule must be a string, e.g. \"H 6 1 * *\"");
        }
        JsonNode recipients = root.get("recipients");
        if (recipients != null && !recipients.isNull()) {
            boolean strings = recipients.isArray();
            for (JsonNode r : recipients) {
                strings &= r.isTextual();
            }
            if (!strings) {
                throw new IllegalArgumentException("job file " + file + ": recipients must be an array of strings");
            }
        }
        return new JobSpec(name, connector, locale, currency, zone, branding, settings);
    }

    private static String text(JsonNode n, String field, String def) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? def : v.asText();
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else if (n.isArray()) {
            StringBuilder b = new StringBuilder();
            n.forEach(item -> b.append(b.length() == 0 ? "" : ",").append(item.asText()));
            out.put(prefix, b.toString());
        } else if (!n.isNull()) {
            out.put(prefix, n.asText());
        }
    }

    static String parseCurrency(String s) {
        String code = s.trim().toUpperCase(Locale.ROOT);
        try {
            java.util.Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--currency '" + s + "' is not an ISO 4217 currency code, e.g. NOK, SEK, DKK, EUR");
        }
        return code;
    }

    static Locale parseLocale(String s) {
        switch (s) {
            case "nb-NO": case "nb": case "no": return Locale.forLanguageTag("nb-NO");
            case "sv-SE": case "sv": return Locale.forLanguageTag("sv-SE");
            case "en-GB": case "en": return Locale.forLanguageTag("en-GB");
            default: throw new IllegalArgumentException("--locale '" + s + "' is not supported; use nb-NO, sv-SE or en-GB");
        }
    }
}
