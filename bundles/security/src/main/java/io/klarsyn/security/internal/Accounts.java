package io.klarsyn.security.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.klarsyn.api.security.AuditLog;
import io.klarsyn.api.security.Role;
import io.klarsyn.api.security.Subject;
import io.klarsyn.api.server.ServerHome;
import io.klarsyn.api.server.ServerSchema;

/**
 * Users and API tokens in the server's database, and logins with a growing delay after failures.
 *
 * <p>On the first start (no user yet) it creates {@code admin} with a random password written to
 * {@code DIR/secrets/initial-admin-password} (readable by the owner only), to be changed at first login;
 * the file is deleted when it is. Tokens are random 256-bit strings; only their SHA-256 is stored, so a
 * copy of the database gives no token.
 */
@Component(service = Accounts.class, immediate = true)
public class Accounts {

    static final String COMPONENT = "security";
    static final String MIGRATIONS = "db/security";
    static final List<String> SCRIPTS = List.of("V1__users.sql");
    static final String INITIAL_PASSWORD_FILE = "initial-admin-password";
    /** Failures before the delay starts growing: two typos cost nothing. */
    static final int FREE_FAILURES = 2;
    static final Duration MAX_DELAY = Duration.ofMinutes(15);

    private static final System.Logger LOG = System.getLogger(Accounts.class.getName());
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * What an unknown user's password is checked against, so that the answer takes as long as for a known
     * one. Any well-formed hash with the full iteration count does: the check runs all the iterations and
     * then fails (the user is unknown anyway). Written out rather than hashed, because hashing it in the
     * class's initialiser cost 0.3-1 s of CPU at every server start.
     */
    static final String DUMMY_HASH = "pbkdf2-sha256$" + Passwords.ITERATIONS + "$a2xhcnN5bi1kdW1teS1zYQ$"
            + "bm90IGEgcGFzc3dvcmQgaGFzaCwgZm9yIHRpbWluZyE";

    /** A user as stored. */
    record User(String username, String passwordHash, Role role, Set<String> clients, boolean mustChange, Instant createdAt) {
        Subject subject() {
            return new Subject(username, role, clients, mustChange);
        }
    }

    /** A token's record; the token itself is never stored. */
    record Token(long id, String username, String name, Instant createdAt, Instant revokedAt) {
    }

    /** The outcome of a login. */
    sealed interface Login {
        /** The password was right. */
        record Ok(Subject subject) implements Login {
        }

        /** Wrong user or password (the same answer for both). */
        record Wrong() implements Login {
        }

        /** Too many failures: try again after this long, even with the right password. */
        record Wait(Duration retryAfter) implements Login {
        }
    }

    private record Failures(int count, Instant notBefore) {
    }

    private final DataSource dataSource;
    private final ServerHome home;
    private final AuditLog audit;
    private final Passwords passwords;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    /**
     * {@link #subject(String)}'s answers, kept until this server writes the users again ({@link #writes}); not kept in
     * a cluster, where another server may change a user.
     */
    private final Map<String, Subject> subjects = new ConcurrentHashMap<>();
    /** Grows before and after each write of the users: a subject read while it changed is not kept. */
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();

    @Activate
    public Accounts(@Reference(target = "(klarsyn.database=server)") DataSource dataSource, @Reference ServerSchema schema,
            @Reference ServerHome home, @Reference AuditLog audit) {
        this(dataSource, schema, home, audit, new Passwords(), Clock.systemUTC());
    }

    Accounts(DataSource dataSource, ServerSchema schema, ServerHome home, AuditLog audit, Passwords passwords, Clock clock) {
        this.dataSource = dataSource;
        this.home = home;
        this.audit = audit;
        this.passwords = passwords;
        this.clock = clock;
        schema.migrate(COMPONENT, Accounts.class.getClassLoader(), MIGRATIONS, SCRIPTS);
        // two servers of a cluster starting at once on an empty database: one makes the admin and writes its
        // password file; the other waits for the lock and then finds the admin
        try {
            schema.locked(() -> {
                createFirstAdmin();
                return null;
            });
        } catch (IllegalStateException e) {
            throw new IllegalStateException("cannot make the first admin: " + e.getMessage(), e);
        }
    }

    Path initialPasswordFile() {
        return home.home().resolve("secrets").resolve(INITIAL_PASSWORD_FILE);
    }

    private void createFirstAdmin() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM users")) {
            rows.next();
            if (rows.getLong(1) > 0) {
                return;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the users: " + e.getMessage(), e);
        }
        String password = Passwords.random(20);
        Path file = initialPasswordFile();
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
        try {
            insert("admin", passwords.hashGenerated(password.toCharArray()), Role.ADMIN, Set.of(), true);
        } catch (IllegalArgumentException e) {
            // another node created it meanwhile (a cluster on one database): its password file is the good one
            LOG.log(System.Logger.Level.INFO, "the first admin exists already: " + e.getMessage());
            return;
        }
        audit.record("system", "user.create", "admin", "the first admin, password in secrets/" + INITIAL_PASSWORD_FILE);
        LOG.log(System.Logger.Level.INFO, "created the user admin; its password is in " + file);
    }

    /**
     * Checks a user's password, with the delay: after {@link #FREE_FAILURES} failures for a name, each
     * further failure doubles the wait before the next try is even checked (1 s, 2 s, 4 s, ... up to 15
     * min). A right password resets it.
     */
    Login login(String username, char[] password) {
        String key = username == null ? "" : username.toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        Failures f = failures.get(key);
        if (f != null && now.isBefore(f.notBefore())) {
            return new Login.Wait(Duration.between(now, f.notBefore()));
        }
        Optional<User> user = username == null ? Optional.empty() : user(username);
        boolean ok = Passwords.verify(password, user.map(User::passwordHash).orElseGet(() -> DUMMY_HASH)) && user.isPresent();
        if (ok) {
            failures.remove(key);
            return new Login.Ok(user.get().subject());
        }
        // the wait runs from the answer, not from the request: the hash itself takes a while under load
        Instant answered = clock.instant();
        failures.compute(key, (k, old) -> {
            int count = old == null ? 1 : old.count() + 1;
            return new Failures(count, answered.plus(delay(count)));
        });
        return new Login.Wrong();
    }

    /** @return the wait after the {@code count}-th failure in a row */
    static Duration delay(int count) {
        if (count <= FREE_FAILURES) {
            return Duration.ZERO;
        }
        int doublings = Math.min(count - FREE_FAILURES - 1, 20);
        Duration d = Duration.ofSeconds(1L << doublings);
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    /**
     * The user as the security filter needs them on every request, from memory once read: kept until this server
     * writes the users (a role, clients, a password, a user deleted), not in a cluster.
     *
     * @return the user's subject now, or empty when there is no such user
     */
    Optional<Subject> subject(String username) {
        boolean keep = !home.clustered();
        Subject known = keep ? subjects.get(username) : null;
        if (known != null) {
            return Optional.of(known);
        }
        long before = writes.get();
        Optional<Subject> read = user(username).map(User::subject);
        // kept only when no write began or ended meanwhile (an odd count is a write going on)
        if (keep && read.isPresent() && before % 2 == 0) {
            subjects.put(username, read.get());
            if (writes.get() != before) {
                subjects.remove(username);
            }
        }
        return read;
    }

    /** Runs a write of the users: the kept subjects go before and after it. */
    private <T> T writing(java.util.function.Supplier<T> write) {
        writes.incrementAndGet();
        subjects.clear();
        try {
            return write.get();
        } finally {
            subjects.clear();
            writes.incrementAndGet();
        }
    }

    Optional<User> user(String username) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT username, password_hash, role, clients, must_change, created_at FROM users WHERE username = ?")) {
            s.setString(1, username);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(user(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read user " + username + ": " + e.getMessage(), e);
        }
    }

    List<User> users() {
        List<User> list = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(
                "SELECT username, password_hash, role, clients, must_change, created_at FROM users ORDER BY username")) {
            while (rows.next()) {
                list.add(user(rows));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the users: " + e.getMessage(), e);
        }
        return list;
    }

    private static User user(ResultSet rows) throws SQLException {
        Set<String> clients = new LinkedHashSet<>();
        for (String client : rows.getString(4).split("\n")) {
            if (!client.isBlank()) {
                clients.add(client);
            }
        }
        return new User(rows.getString(1), rows.getString(2), Role.valueOf(rows.getString(3)), clients, rows.getBoolean(5),
                rows.getObject(6, OffsetDateTime.class).toInstant());
    }

    /**
     * Creates a user who must change the password at first login.
     *
     * @throws IllegalArgumentException for a bad name, a weak password, or a name taken
     */
    User create(String username, String password, Role role, Set<String> clients) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("a username is 1 to 100 letters, digits, '.', '_', '@' or '-'");
        }
        String weak = Passwords.weakness(username, password);
        if (weak != null) {
            throw new IllegalArgumentException(weak);
        }
        for (String client : clients) {
            if (client.isBlank() || client.contains("\n")) {
                throw new IllegalArgumentException("a client is a name on one line, not \"" + client + "\"");
            }
        }
        insert(username, passwords.hash(password.toCharArray()), role, clients, true);
        return user(username).orElseThrow();
    }

    private void insert(String username, String passwordHash, Role role, Set<String> clients, boolean mustChange) {
        writing(() -> {
            insertRow(username, passwordHash, role, clients, mustChange);
            return null;
        });
    }

    private void insertRow(String username, String passwordHash, Role role, Set<String> clients, boolean mustChange) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO users (username, password_hash, role, clients, must_change, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, username);
            s.setString(2, passwordHash);
            s.setString(3, role.name());
            s.setString(4, String.join("\n", clients));
            s.setBoolean(5, mustChange);
            s.setObject(6, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            s.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new IllegalArgumentException("the user " + username + " exists already");
            }
            throw new IllegalStateException("cannot create user " + username + ": " + e.getMessage(), e);
        }
    }

    /** Changes the role and clients; @return false when there is no such user */
    boolean update(String username, Role role, Set<String> clients) {
        return execute("UPDATE users SET role = ?, clients = ? WHERE username = ?", role.name(), String.join("\n", clients),
                username) > 0;
    }

    /**
     * Sets a user's own new password (no longer to be changed); the first admin's password file goes.
     *
     * @throws IllegalArgumentException when it is weak or the old one again
     */
    void changePassword(String username, String oldPassword, String newPassword) {
        String weak = Passwords.weakness(username, newPassword);
        if (weak != null) {
            throw new IllegalArgumentException(weak);
        }
        if (newPassword.equals(oldPassword)) {
            throw new IllegalArgumentException("the new password must differ from the old one");
        }
        execute("UPDATE users SET password_hash = ?, must_change = FALSE WHERE username = ?",
                passwords.hash(newPassword.toCharArray()), username);
        if (username.equals("admin")) {
            try {
                Files.deleteIfExists(initialPasswordFile());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot delete " + initialPasswordFile() + ": " + e.getMessage());
            }
        }
    }

    /** Deletes a user and revokes their tokens; @return false when there is no such user */
    boolean delete(String username) {
        execute("UPDATE api_tokens SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL",
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), username);
        return execute("DELETE FROM users WHERE username = ?", username) > 0;
    }

    /** A token just made: its id and the token itself, shown this once. */
    record Issued(long id, String token) {
    }

    /** @return a new token for the user: shown once, stored as its SHA-256 */
    Issued createToken(String username, String name) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = "ks_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String hash = sha256(token);
        execute("INSERT INTO api_tokens (token_hash, username, name, created_at) VALUES (?, ?, ?, ?)", hash, username,
                name == null || name.isBlank() ? "token" : name.strip(),
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id FROM api_tokens WHERE token_hash = ?")) {
            s.setString(1, hash);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return new Issued(rows.getLong(1), token);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read tokens: " + e.getMessage(), e);
        }
    }

    /** @return the user of a live token, or empty for an unknown or revoked one or a deleted user */
    Optional<Subject> byToken(String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT u.username, u.password_hash, u.role, u.clients, u.must_change, u.created_at FROM api_tokens t "
                        + "JOIN users u ON u.username = t.username WHERE t.token_hash = ? AND t.revoked_at IS NULL")) {
            s.setString(1, sha256(token));
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(user(rows).subject()) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read tokens: " + e.getMessage(), e);
        }
    }

    /** @return the live tokens of {@code username}, or of everyone when null */
    List<Token> tokens(String username) {
        List<Token> list = new ArrayList<>();
        String sql = "SELECT id, username, name, created_at, revoked_at FROM api_tokens WHERE revoked_at IS NULL"
                + (username == null ? "" : " AND username = ?") + " ORDER BY id";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (username != null) {
                s.setString(1, username);
            }
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    OffsetDateTime revoked = rows.getObject(5, OffsetDateTime.class);
                    list.add(new Token(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getObject(4, OffsetDateTime.class).toInstant(), revoked == null ? null : revoked.toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read tokens: " + e.getMessage(), e);
        }
        return list;
    }

    Optional<Token> token(long id) {
        return tokens(null).stream().filter(t -> t.id() == id).findFirst();
    }

    /** @return false when the token is unknown or revoked already */
    boolean revoke(long id) {
        return execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), id) > 0;
    }

    private int execute(String sql, Object... values) {
        return writing(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    s.setObject(i + 1, values[i]);
                }
                return s.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot write the users: " + e.getMessage(), e);
            }
        });
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static char[] chars(String s) {
        return s == null ? new char[0] : s.toCharArray();
    }

    static List<String> sorted(Set<String> clients) {
        String[] a = clients.toArray(String[]::new);
        Arrays.sort(a);
        return List.of(a);
    }
}
