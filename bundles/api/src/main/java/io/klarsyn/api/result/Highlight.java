package io.klarsyn.api.result;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One short sentence for the executive summary, composed by the metric that knows what it means:
 * e.g. "Top driver to fix: Trust (share of explained variance 31 %, performance 6.9) is important
 * to customers but rated below average." The summary shows a run's highlights by rank, then by
 * section order, after the sentences on the headline figures' changes.
 *
 * <p>The text is the metric's message for {@code messageKey} formatted with {@code args}
 * ({@link java.text.MessageFormat} style). Arguments: a {@link Quantity} is formatted with its
 * unit in the reader's locale, another {@link Number} as a plain number, a {@code String} is
 * looked up as a message key of the metric and shown as it is when there is no such text (so a
 * data label such as a segment name can be passed directly).
 *
 * @param id stable id, prefixed by the metric's id
 * @param rank its place among the highlights (1 first)
 * @param messageKey the sentence's message key (also the title key)
 * @param args the sentence's arguments
 * @param facts further values, written to metrics.json
 */
public record Highlight(String id, int rank, String messageKey, List<Object> args, Map<String, Object> facts)
        implements MetricResult {

    public Highlight {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(messageKey, "messageKey");
        if (rank < 1) {
            throw new IllegalArgumentException("highlight rank of " + id + " must be 1 or more: " + rank);
        }
        args = args == null ? List.of() : List.copyOf(args);
        facts = Facts.copy(facts);
    }

    @Override
    public String titleKey() {
        return messageKey;
    }
}
