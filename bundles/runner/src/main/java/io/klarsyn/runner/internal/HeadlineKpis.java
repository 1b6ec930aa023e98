package io.klarsyn.runner.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.klarsyn.api.server.RunStore;

/**
 * A run's headline KPIs ({@link RunStore#HEADLINE}) read from its metrics.json.
 *
 * <p>The result ids below are those of the shipped metric bundles (metrics-churn, metrics-cx,
 * metrics-clv); this table is the only place that knows them. Issue 16 (metrics declare their
 * headline KPIs) replaces it: then each metric names its own headline results and this class goes.
 *
 * <p>{@code rejectedShare} is not a metric result: it is the rejected records of all inputs over
 * the records read, from metrics.json's {@code dataQuality.files}.
 */
final class HeadlineKpis {

    /** Headline name → result id in metrics.json's {@code metrics}. */
    static final Map<String, String> RESULT_IDS = Map.of(
            "activeCustomers", "customers.active",
            "monthlyChurn", "churn.monthly.rate",
            "nps", "cx.nps",
            "clv", "clv.predicted");

    static final String REJECTED_SHARE = "rejectedShare";

    private static final ObjectMapper JSON = new ObjectMapper();

    private HeadlineKpis() {
    }

    /**
     * @return the headline values metrics.json has (a KPI absent, {@code null} or not a number is
     *         left out), in {@link RunStore#HEADLINE} order; empty when the file is missing
     * @throws IOException when the file cannot be read or parsed
     */
    static Map<String, Double> read(Path metricsJson) throws IOException {
        if (metricsJson == null || !Files.isRegularFile(metricsJson)) {
            return Map.of();
        }
        JsonNode root = JSON.readTree(metricsJson.toFile());
        Map<String, Double> found = new LinkedHashMap<>();
        JsonNode metrics = root.path("metrics");
        for (Map.Entry<String, String> e : RESULT_IDS.entrySet()) {
            JsonNode value = metrics.path(e.getValue()).path("value");
            if (value.isNumber()) {
                found.put(e.getKey(), value.doubleValue());
            }
        }
        long read = 0;
        long rejected = 0;
        for (JsonNode file : root.path("dataQuality").path("files")) {
            read += file.path("read").asLong(0);
            rejected += file.path("rejected").asLong(0);
        }
        if (read > 0) {
            found.put(REJECTED_SHARE, (double) rejected / read);
        }
        Map<String, Double> ordered = new LinkedHashMap<>();
        for (String name : RunStore.HEADLINE) {
            if (found.containsKey(name)) {
                ordered.put(name, found.get(name));
            }
        }
        return ordered;
    }
}
