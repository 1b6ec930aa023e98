package io.klarsyn.api.delivery;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A delivery channel: takes one {@link Parcel} to its target (an e-mail address, a folder, ...).
 * Register it as a DS component with {@link io.klarsyn.api.plugin.Plugin @Plugin}, e.g.
 * {@code @Plugin(id = "sftp", title = "SFTP upload")}: job files name channels by the id
 * ({@code "delivery": {"folder": "..."}}); {@code mail} takes the job's {@code recipients}.
 *
 * <p>The server's delivery service calls {@link #deliver} from its own thread, one parcel at a
 * time per channel, after it has claimed the delivery in the database; the channel keeps no state
 * of its own about what was sent. A call either returns (delivered: the target has accepted it) or
 * throws a {@link DeliveryException} saying whether trying again may help. Any other exception
 * counts as a transient failure.
 *
 * <p>Exactly-once is the delivery service's work, not the channel's; but a channel should make a
 * repeated delivery of the same parcel harmless where it can: the mail channel sends the parcel's
 * {@link Parcel#messageId()} so mail clients fold a duplicate, the folder channel overwrites the
 * same file atomically.
 */
@ConsumerType
public interface Delivery {

    /** The channel id of e-mail: the job's recipients go through it. */
    String MAIL = "mail";

    /**
     * Delivers one parcel.
     *
     * @param parcel what to deliver and to whom; {@link Parcel#report()} may be {@code null} for a
     *        notice without attachment
     * @throws DeliveryException when it was not delivered; {@link DeliveryException#permanent()}
     *         says whether trying again is pointless
     */
    void deliver(Parcel parcel) throws DeliveryException;
}
