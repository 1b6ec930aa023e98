package io.klarsyn.security.internal;

/** Request attributes the filter sets for this bundle's own servlets. */
final class SessionAttributes {

    /** The session id (String) of a page request. */
    static final String SESSION_ID = "io.klarsyn.security.session";

    private SessionAttributes() {
    }
}
