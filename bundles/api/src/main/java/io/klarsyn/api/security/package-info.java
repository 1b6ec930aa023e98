/**
 * Users, roles and client isolation: who is asking ({@link io.klarsyn.api.security.Subject}), what each
 * route needs ({@link io.klarsyn.api.security.Route}, declared by the bundles that serve them through
 * {@link io.klarsyn.api.security.RouteTable}), the one service that decides
 * ({@link io.klarsyn.api.security.Authorization}), the audit log and the secret store.
 *
 * <p>The security bundle implements the provider types and checks every HTTP request in one whiteboard
 * filter before any servlet sees it; servlets only declare their routes and, for lists, keep the rows
 * of the clients {@link io.klarsyn.api.security.Subject#sees(String)} allows.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.klarsyn.api.security;
