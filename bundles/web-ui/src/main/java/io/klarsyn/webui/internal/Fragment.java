package io.klarsyn.webui.internal;

/**
 * Rendered HTML kept for many requests: the one thing in it that belongs to a request, the session's
 * CSRF token in the forms, is a marker until {@link #html(String)} puts the token in.
 */
record Fragment(String marked) {

    /** What a template is given as {@code csrf} when the fragment is made: no HTML escaping touches it. */
    static final String CSRF_MARKER = "\u0001csrf\u0001";

    /** @param csrf the request's CSRF token, or null (then the fields are empty, as the template makes them) */
    String html(String csrf) {
        return marked.replace(CSRF_MARKER, csrf == null ? "" : Templates.escape(csrf));
    }
}
