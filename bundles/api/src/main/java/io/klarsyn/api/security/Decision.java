package io.klarsyn.api.security;

/**
 * What the {@link Authorization} says of one request.
 *
 * @param outcome allowed, or why not
 * @param route the route the request matched, or null when none did
 * @param client the client the request touches (of its {@code {job}} or {@code {run}}), or null
 */
public record Decision(Outcome outcome, Route route, String client) {

    /** The outcome, with the HTTP status it answers. */
    public enum Outcome {
        /** Go on. */
        ALLOW(200),
        /** Nobody is logged in (401 in the API, the login page in a browser). */
        UNAUTHENTICATED(401),
        /** The user is known but may not do this (403). */
        FORBIDDEN(403),
        /** No such route, or a job or run of a client the user does not see (404). */
        NOT_FOUND(404),
        /** The route exists with another method (405). */
        METHOD_NOT_ALLOWED(405);

        private final int status;

        Outcome(int status) {
            this.status = status;
        }

        /** @return the HTTP status */
        public int status() {
            return status;
        }
    }
}
