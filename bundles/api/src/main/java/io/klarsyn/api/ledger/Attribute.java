package io.klarsyn.api.ledger;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One customer attribute column (e.g. {@code plan}, {@code region}, {@code acquisition_cost}),
 * dictionary-encoded. Every attribute can be read as text; an attribute whose non-blank values all
 * parse as numbers is also {@link #numeric()}.
 *
 * <p>Immutable; safe to read from many threads.
 */
@ProviderType
public interface Attribute {

    /** @return the column name */
    String name();

    /** @return whether every non-blank value parses as a number */
    boolean numeric();

    /** @return the distinct non-blank values, in order of first appearance; index = code */
    List<String> levels();

    /** @return customer {@code i}'s level code (index into {@link #levels()}), or -1 when blank */
    int code(int i);

    /** @return customer {@code i}'s value as text, or {@code null} when blank */
    default String value(int i) {
        int c = code(i);
        return c < 0 ? null : levels().get(c);
    }

    /** @return customer {@code i}'s value as a number, or {@code NaN} when blank or not numeric */
    double number(int i);
}
