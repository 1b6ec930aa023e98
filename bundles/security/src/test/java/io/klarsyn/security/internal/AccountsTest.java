package io.klarsyn.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.security.Role;
import io.klarsyn.api.security.Subject;
import io.klarsyn.api.server.ServerHome;
import io.klarsyn.database.internal.JdbcServerSchema;

/** Users, tokens and the login delay on a real H2 file database (1,000 PBKDF2 iterations to keep it quick). */
class AccountsTest {

    @TempDir
    Path home;
    JdbcDataSource db;
    MovableClock clock = new MovableClock(Instant.parse("2026-12-06T03:00:00Z"));
    Accounts accounts;
    JdbcAuditLog audit;

    @BeforeEach
    void open() {
        db = new JdbcDataSource();
        db.setURL("jdbc:h2:file:" + home.resolve("db/klarsyn") + ";WRITE_DELAY=0");
        audit = new JdbcAuditLog(db, new JdbcServerSchema(db), clock);
        accounts = new Accounts(db, new JdbcServerSchema(db), new Home(home), audit, new Passwords(1_000), clock);
    }

    @Test
    void anUnknownUsersPasswordIsCheckedAgainstAWellFormedHashWithTheFullIterationCount() {
        String[] parts = Accounts.DUMMY_HASH.split("\\$");
        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
        assertThat(Integer.parseInt(parts[1])).isEqualTo(Passwords.ITERATIONS);
        assertThat(java.util.Base64.getDecoder().decode(parts[2])).hasSize(16);
        assertThat(java.util.Base64.getDecoder().decode(parts[3])).hasSize(32);
        assertThat(Passwords.verify("not a password".toCharArray(), "pbkdf2-sha256$1000$" + parts[2] + "$" + parts[3])).isFalse();
        assertThat(accounts.login("nobody", "whatever".toCharArray())).isNotInstanceOf(Accounts.Login.Ok.class);
    }

    @Test
    void theFirstStartCreatesAdminWithARandomPasswordInAnOwnerOnlyFileThatGoesWhenChanged() throws Exception {
        Path file = home.resolve("secrets/initial-admin-password");
        String initial = Files.readString(file, StandardCharsets.UTF_8).strip();
        assertThat(initial).hasSize(20).matches("[A-Za-z0-9]+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Accounts.Login login = accounts.login("admin", initial.toCharArray());
        assertThat(login).isInstanceOf(Accounts.Login.Ok.class);
        assertThat(((Accounts.Login.Ok) login).subject()).isEqualTo(new Subject("admin", Role.ADMIN, Set.of(), true));
        // a second start on the same database creates nobody
        new Accounts(db, new JdbcServerSchema(db), new Home(home), audit, new Passwords(1_000), clock);
        assertThat(accounts.users()).hasSize(1);
        assertThatThrownBy(() -> accounts.changePassword("admin", initial, initial)).hasMessageContaining("must differ")
                .isInstanceOf(IllegalArgumentException.class);
        accounts.changePassword("admin", initial, "a new admin password");
        assertThat(file).doesNotExist();
        assertThat(accounts.user("admin").orElseThrow().mustChange()).isFalse();
        assertThat(audit.recent(0, 10)).extracting(e -> e.who() + " " + e.action()).contains("system user.create");
    }

    /**
     * The first admin's password is made by the server (20 of 57 characters: 116 bits), so its hash is not stretched
     * as far as a password a person chooses: the first start hashes with 10,000 iterations, and the password the
     * admin then sets, like every user's, gets the full 600,000 (the count is the hash's second field).
     */
    @Test
    void onlyTheGeneratedFirstAdminPasswordIsHashedWithFewerIterations() throws Exception {
        Path other = Files.createDirectory(home.resolve("full"));
        JdbcDataSource fullDb = new JdbcDataSource();
        fullDb.setURL("jdbc:h2:file:" + other.resolve("db/klarsyn") + ";WRITE_DELAY=0");
        JdbcAuditLog fullAudit = new JdbcAuditLog(fullDb, new JdbcServerSchema(fullDb), clock);
        Accounts full = new Accounts(fullDb, new JdbcServerSchema(fullDb), new Home(other), fullAudit, new Passwords(), clock);
        String initial = Files.readString(other.resolve("secrets/initial-admin-password"), StandardCharsets.UTF_8).strip();
        assertThat(full.user("admin").orElseThrow().passwordHash()).startsWith("pbkdf2-sha256$10000$");
        assertThat(full.login("admin", initial.toCharArray())).isInstanceOf(Accounts.Login.Ok.class);
        full.changePassword("admin", initial, "a new admin password");
        assertThat(full.user("admin").orElseThrow().passwordHash()).startsWith("pbkdf2-sha256$600000$");
        full.create("vera", "viewer-password-1", Role.VIEWER, Set.of());
        assertThat(full.user("vera").orElseThrow().passwordHash()).startsWith("pbkdf2-sha256$600000$");
    }

    /**
     * The security filter reads the session's user on every request from memory ({@link Accounts#subject}): a role,
     * clients or password changed, or the user deleted, shows at the next request.
     */
    @Test
    void theSubjectKeptForTheFilterChangesWithEveryWriteOfTheUser() throws Exception {
        accounts.create("vera", "viewer-password-1", Role.VIEWER, Set.of("Nordlys Energi AS"));
        Subject first = accounts.subject("vera").orElseThrow();
        assertThat(first).isEqualTo(new Subject("vera", Role.VIEWER, Set.of("Nordlys Energi AS"), true));
        assertThat(accounts.subject("vera").orElseThrow()).isSameAs(first);
        assertThat(accounts.update("vera", Role.CONSULTANT, Set.of("Nordlys Energi AS", "Fjordkraft Demo"))).isTrue();
        assertThat(accounts.subject("vera")).hasValue(new Subject("vera", Role.CONSULTANT,
                Set.of("Nordlys Energi AS", "Fjordkraft Demo"), true));
        accounts.changePassword("vera", "viewer-password-1", "a consultant's password");
        assertThat(accounts.subject("vera").orElseThrow().mustChangePassword()).isFalse();
        assertThat(accounts.delete("vera")).isTrue();
        assertThat(accounts.subject("vera")).isEmpty();
        assertThat(accounts.subject("nobody")).isEmpty();
    }

    @Test
    void tokensAreStoredAsTheirSha256AndRefusedOnceRevokedOrTheirUserIsGone() throws Exception {
        accounts.create("vera", "viewer-password-1", Role.VIEWER, Set.of("Nordlys Energi AS"));
        Accounts.Issued issued = accounts.createToken("vera", "laptop");
        assertThat(issued.token()).startsWith("ks_").hasSize(3 + 43); // 32 bytes, Base64url without padding
        assertThat(accounts.byToken(issued.token())).hasValue(new Subject("vera", Role.VIEWER, Set.of("Nordlys Energi AS"), true));
        assertThat(accounts.byToken(issued.token() + "x")).isEmpty();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT token_hash FROM api_tokens")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo(Accounts.sha256(issued.token())).doesNotContain(issued.token().substring(3));
        }
        assertThat(accounts.revoke(issued.id())).isTrue();
        assertThat(accounts.byToken(issued.token())).isEmpty();
        assertThat(accounts.revoke(issued.id())).as("once").isFalse();
        Accounts.Issued second = accounts.createToken("vera", null);
        accounts.delete("vera");
        assertThat(accounts.byToken(second.token())).isEmpty();
    }

    @Test
    void failuresDelayTheNextTryByTheClockAndAGoodLoginResetsThem() {
        accounts.create("kari", "consultant-pass", Role.CONSULTANT, Set.of("A"));
        assertThat(accounts.login("kari", "x".toCharArray())).isInstanceOf(Accounts.Login.Wrong.class);
        assertThat(accounts.login("kari", "y".toCharArray())).isInstanceOf(Accounts.Login.Wrong.class);
        assertThat(accounts.login("KARI", "z".toCharArray())).as("the name in any case counts").isInstanceOf(Accounts.Login.Wrong.class);
        Accounts.Login wait = accounts.login("kari", "consultant-pass".toCharArray());
        assertThat(wait).isEqualTo(new Accounts.Login.Wait(Duration.ofSeconds(1)));
        clock.add(Duration.ofMillis(999));
        assertThat(accounts.login("kari", "consultant-pass".toCharArray())).isEqualTo(new Accounts.Login.Wait(Duration.ofMillis(1)));
        clock.add(Duration.ofMillis(1));
        assertThat(accounts.login("kari", "consultant-pass".toCharArray())).isInstanceOf(Accounts.Login.Ok.class);
        assertThat(accounts.login("kari", "x".toCharArray())).as("reset: a free failure again").isInstanceOf(Accounts.Login.Wrong.class);
        assertThat(accounts.login("kari", "consultant-pass".toCharArray())).isInstanceOf(Accounts.Login.Ok.class);
        // an unknown name is delayed the same way
        for (int i = 0; i < 3; i++) {
            assertThat(accounts.login("nobody", "x".toCharArray())).isInstanceOf(Accounts.Login.Wrong.class);
        }
        assertThat(accounts.login("nobody", "x".toCharArray())).isInstanceOf(Accounts.Login.Wait.class);
    }

    @Test
    void badUsersAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> accounts.create("a b", "long enough pw", Role.VIEWER, Set.of())).hasMessageContaining("a username is");
        assertThatThrownBy(() -> accounts.create("ok", "short", Role.VIEWER, Set.of())).hasMessageContaining("at least 10");
        accounts.create("ok", "long enough pw", Role.VIEWER, Set.of());
        assertThatThrownBy(() -> accounts.create("ok", "long enough pw", Role.VIEWER, Set.of())).hasMessageContaining("exists already");
        assertThatThrownBy(() -> accounts.create("ok2", "long enough pw", Role.VIEWER, Set.of("two\nlines")))
                .hasMessageContaining("one line");
    }

    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void add(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    record Home(Path home) implements ServerHome {
        @Override
        public String databaseUrl() {
            return "";
        }

        @Override
        public int concurrency() {
            return 1;
        }

        @Override
        public long runTimeoutSeconds() {
            return 60;
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }
    }
}
