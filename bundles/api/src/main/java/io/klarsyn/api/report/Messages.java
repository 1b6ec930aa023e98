package io.klarsyn.api.report;

import java.util.ArrayList;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Texts for message keys in the report's locale, each owned by the bundle that contributes it.
 *
 * <p>A <em>scope</em> names a contributor: a metric's id for the texts of its
 * {@link io.klarsyn.api.metric.MetricCalculator#messages resource bundle}, or {@link #ENGINE} for the
 * engine's own texts (data-quality reasons, the definition of an active and a lost customer). Two
 * contributors may use the same key; each reads its own text. A renderer looks up a result's keys
 * in the scope of the section the result belongs to ({@link ReportSection#metricId()}), and keeps
 * its layout words in a bundle of its own. Implemented by the engine.
 */
@ProviderType
public interface Messages {

    /** The scope of the engine's texts: {@code dq.reason.<code>} for data-quality reasons, and its methodology. */
    String ENGINE = "engine";

    /**
     * Key of a contributor's methodology definitions for the report's appendix: {@code methodology.1},
     * {@code methodology.2}, ... in the order they are shown, each one paragraph.
     */
    String METHODOLOGY = "methodology";

    /**
     * @param scope a metric id or {@link #ENGINE}
     * @param key the message key
     * @return the scope's text for {@code key}, or {@code null} when the scope has none
     */
    String find(String scope, String key);

    /** @return the scope's text for {@code key}, or the key itself when it has none */
    default String text(String scope, String key) {
        String t = find(scope, key);
        return t == null ? key : t;
    }

    /** @return the scope's methodology paragraphs ({@code methodology.1}, {@code methodology.2}, ... until one is missing) */
    default List<String> methodology(String scope) {
        List<String> out = new ArrayList<>();
        for (int i = 1;; i++) {
            String t = find(scope, METHODOLOGY + "." + i);
            if (t == null) {
                return out;
            }
            out.add(t);
        }
    }
}
