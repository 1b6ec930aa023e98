package io.klarsyn.api.security;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Who did what, when: kept in the server's database for good. Admins read it at {@code GET /api/audit}
 * and on the {@code /audit} page.
 */
@ProviderType
public interface AuditLog {

    /** Records one entry now; never throws (a failure to record is logged). */
    void record(String who, String action, String target, String detail);

    /** @return entries, newest first */
    List<AuditEntry> recent(int offset, int limit);
}
