package io.klarsyn.api.delivery;

import java.time.Instant;
import java.time.YearMonth;

/**
 * One delivery as the database keeps it: one per (job, period, target, channel, kind) and round;
 * round 0 is the automatic one, each explicit resend adds a round.
 *
 * @param id unique in the server
 * @param job the job's name
 * @param period the month
 * @param runId the run whose report (or failure) it carries
 * @param channel the channel id ({@code mail}, {@code folder}, ...)
 * @param target the address or place
 * @param kind what it carries
 * @param round 0 for the automatic delivery, 1, 2, ... for resends
 * @param state where it is
 * @param attempts how many times it was tried
 * @param error the last failure's reason, or {@code null}
 * @param createdAt when it was planned
 * @param nextAttemptAt when it is tried next (PENDING only), else {@code null}
 * @param sentAt when the target accepted it (SENT only), else {@code null}
 * @param messageId its stable message id
 */
public record DeliveryRecord(long id, String job, YearMonth period, long runId, String channel, String target,
        ParcelKind kind, int round, DeliveryState state, int attempts, String error, Instant createdAt,
        Instant nextAttemptAt, Instant sentAt, String messageId) {
}
