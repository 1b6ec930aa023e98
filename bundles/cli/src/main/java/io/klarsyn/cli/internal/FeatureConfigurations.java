package io.klarsyn.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Applies the {@code configurations} of the started features (framework property
 * {@code klarsyn.features}, files {@code ${klarsyn.home}/features/<name>.json}) through
 * Configuration Admin. {@code ${name}} in string values is replaced by the framework property of
 * that name, else by the feature's variable. A configuration already holding these values is left
 * alone, so its consumers are not updated for nothing.
 */
final class FeatureConfigurations {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private FeatureConfigurations() {
    }

    static void apply(BundleContext ctx, ConfigurationAdmin ca) throws IOException {
        String home = ctx.getProperty("klarsyn.home");
        String features = ctx.getProperty("klarsyn.features");
        if (home == null || features == null) {
            return;
        }
        ObjectMapper json = new ObjectMapper();
        for (String name : features.split(",")) {
            Path file = Path.of(home, "features", name.trim() + ".json");
            if (!Files.isRegularFile(file)) {
                continue;
            }
            JsonNode feature = json.readTree(file.toFile());
            Map<String, String> variables = new HashMap<>();
            JsonNode vars = feature.get("variables");
            if (vars != null) {
                vars.fields().forEachRemaining(e -> variables.put(e.getKey(), e.getValue().asText()));
            }
            JsonNode configs = feature.get("configurations");
            if (configs == null) {
                continue;
            }
            for (var it = configs.fields(); it.hasNext();) {
                var e = it.next();
                Dictionary<String, Object> props = new Hashtable<>();
                e.getValue().fields().forEachRemaining(p -> props.put(p.getKey(), value(p.getValue(), ctx, variables)));
                update(ca, e.getKey(), props);
            }
        }
    }

    /** Creates or updates the configuration of a PID ({@code factory~name} for a named factory configuration). */
    static void update(ConfigurationAdmin ca, String pid, Dictionary<String, Object> props) throws IOException {
        int tilde = pid.indexOf('~');
        Configuration c = tilde > 0 ? ca.getFactoryConfiguration(pid.substring(0, tilde), pid.substring(tilde + 1), "?")
                : ca.getConfiguration(pid, "?");
        Dictionary<String, Object> old = c.getProperties();
        if (old != null && same(old, props)) {
            return;
        }
        c.update(props);
    }

    private static boolean same(Dictionary<String, Object> old, Dictionary<String, Object> props) {
        for (var keys = props.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            Object a = old.get(k);
            Object b = props.get(k);
            if (a instanceof Object[] x && b instanceof Object[] y ? !java.util.Arrays.equals(x, y) : !Objects.equals(a, b)) {
                return false;
            }
        }
        return true;
    }

    private static Object value(JsonNode v, BundleContext ctx, Map<String, String> variables) {
        if (v.isTextual()) {
            return substitute(v.asText(), ctx, variables);
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(i -> items.add(substitute(i.asText(), ctx, variables)));
            return items.toArray(String[]::new);
        }
        return v.toString();
    }

    static String substitute(String s, BundleContext ctx, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = ctx.getProperty(m.group(1));
            if (v == null) {
                v = variables.get(m.group(1));
            }
            m.appendReplacement(b, Matcher.quoteReplacement(v == null ? m.group() : v.replace('\\', '/')));
        }
        m.appendTail(b);
        return b.toString();
    }
}
