package io.klarsyn.security.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.klarsyn.api.security.AuditEntry;
import io.klarsyn.api.security.AuditLog;
import io.klarsyn.api.server.ServerHome;
import io.klarsyn.api.server.ServerSchema;

/** The audit log in the table {@code audit_log} of the server's database; also written to the server's log. */
@Component(service = AuditLog.class)
public class JdbcAuditLog implements AuditLog {

    private static final System.Logger LOG = System.getLogger("io.klarsyn.audit");

    private final DataSource dataSource;
    private final Clock clock;

    @Activate
    public JdbcAuditLog(@Reference(target = "(klarsyn.database=server)") DataSource dataSource,
            @Reference ServerSchema schema, @Reference ServerHome home) {
        this(dataSource, schema, home.clock());
    }

    JdbcAuditLog(DataSource dataSource, ServerSchema schema, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        schema.migrate(Accounts.COMPONENT, Accounts.class.getClassLoader(), Accounts.MIGRATIONS, Accounts.SCRIPTS);
    }

    @Override
    public void record(String who, String action, String target, String detail) {
        LOG.log(System.Logger.Level.INFO, "audit: " + who + " " + action + " " + target + (detail == null ? "" : " (" + detail + ")"));
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO audit_log (at, who, action, target, detail) VALUES (?, ?, ?, ?, ?)")) {
            s.setObject(1, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            s.setString(2, cut(who, 100));
            s.setString(3, cut(action, 100));
            s.setString(4, cut(target, 1000));
            s.setString(5, cut(detail, 1000));
            s.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot record the audit entry " + action + " " + target + ": " + e.getMessage());
        }
    }

    @Override
    public List<AuditEntry> recent(int offset, int limit) {
        List<AuditEntry> list = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id, at, who, action, target, detail FROM audit_log ORDER BY id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            s.setInt(1, offset);
            s.setInt(2, limit);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    list.add(new AuditEntry(rows.getLong(1), rows.getObject(2, OffsetDateTime.class).toInstant(), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getString(6)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log: " + e.getMessage(), e);
        }
        return list;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
