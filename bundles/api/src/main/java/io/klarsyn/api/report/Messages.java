package io.klarsyn.api.report;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Texts for message keys in the report's locale, merged from every metric's resource bundle.
 * Implemented by the engine.
 */
@ProviderType
public interface Messages {

    /** @return the text for {@code key}, or {@code null} when no bundle has it */
    String find(String key);

    /** @return the text for {@code key}, or the key itself when no bundle has it */
    default String text(String key) {
        String t = find(key);
        return t == null ? key : t;
    }
}
