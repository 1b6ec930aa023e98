package io.klarsyn.api.server;

import java.util.List;
import java.util.Map;

/**
 * Who and where a job's report goes, from its job file:
 *
 * <pre class="json">{@code
 * "recipients": ["leder@kunde.no", {"address": "chef@kunde.se", "locale": "sv-SE"}],
 * "owner": "konsulent@klarsyn.example",
 * "delivery": {"folder": "../shared/reports"}
 * }</pre>
 *
 * @param recipients the readers, by e-mail (channel {@code mail}), in file order
 * @param owner the consultant's address told when a run fails or a delivery fails for good, or
 *        {@code null}
 * @param channels further channels by id and their target as the file writes it, except that a
 *        {@code folder} is resolved against the job file's folder; e.g. {@code folder → /srv/share/reports}
 */
public record DeliveryPlan(List<Recipient> recipients, String owner, Map<String, String> channels) {

    /** Nobody and nowhere. */
    public static final DeliveryPlan NONE = new DeliveryPlan(List.of(), null, Map.of());

    public DeliveryPlan {
        recipients = List.copyOf(recipients);
        channels = Map.copyOf(channels);
    }

    /** @return recipients in the job's language, no owner, no other channel */
    public static DeliveryPlan of(List<String> addresses) {
        return new DeliveryPlan(addresses.stream().map(a -> new Recipient(a, null)).toList(), null, Map.of());
    }
}
