package io.klarsyn.api.security;

import java.time.Instant;

/**
 * One line of the audit log.
 *
 * @param id increasing with time
 * @param at when
 * @param who the username, or what was typed at a failed login
 * @param action what, e.g. {@code login}, {@code login.failed}, {@code run.start}, {@code job.save},
 *        {@code user.create}, {@code token.create}, {@code token.revoke}
 * @param target what it concerned: a job, run or user, the route's path
 * @param detail more, e.g. the HTTP status or the client address; never a password or token
 */
public record AuditEntry(long id, Instant at, String who, String action, String target, String detail) {
}
