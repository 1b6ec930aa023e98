package io.klarsyn.api.security;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The routes one bundle serves over HTTP, registered as a service by that bundle. The security filter
 * answers every request by the routes of all tables: a path and method no table declares is 404 (after
 * authentication, so nothing is revealed to strangers), so a servlet's new route is unreachable until
 * its table says who may call it — and the authorization matrix test, generated from the tables, covers
 * it at once.
 */
@ConsumerType
public interface RouteTable {

    /** @return the routes, each method and pattern once; fixed for the life of the service */
    List<Route> routes();
}
