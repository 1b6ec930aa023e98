package io.klarsyn.api.result;

import java.util.Objects;

/**
 * A number with its unit, as an argument of a {@link Highlight} or {@link Note} sentence: the
 * reader sees it formatted for the unit in the report's locale (a {@link Unit#FRACTION} 0.31 as
 * "31 %", a {@link Unit#CURRENCY} amount with the job's currency).
 *
 * @param value the number, or {@code null} when undefined (shown as a dash)
 * @param unit what it measures
 */
public record Quantity(Double value, Unit unit) {

    public Quantity {
        Objects.requireNonNull(unit, "unit");
    }
}
