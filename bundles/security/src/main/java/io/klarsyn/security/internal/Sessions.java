package io.klarsyn.security.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.klarsyn.api.server.ServerHome;

/**
 * Browser sessions, in memory: a random id in the cookie {@link #COOKIE} (HttpOnly, SameSite=Lax),
 * the user once logged in, and the session's CSRF token. A login always starts a new session (the id
 * a browser had before is dropped: no fixation); a session idle longer than the timeout is gone. A
 * restart logs everyone out.
 */
@Component(service = Sessions.class, configurationPid = "io.klarsyn.security")
@Designate(ocd = Sessions.Config.class)
public class Sessions {

    static final String COOKIE = "KLARSYN_SESSION";
    /** Anonymous sessions (the login form's CSRF token) beyond this many: the oldest go. */
    static final int MAX_ANONYMOUS = 10_000;

    @ObjectClassDefinition(name = "Klarsyn security", description = "Browser sessions of the web UI.")
    public @interface Config {
        @AttributeDefinition(description = "Minutes without a request after which a session ends and its user must log in again.")
        int sessionIdleMinutes() default 30;
    }

    /** One session; {@code username} is null before login. */
    record Session(String id, String username, String csrf, Instant lastSeen) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Clock clock;

    @Activate
    public Sessions(@Reference ServerHome home, Config config) {
        this(Duration.ofMinutes(Math.max(1, config.sessionIdleMinutes())), Clock.systemUTC());
    }

    Sessions(Duration idle, Clock clock) {
        this.idle = idle;
        this.clock = clock;
    }

    Duration idle() {
        return idle;
    }

    /** @return the live session of this id, touched now; empty when unknown or idle too long */
    Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        Instant now = clock.instant();
        if (s == null) {
            return Optional.empty();
        }
        if (s.lastSeen().plus(idle).isBefore(now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session touched = new Session(s.id(), s.username(), s.csrf(), now);
        sessions.put(id, touched);
        return Optional.of(touched);
    }

    /** @return a new session for {@code username} (null: anonymous), with a new id and CSRF token */
    Session open(String username) {
        if (username == null && sessions.size() > MAX_ANONYMOUS) {
            sessions.values().stream().filter(s -> s.username() == null).min(Comparator.comparing(Session::lastSeen))
                    .ifPresent(s -> sessions.remove(s.id()));
        }
        Session s = new Session(random(), username, random(), clock.instant());
        sessions.put(s.id(), s);
        return s;
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Ends every session of a user (deleted, or their password changed elsewhere). */
    void closeAll(String username) {
        sessions.values().removeIf(s -> username.equals(s.username()));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
