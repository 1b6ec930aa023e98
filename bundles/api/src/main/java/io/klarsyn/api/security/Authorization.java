package io.klarsyn.api.security;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one place that decides whether a request may go on: every page and API route, by the
 * {@link RouteTable}s the serving bundles register. The security bundle's filter calls it for each
 * request; tests call it to generate the route matrix.
 *
 * <p>The rules, in order: a path no route matches is {@code NOT_FOUND}; one matched only by routes of
 * other methods is {@code METHOD_NOT_ALLOWED}; a {@link Permission#PUBLIC} route is allowed; without a
 * subject it is {@code UNAUTHENTICATED}; a subject who must change their password is {@code FORBIDDEN}
 * everywhere but the routes that change it; a client-scoped route whose job or run belongs to a client
 * the subject does not see is {@code NOT_FOUND} (also when the job or run does not exist); a role below
 * the permission is {@code FORBIDDEN}.
 */
@ProviderType
public interface Authorization {

    /**
     * @param subject the user, or null when nobody is logged in
     * @param method the HTTP method
     * @param path the path from the server's root, decoded
     * @param fields form fields of the request (for a route's {@code clientField}); may be empty
     * @return the decision
     */
    Decision decide(Subject subject, String method, String path, Map<String, String> fields);

    /** @return every route of every registered {@link RouteTable}, in no particular order */
    List<Route> routes();

    /**
     * @param job a job's name
     * @return the client the job belongs to: its {@code branding.clientName}, else its name (also for a
     *         job that is gone but has runs)
     */
    String clientOfJob(String job);
}
