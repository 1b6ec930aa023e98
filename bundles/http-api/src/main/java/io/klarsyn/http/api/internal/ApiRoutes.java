package io.klarsyn.http.api.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.klarsyn.api.security.Permission;
import io.klarsyn.api.security.Route;
import io.klarsyn.api.security.RouteTable;

/**
 * Who may call each route of the {@link Api}: the security bundle's filter decides by this table. A
 * route missing here is answered 404 by the filter, so each new route of {@link Api#handle} needs its
 * line.
 */
@Component
public class ApiRoutes implements RouteTable {

    static final List<Route> ROUTES = List.of(
            Route.of("GET", "/api/jobs", Permission.AUTHENTICATED),
            Route.of("GET", "/api/jobs/{job}", Permission.READ),
            Route.audited("POST", "/api/jobs/{job}/runs", Permission.OPERATE, "run.start"),
            Route.of("GET", "/api/jobs/{job}/runs", Permission.READ),
            Route.of("GET", "/api/jobs/{job}/trend", Permission.READ),
            Route.audited("POST", "/api/jobs/{job}/test-mail", Permission.OPERATE, "mail.test"),
            Route.of("GET", "/api/runs/{run}", Permission.READ),
            Route.audited("POST", "/api/runs/{run}/abort", Permission.OPERATE, "run.abort"),
            Route.of("GET", "/api/runs/{run}/deliveries", Permission.READ),
            Route.audited("POST", "/api/runs/{run}/deliveries", Permission.OPERATE, "delivery.resend"),
            Route.of("GET", "/api/runs/{run}/log", Permission.READ),
            Route.of("GET", "/api/runs/{run}/artifacts/{name}", Permission.READ),
            Route.of("GET", "/api/plugins", Permission.ADMIN),
            // audited by PluginsApi itself, with the plugin's name and version (a dry run changes nothing)
            Route.of("POST", "/api/plugins", Permission.ADMIN),
            Route.of("GET", "/api/plugins/{name}", Permission.ADMIN),
            Route.audited("DELETE", "/api/plugins/{name}", Permission.ADMIN, "plugin.remove"),
            Route.audited("POST", "/api/plugins/{name}/rollback", Permission.ADMIN, "plugin.rollback"),
            Route.audited("PUT", "/api/plugins/{name}/pin", Permission.ADMIN, "plugin.pin"),
            Route.audited("DELETE", "/api/plugins/{name}/pin", Permission.ADMIN, "plugin.unpin"));

    @Override
    public List<Route> routes() {
        return ROUTES;
    }
}
