package io.klarsyn.testkit;

import java.util.Collection;
import java.util.ListResourceBundle;
import java.util.Map;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.klarsyn.api.result.MetricResult;

/**
 * The methodology appendix of a report lists each result's facts under a label, the message
 * {@code fact.<name>} of the metric's bundle (else the fact's bare name). A fact whose value is a text
 * shows the message {@code fact.<name>.<text>} when there is one (so a metric gives a code such as
 * {@code welch-t} in metrics.json and its words in each language), else the message the text is a key
 * of, else the text as it is. A metric test asserts that its facts have labels, and its coded values
 * words, in every language it ships:
 *
 * <pre>{@code
 * ResourceBundle nb = calculator.messages(Locale.forLanguageTag("nb"));
 * assertThat(FactLabels.missing(results, nb)).isEmpty();
 * assertThat(FactLabels.unworded(results, nb, Set.of("attribute"))).isEmpty();
 * }</pre>
 *
 * A message counts for a language only when that language's own file has it: one inherited from the
 * base file (usually English) is what a reader of the language would see by mistake, so it counts as
 * missing. (Bundles of a country, such as {@code messages_nb_NO}, are taken with their parents.)
 */
public final class FactLabels {

    /** Texts that are data, not words: ISO days and months, and ranges of them ("2024-11..2025-10"). */
    private static final Pattern DATA = Pattern.compile("\\d{4}-\\d{2}(-\\d{2})?(\\.\\.\\d{4}-\\d{2}(-\\d{2})?)?");

    private FactLabels() {
    }

    /**
     * @return the names of the facts, among those the appendix shows (not lists, maps or arrays),
     *         that have no {@code fact.<name>} message in {@code bundle}'s own language
     */
    public static Set<String> missing(Collection<? extends MetricResult> results, ResourceBundle bundle) {
        Set<String> missing = new TreeSet<>();
        for (MetricResult r : results) {
            for (Map.Entry<String, Object> e : r.facts().entrySet()) {
                if (shown(e.getValue()) && !has(bundle, "fact." + e.getKey())) {
                    missing.add(e.getKey());
                }
            }
        }
        return missing;
    }

    /**
     * Text values the appendix would show as they are, in English or as a bare code: neither a
     * {@code fact.<name>.<text>} message nor a message key of their own in {@code bundle}'s own language.
     * Not counted: ISO days, months and ranges of them, and the values of {@code dataFacts} (facts whose
     * value comes from the data, such as the name of a customer attribute).
     *
     * @return {@code name=value} for each such fact
     */
    public static Set<String> unworded(Collection<? extends MetricResult> results, ResourceBundle bundle,
            Set<String> dataFacts) {
        Set<String> unworded = new TreeSet<>();
        for (MetricResult r : results) {
            for (Map.Entry<String, Object> e : r.facts().entrySet()) {
                if (e.getValue() instanceof String s && !dataFacts.contains(e.getKey()) && !DATA.matcher(s).matches()
                        && !has(bundle, "fact." + e.getKey() + "." + s) && !has(bundle, s)) {
                    unworded.add(e.getKey() + "=" + s);
                }
            }
        }
        return unworded;
    }

    private static boolean shown(Object v) {
        return !(v instanceof Collection<?> || v instanceof Map<?, ?> || v instanceof double[]);
    }

    /** Whether the bundle's own file has the key (for a bundle of a language), else whether the bundle has it. */
    private static boolean has(ResourceBundle b, String key) {
        boolean ownLanguage = !b.getLocale().getLanguage().isEmpty() && b.getLocale().getCountry().isEmpty();
        if (ownLanguage && b instanceof PropertyResourceBundle p) {
            return p.handleGetObject(key) != null;
        }
        if (ownLanguage && b instanceof ListResourceBundle l) {
            return l.handleGetObject(key) != null;
        }
        return b.containsKey(key);
    }
}
