package io.klarsyn.jobs.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.klarsyn.api.run.Branding;
import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.server.ConnectorConfigurations;
import io.klarsyn.api.server.DeliveryPlan;
import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.server.Recipient;
import io.klarsyn.api.server.Retention;

/**
 * Reads a job file {@code jobs/<name>.json}:
 *
 * <pre>{@code
 * {
 *   "connector": "csv",
 *   "locale": "nb-NO", "currency": "NOK", "timeZone": "Europe/Oslo",
 *   "branding": { "clientName": "Nordlys Energi AS", "logo": "logo.png", "color": "#0B6E4F" },
 *   "settings": { "csv.folder": "data", "churn": { "segments": "plan,region" } },
 *   "schedule": "H 6 3 * *",
 *   "recipients": ["cfo@nordlys.example", { "address": "chef@nordlys.example", "locale": "sv-SE" }],
 *   "owner": "konsulent@klarsyn.example",
 *   "delivery": { "folder": "../shared/reports" },
 *   "retention": { "runs": 24, "days": 800 }
 * }
 * }</pre>
 *
 * The rules of the one-shot {@code klarsyn report --job} format: defaults csv, nb-NO, NOK,
 * Europe/Oslo; nested settings flattened to dotted names, arrays to comma-separated lists; the
 * logo and {@code csv.folder} resolved against the job file's folder. Added: {@code schedule}
 * (see {@link Schedules}; absent = {@link Schedules#DEFAULT}), {@code recipients} (addresses,
 * or objects with an address and a locale), {@code owner} (an address), {@code delivery} (channel
 * id → target; a {@code folder} resolved against the job file's folder) and {@code retention} ({@code {"runs": 50, "days": 400}}: how long runs keep their artifacts).
 * {@code connectorConfig} (an object) is the per-job configuration of a connector configured per job:
 * the connector-config bundle applies it ({@link ConnectorConfigurations}); here only its shape is checked.
 *
 * <p>The job's name is the file stem. A {@code "name"} field that differs is ignored: the stem
 * wins, so that copying a file makes a second job rather than a clash.
 */
final class JobFileReader {

    static final Set<String> FIELDS = Set.of("name", "connector", "locale", "currency", "timeZone", "branding", "settings",
            "schedule", "recipients", "owner", "delivery", "retention", ConnectorConfigurations.FIELD);
    private static final String FIELD_LIST = "name, connector, locale, currency, timeZone, branding, settings, schedule, recipients, owner, delivery, retention, "
            + ConnectorConfigurations.FIELD;
    private static final String ADDRESS = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";
    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9-]*");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JobFileReader() {
    }

    /** @return the job name of a file {@code <name>.json}, or null when it is not a job file name */
    static String nameOf(Path file) {
        String f = file.getFileName().toString();
        return f.endsWith(".json") && f.length() > 5 ? f.substring(0, f.length() - 5) : null;
    }

    /**
     * @return the job
     * @throws IllegalArgumentException when the file is not a valid job, saying where and why
     *         (prefixed with the file's name)
     */
    static JobDefinition read(Path file, byte[] content) {
        String fileName = file.getFileName().toString();
        String name = nameOf(file);
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(fileName + ": the file name makes the job's name and may hold only letters, digits, '.', '_' and '-' before .json");
        }
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(fileName + ", line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException(fileName + ": " + e.getMessage());
        }
        try {
            return read(file, name, root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(fileName + ": " + e.getMessage(), e);
        }
    }

    private static JobDefinition read(Path file, String name, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a job file holds one JSON object { ... }");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f + "' (fields: " + FIELD_LIST + ")");
            }
        }
        JsonNode connectorConfig = root.get(ConnectorConfigurations.FIELD);
        if (connectorConfig != null && !connectorConfig.isObject()) {
            throw new IllegalArgumentException(ConnectorConfigurations.FIELD + ": an object of field to value was expected");
        }
        Path base = file.toAbsolutePath().getParent();
        String connector = text(root, "connector", "csv");
        Locale locale = locale(text(root, "locale", "nb-NO"));
        String currency = currency(text(root, "currency", "NOK"));
        String zoneText = text(root, "timeZone", "Europe/Oslo");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneText);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("timeZone '" + zoneText + "' is not a known time zone (e.g. Europe/Oslo, Europe/Stockholm, UTC)");
        }
        Branding branding = branding(root.get("branding"), base);
        Map<String, String> settings = new LinkedHashMap<>();
        JsonNode s = root.get("settings");
        if (s != null && !s.isNull()) {
            if (!s.isObject()) {
                throw new IllegalArgumentException("settings must be an object { \"name\": value, ... }");
            }
            flatten("", s, settings);
        }
        String folder = settings.get("csv.folder");
        if (folder != null) {
            settings.put("csv.folder", base.resolve(folder).normalize().toString());
        }
        String schedule = text(root, "schedule", null);
        if (schedule == null || schedule.isBlank()) {
            schedule = Schedules.DEFAULT;
        }
        String cron = Schedules.toQuartz(schedule, name);
        List<Recipient> recipients = recipients(root.get("recipients"));
        String owner = text(root, "owner", null);
        if (owner != null && !owner.trim().matches(ADDRESS)) {
            throw new IllegalArgumentException("owner '" + owner + "' is not an e-mail address");
        }
        DeliveryPlan delivery = new DeliveryPlan(recipients, owner == null ? null : owner.trim(),
                channels(root.get("delivery"), base));
        return new JobDefinition(new JobSpec(name, connector, locale, currency, zone, branding, settings), schedule, cron,
                recipients.stream().map(Recipient::address).toList(), retention(root.get("retention")), delivery);
    }

    /** {@code {"runs": N, "days": D}}, each optional (its default), 0 for no limit by that measure. */
    private static Retention retention(JsonNode r) {
        if (r == null || r.isNull()) {
            return Retention.DEFAULT;
        }
        if (!r.isObject()) {
            throw new IllegalArgumentException("retention must be an object like { \"runs\": 50, \"days\": 400 }");
        }
        for (Iterator<String> it = r.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!Set.of("runs", "days").contains(f)) {
                throw new IllegalArgumentException("unknown field 'retention." + f + "' (fields: runs, days)");
            }
        }
        return new Retention(count(r, "runs", Retention.DEFAULT_KEEP_RUNS), count(r, "days", Retention.DEFAULT_KEEP_DAYS));
    }

    private static int count(JsonNode r, String field, int def) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("retention." + field + " must be a whole number, 0 or more (0: no limit), not " + v);
        }
        return v.asInt();
    }

    private static Branding branding(JsonNode b, Path base) {
        if (b == null || b.isNull()) {
            return Branding.NONE;
        }
        if (!b.isObject()) {
            throw new IllegalArgumentException("branding must be an object { \"clientName\", \"logo\", \"color\" }");
        }
        for (Iterator<String> it = b.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!Set.of("clientName", "logo", "color").contains(f)) {
                throw new IllegalArgumentException("unknown field 'branding." + f + "' (fields: clientName, logo, color)");
            }
        }
        byte[] logo = null;
        String logoPath = text(b, "logo", null);
        if (logoPath != null) {
            Path p = base.resolve(logoPath).normalize();
            try {
                logo = Files.readAllBytes(p);
            } catch (IOException e) {
                throw new IllegalArgumentException("branding.logo " + p + " cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        }
        String color = text(b, "color", null);
        if (color != null && !color.matches("#[0-9A-Fa-f]{6}")) {
            throw new IllegalArgumentException("branding.color '" + color + "' is not #RRGGBB");
        }
        return new Branding(text(b, "clientName", null), logo, color);
    }

    private static List<Recipient> recipients(JsonNode r) {
        List<Recipient> out = new ArrayList<>();
        if (r == null || r.isNull()) {
            return out;
        }
        if (!r.isArray()) {
            throw new IllegalArgumentException("recipients must be an array of e-mail addresses, e.g. [\"cfo@client.example\"]");
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode n : r) {
            Recipient recipient;
            if (n.isObject()) {
                for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
                    String f = it.next();
                    if (!Set.of("address", "locale").contains(f)) {
                        throw new IllegalArgumentException("unknown field 'recipients." + f + "' in " + n + " (fields: address, locale)");
                    }
                }
                String address = text(n, "address", null);
                if (address == null || !address.trim().matches(ADDRESS)) {
                    throw new IllegalArgumentException("recipients: " + n + " has no e-mail address in \"address\"");
                }
                String tag = text(n, "locale", null);
                recipient = new Recipient(address.trim(), tag == null ? null : locale(tag));
            } else if (n.isTextual() && n.asText().trim().matches(ADDRESS)) {
                recipient = new Recipient(n.asText().trim(), null);
            } else {
                throw new IllegalArgumentException("recipients: " + n + " is not an e-mail address");
            }
            if (!seen.add(recipient.address().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("recipients: " + recipient.address() + " is listed twice");
            }
            out.add(recipient);
        }
        return out;
    }

    /** {@code {"folder": "../shared"}}: channel id → target; {@code mail} is the recipients' channel. */
    private static Map<String, String> channels(JsonNode d, Path base) {
        Map<String, String> out = new LinkedHashMap<>();
        if (d == null || d.isNull()) {
            return out;
        }
        if (!d.isObject()) {
            throw new IllegalArgumentException("delivery must be an object like { \"folder\": \"../shared/reports\" }");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String channel = e.getKey();
            if (!CHANNEL.matcher(channel).matches() || channel.equals("mail")) {
                throw new IllegalArgumentException("delivery." + channel + ": a channel id is lower-case letters, digits and '-'"
                        + (channel.equals("mail") ? "; mail goes to \"recipients\"" : ""));
            }
            JsonNode v = e.getValue();
            if (!v.isTextual() || v.asText().isBlank()) {
                throw new IllegalArgumentException("delivery." + channel + " must be a non-empty string, not " + v);
            }
            out.put(channel, channel.equals("folder") ? base.resolve(v.asText()).normalize().toString() : v.asText());
        }
        return out;
    }

    static Locale locale(String s) {
        switch (s) {
            case "nb-NO": case "nb": case "no": return Locale.forLanguageTag("nb-NO");
            case "sv-SE": case "sv": return Locale.forLanguageTag("sv-SE");
            case "en-GB": case "en": return Locale.forLanguageTag("en-GB");
            default: throw new IllegalArgumentException("locale '" + s + "' is not supported; use nb-NO, sv-SE or en-GB");
        }
    }

    static String currency(String s) {
        String code = s.trim().toUpperCase(Locale.ROOT);
        try {
            Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency '" + s + "' is not an ISO 4217 currency code, e.g. NOK, SEK, DKK, EUR");
        }
        return code;
    }

    private static String text(JsonNode n, String field, String def) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException(field + " must be a string, not " + v.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        return v.asText();
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
}
