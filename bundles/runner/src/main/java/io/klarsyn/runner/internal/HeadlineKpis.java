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

import io.klarsyn.api.result.Direction;
import io.klarsyn.api.result.Unit;
import io.klarsyn.api.server.Headline;
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
     * A run's headline figures: values (and the rejected share) in order, and what each figure is.
     *
     * @param values by result id in the order above, then {@link RunStore#REJECTED_SHARE}
     * @param headlines the description of every headline figure in {@code values}, by rank
     */
    record Reading(Map<String, Double> values, List<Headline> headlines) {

        static final Reading NONE = new Reading(Map.of(), List.of());
    }

    /**
     * @return the headline values metrics.json has (a headline KPI whose value is {@code null} or
     *         not a number is left out), in the order above; empty when the file is missing
     * @throws IOException when the file cannot be read or parsed
     */
    static Reading read(Path metricsJson) throws IOException {
        if (metricsJson == null || !Files.isRegularFile(metricsJson)) {
            return Reading.NONE;
        }
        JsonNode root = JSON.readTree(metricsJson.toFile());
        Map<String, Integer> sectionOrder = new HashMap<>();
        Map<String, String> metricOf = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("sections").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> section = it.next();
            for (JsonNode id : section.getValue().path("results")) {
                sectionOrder.put(id.asText(), section.getValue().path("order").asInt(Integer.MAX_VALUE));
                metricOf.put(id.asText(), section.getKey());
            }
        }
        record Found(Headline headline, int order, int index, double value) {
        }
        List<Found> found = new ArrayList<>();
        int index = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("metrics").fields(); it.hasNext(); index++) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode r = e.getValue();
            if ("kpi".equals(r.path("type").asText()) && r.path("headline").isNumber() && r.path("value").isNumber()) {
                Headline h = new Headline(e.getKey(), r.path("headline").asInt(), metricOf.get(e.getKey()),
                        text(r, "titleKey"), text(r, "title"), named(Unit.class, text(r, "unit")),
                        named(Direction.class, text(r, "direction")));
                found.add(new Found(h, sectionOrder.getOrDefault(e.getKey(), Integer.MAX_VALUE), index,
                        r.path("value").doubleValue()));
            }
        }
        found.sort(Comparator.comparingInt((Found f) -> f.headline().rank()).thenComparingInt(Found::order)
                .thenComparingInt(Found::index));
        Map<String, Double> values = new LinkedHashMap<>();
        List<Headline> headlines = new ArrayList<>();
        for (Found f : found) {
            values.put(f.headline().id(), f.value());
            headlines.add(f.headline());
        }
        long read = 0;
        long rejected = 0;
        for (JsonNode file : root.path("dataQuality").path("files")) {
            read += file.path("read").asLong(0);
            rejected += file.path("rejected").asLong(0);
        }
        if (read > 0) {
            values.put(RunStore.REJECTED_SHARE, (double) rejected / read);
        }
        return new Reading(values, headlines);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : null;
    }

    /** @return the constant of that name, or {@code null} for none or one this server does not know */
    private static <E extends Enum<E>> E named(Class<E> type, String name) {
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
