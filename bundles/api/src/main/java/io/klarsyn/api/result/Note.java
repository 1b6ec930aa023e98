package io.klarsyn.api.result;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A sentence for the reader: a model that did not converge, a segment below the minimum base, an
 * assumption that does not hold. The text is the message for {@code messageKey} formatted with
 * {@code args} ({@link java.text.MessageFormat} style); without a message, the key is shown.
 *
 * @param id stable id
 * @param severity how much it matters
 * @param messageKey message key (also the title key)
 * @param args arguments for the message: numbers are formatted by the reader's locale
 * @param facts further values
 */
public record Note(String id, Severity severity, String messageKey, List<Object> args,
        Map<String, Object> facts) implements MetricResult {

    public Note {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(messageKey, "messageKey");
        args = args == null ? List.of() : List.copyOf(args);
        facts = Facts.copy(facts);
    }

    @Override
    public String titleKey() {
        return messageKey;
    }

    /** How much a note matters. */
    public enum Severity {
        /** Context. */
        INFO,
        /** The numbers need care. */
        WARNING
    }
}
