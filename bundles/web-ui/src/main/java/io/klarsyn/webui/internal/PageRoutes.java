package io.klarsyn.webui.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.klarsyn.api.security.Permission;
import io.klarsyn.api.security.Route;
import io.klarsyn.api.security.RouteTable;

/**
 * Who may open each page of the {@link Ui}: the security bundle's filter decides by this table (a page
 * missing here answers 404). The job editor's {@code client} field must name a client of the user too.
 */
@Component
public class PageRoutes implements RouteTable {

    static final List<Route> ROUTES = List.of(
            Route.of("GET", "/", Permission.AUTHENTICATED),
            Route.of("GET", "/static/{file}", Permission.PUBLIC),
            Route.of("GET", "/jobs/new", Permission.OPERATE),
            new Route("POST", "/jobs/new", Permission.OPERATE, "job.create", "client"),
            Route.of("GET", "/jobs/{job}", Permission.READ),
            Route.of("GET", "/jobs/{job}/edit", Permission.OPERATE),
            new Route("POST", "/jobs/{job}/edit", Permission.OPERATE, "job.save", "client"),
            Route.audited("POST", "/jobs/{job}/run", Permission.OPERATE, "run.start"),
            Route.of("GET", "/runs/{run}", Permission.READ),
            Route.of("GET", "/runs/{run}/live", Permission.READ),
            Route.audited("POST", "/runs/{run}/abort", Permission.OPERATE, "run.abort"),
            Route.audited("POST", "/runs/{run}/deliveries", Permission.OPERATE, "delivery.resend"),
            Route.of("GET", "/runs/{run}/artifacts/{name}", Permission.READ),
            Route.of("POST", "/editor/schedule", Permission.OPERATE),
            Route.of("GET", "/plugins", Permission.ADMIN),
            Route.of("POST", "/plugins/dry-run", Permission.ADMIN),
            Route.audited("POST", "/plugins/install", Permission.ADMIN, "plugin.install"),
            Route.audited("POST", "/plugins/{name}/remove", Permission.ADMIN, "plugin.remove"),
            Route.audited("POST", "/plugins/{name}/rollback", Permission.ADMIN, "plugin.rollback"),
            Route.audited("POST", "/plugins/{name}/pin", Permission.ADMIN, "plugin.pin"),
            Route.audited("POST", "/plugins/{name}/unpin", Permission.ADMIN, "plugin.unpin"),
            Route.of("GET", "/system", Permission.ADMIN));

    @Override
    public List<Route> routes() {
        return ROUTES;
    }
}
