package io.klarsyn.api.model;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * One row of {@code customers.csv} after a connector has parsed it.
 *
 * @param customerId the client's customer key, never {@code null} or blank
 * @param acquiredOn the day the customer relationship began, never {@code null}
 * @param churnedOn the day the relationship ended, or {@code null} while the customer is active.
 *        A present value means the data is contractual: the customer is lost <em>on</em> this day
 *        (active on day d exactly when {@code acquiredOn <= d < churnedOn}).
 * @param attributes every further column, by its (mapped) header name, as the raw trimmed text;
 *        empty values are left out. Never {@code null}; the map is unmodifiable.
 *        Typical keys: {@code segment}, {@code region}, {@code channel}, {@code plan},
 *        {@code acquisition_cost}.
 */
public record CustomerRecord(String customerId, LocalDate acquiredOn, LocalDate churnedOn,
        Map<String, String> attributes) {

    public CustomerRecord {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(acquiredOn, "acquiredOn");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
