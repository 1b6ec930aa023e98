package io.klarsyn.security.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.klarsyn.api.security.Permission;
import io.klarsyn.api.security.Route;
import io.klarsyn.api.security.RouteTable;

/** The routes of this bundle's API ({@link AccountsApi}) and pages ({@link AccountPages}). */
@Component
public class SecurityRoutes implements RouteTable {

    static final List<Route> ROUTES = List.of(
            // Basic authentication, checked by the servlet itself: the only API routes without a token
            Route.of("POST", "/api/tokens", Permission.PUBLIC),
            Route.of("POST", "/api/password", Permission.PUBLIC),
            Route.of("GET", "/api/tokens", Permission.AUTHENTICATED),
            Route.audited("DELETE", "/api/tokens/{id}", Permission.AUTHENTICATED, "token.revoke"),
            Route.of("GET", "/api/me", Permission.AUTHENTICATED),
            Route.of("GET", "/api/users", Permission.ADMIN),
            Route.audited("POST", "/api/users", Permission.ADMIN, "user.create"),
            Route.of("GET", "/api/users/{name}", Permission.ADMIN),
            Route.audited("PUT", "/api/users/{name}", Permission.ADMIN, "user.update"),
            Route.audited("DELETE", "/api/users/{name}", Permission.ADMIN, "user.delete"),
            Route.of("GET", "/api/audit", Permission.ADMIN),
            Route.of("GET", "/api/routes", Permission.ADMIN),
            Route.of("GET", "/login", Permission.PUBLIC),
            Route.of("POST", "/login", Permission.PUBLIC),
            Route.of("POST", "/logout", Permission.AUTHENTICATED),
            Route.of("GET", "/password", Permission.AUTHENTICATED),
            Route.of("POST", "/password", Permission.AUTHENTICATED),
            Route.of("GET", "/account", Permission.AUTHENTICATED),
            Route.of("POST", "/account/tokens", Permission.AUTHENTICATED),
            Route.audited("POST", "/account/tokens/{id}/revoke", Permission.AUTHENTICATED, "token.revoke"),
            Route.of("GET", "/users", Permission.ADMIN),
            Route.audited("POST", "/users", Permission.ADMIN, "user.create"),
            Route.of("GET", "/audit", Permission.ADMIN));

    @Override
    public List<Route> routes() {
        return ROUTES;
    }
}
