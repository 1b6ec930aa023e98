package io.klarsyn.api.security;

import java.util.Set;

/**
 * The user a request is made for, as the security filter found it (session or API token). Servlets
 * read it from the request attribute {@link #ATTRIBUTE}; it is absent only on {@link Permission#PUBLIC}
 * routes.
 *
 * @param username the user's name
 * @param role the user's role
 * @param clients the clients assigned to the user (client names as jobs give them in
 *        {@code branding.clientName}, else the job's name); ignored for admins, who see all
 * @param mustChangePassword true while the user still has the password an admin (or the first
 *        start) gave them: pages lead to the password form, the API refuses tokens
 */
public record Subject(String username, Role role, Set<String> clients, boolean mustChangePassword) {

    /** The request attribute holding the {@link Subject}. */
    public static final String ATTRIBUTE = "io.klarsyn.security.subject";

    /**
     * The request attribute holding the session's CSRF token (a String) on pages: forms send it as the
     * field {@link #CSRF_FIELD}, scripts as the header {@link #CSRF_HEADER}.
     */
    public static final String CSRF_ATTRIBUTE = "io.klarsyn.security.csrf";

    /** The form field that carries the CSRF token. */
    public static final String CSRF_FIELD = "csrf";

    /** The header that carries the CSRF token (htmx requests). */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    public Subject {
        clients = Set.copyOf(clients);
    }

    /** @return whether this user may see anything of {@code client} (admins: every client) */
    public boolean sees(String client) {
        return role == Role.ADMIN || (client != null && clients.contains(client));
    }

    /** @return whether the role reaches {@code needed} (ignoring clients) */
    public boolean has(Role needed) {
        return role.compareTo(needed) >= 0;
    }
}
