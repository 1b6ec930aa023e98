package io.klarsyn.testkit;

import java.util.Collection;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;

import io.klarsyn.api.result.MetricResult;

/**
 * The methodology appendix of a report lists each result's facts under a label, the message
 * {@code fact.<name>} of the metric's bundle (else the fact's bare name). A metric test asserts
 * that its facts have labels in every language it ships:
 * {@code assertThat(FactLabels.missing(results, bundle)).isEmpty()}.
 */
public final class FactLabels {

    private FactLabels() {
    }

    /**
     * @return the names of the facts, among those the appendix shows (not lists, maps or arrays),
     *         that have no {@code fact.<name>} message in {@code bundle}
     */
    public static Set<String> missing(Collection<? extends MetricResult> results, ResourceBundle bundle) {
        Set<String> missing = new TreeSet<>();
        for (MetricResult r : results) {
            for (Map.Entry<String, Object> e : r.facts().entrySet()) {
                Object v = e.getValue();
                boolean shown = !(v instanceof Collection<?> || v instanceof Map<?, ?> || v instanceof double[]);
                if (shown && !bundle.containsKey("fact." + e.getKey())) {
                    missing.add(e.getKey());
                }
            }
        }
        return missing;
    }
}
