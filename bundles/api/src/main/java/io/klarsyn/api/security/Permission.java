package io.klarsyn.api.security;

/** What a {@link Route} needs, from least to most. */
public enum Permission {
    /** Anyone, logged in or not: the login page, style sheets and scripts. */
    PUBLIC,
    /** Any logged-in user; what the answer lists is filtered by {@link Subject#sees(String)}. */
    AUTHENTICATED,
    /** A viewer (or more) of the route's client. */
    READ,
    /** A consultant (or admin) of the route's client: run, abort, resend, edit, create. */
    OPERATE,
    /** An admin. */
    ADMIN
}
