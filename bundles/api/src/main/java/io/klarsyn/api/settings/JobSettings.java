package io.klarsyn.api.settings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The settings of one report job, by dotted name ({@code churn.segments}, {@code clv.timeUnit},
 * {@code cx.selfAssessment.trust}). Values come from, in rising precedence: each plugin's declared
 * default, the job file, and {@code --set name=value} on the command line.
 *
 * <p>All values are stored as text. The typed getters parse on each call and throw
 * {@link IllegalArgumentException} naming the setting and the offending value when it does not
 * parse; the engine reports that as a failed section, never as a crash. Lists are comma-separated,
 * items trimmed, empty items dropped.
 *
 * <p>Immutable and thread-safe.
 */
@ProviderType
public interface JobSettings {

    /** @return the raw text of a setting, or empty when neither set nor defaulted */
    Optional<String> raw(String name);

    /** @return the text value, or {@code defaultValue} when absent or blank */
    String string(String name, String defaultValue);

    /** @return the integer value, or {@code defaultValue} when absent or blank */
    int integer(String name, int defaultValue);

    /** @return the decimal value ({@code .} or {@code ,} as decimal mark), or {@code defaultValue} */
    double number(String name, double defaultValue);

    /** @return {@code true}/{@code false} (also yes/no, on/off, 1/0), or {@code defaultValue} */
    boolean flag(String name, boolean defaultValue);

    /** @return the comma-separated items, trimmed; an empty list when absent or blank */
    List<String> list(String name);

    /**
     * @param prefix e.g. {@code cx.selfAssessment.}
     * @return every setting whose name starts with the prefix, keyed by the rest of the name,
     *         in name order
     */
    Map<String, String> withPrefix(String prefix);

    /** @return every name that has a value, sorted */
    Set<String> names();
}
