package io.klarsyn.runner.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.klarsyn.api.server.RunStore;

/**
 * A run's headline numbers read from its metrics.json: every KPI a metric made a headline figure
 * (a {@code headline} rank, docs/metrics-json.md), under its result id, by rank, then section
 * order, then the order of {@code metrics}; then {@link RunStore#REJECTED_SHARE}. Nothing here
 * names a metric: a plugin's headline KPI is kept like the shipped ones.
 *
 * <p>The rejected share is not a metric result: it is the rejected records of all inputs over the
 * records read, from metrics.json's {@code dataQuality.files}.
 */
final class HeadlineKpis {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HeadlineKpis() {
    }

    /**
     * @return the headline values metrics.json has (a headline KPI whose value is {@code null} or
     *         not a number is left out), in the order above; empty when the file is missing
     * @throws IOException when the file cannot be read or parsed
     */
    static Map<String, Double> read(Path metricsJson) throws IOException {
        if (metricsJson == null || !Files.isRegularFile(metricsJson)) {
            return Map.of();
        }
        JsonNode root = JSON.readTree(metricsJson.toFile());
        Map<String, Integer> sectionOrder = new HashMap<>();
        for (JsonNode section : root.path("sections")) {
            for (JsonNode id : section.path("results")) {
                sectionOrder.put(id.asText(), section.path("order").asInt(Integer.MAX_VALUE));
            }
        }
        record Headline(String id, int rank, int order, int index, double value) {
        }
        List<Headline> headlines = new ArrayList<>();
        int index = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("metrics").fields(); it.hasNext(); index++) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode r = e.getValue();
            if ("kpi".equals(r.path("type").asText()) && r.path("headline").isNumber() && r.path("value").isNumber()) {
                headlines.add(new Headline(e.getKey(), r.path("headline").asInt(),
                        sectionOrder.getOrDefault(e.getKey(), Integer.MAX_VALUE), index, r.path("value").doubleValue()));
            }
        }
        headlines.sort(Comparator.comparingInt(Headline::rank).thenComparingInt(Headline::order)
                .thenComparingInt(Headline::index));
        Map<String, Double> found = new LinkedHashMap<>();
        for (Headline h : headlines) {
            found.put(h.id(), h.value());
        }
        long read = 0;
        long rejected = 0;
        for (JsonNode file : root.path("dataQuality").path("files")) {
            read += file.path("read").asLong(0);
            rejected += file.path("rejected").asLong(0);
        }
        if (read > 0) {
            found.put(RunStore.REJECTED_SHARE, (double) rejected / read);
        }
        return found;
    }
}
