package io.klarsyn.api.delivery;

/**
 * A delivery's life: PENDING → SENDING → SENT, or back to PENDING (a transient failure, tried again
 * at {@link DeliveryRecord#nextAttemptAt()}), or FAILED (a permanent failure, or retries spent).
 */
public enum DeliveryState {
    /** Waiting for its (next) attempt. */
    PENDING,
    /** Claimed by a server that is delivering it now. */
    SENDING,
    /** The target accepted it. */
    SENT,
    /** Given up; {@link DeliveryRecord#error()} says why. */
    FAILED
}
