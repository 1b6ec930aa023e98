package io.klarsyn.security.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.klarsyn.api.security.Authorization;
import io.klarsyn.api.security.Decision;
import io.klarsyn.api.security.Decision.Outcome;
import io.klarsyn.api.security.Permission;
import io.klarsyn.api.security.Role;
import io.klarsyn.api.security.Route;
import io.klarsyn.api.security.RouteTable;
import io.klarsyn.api.security.Subject;
import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.server.JobRegistry;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunStore;
import io.klarsyn.api.server.ServerHome;

/** The {@link Authorization}: the rules of its contract over the routes of every {@link RouteTable}. */
@Component(service = Authorization.class)
public class AccessRules implements Authorization {

    /** Routes a user who must change their password may still use. */
    static final List<String> PASSWORD_ROUTES = List.of("/password", "/logout", "/api/password", "/static/**", "/login");

    private static final Pattern ID = Pattern.compile("\\d{1,18}");

    private final JobRegistry jobs;
    private final RunStore store;
    private final List<RouteTable> tables = new CopyOnWriteArrayList<>();

    @Activate
    public AccessRules(@Reference ServerHome home, @Reference JobRegistry jobs, @Reference RunStore store) {
        this.jobs = jobs;
        this.store = store;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addTable(RouteTable table) {
        tables.add(table);
        index = index(routes());
    }

    synchronized void removeTable(RouteTable table) {
        tables.remove(table);
        index = index(routes());
    }

    /**
     * A route with what a path needs to be worth matching against it: its number of segments (or, ending
     * in {@code **}, at least one less) and its first segment when that is literal. Pages ask for many
     * decisions a request (a control per job), so decide tries {@link Route#match} only on these.
     */
    record Indexed(Route route, int size, boolean rest, String first, String[] literals, String[] variables,
            int specificity) {

        static Indexed of(Route r) {
            List<String> segments = r.segments();
            boolean rest = !segments.isEmpty() && segments.get(segments.size() - 1).equals("**");
            String first = segments.isEmpty() || segments.get(0).startsWith("{") || segments.get(0).equals("**") ? null
                    : segments.get(0);
            String[] literals = new String[segments.size()];
            String[] variables = new String[segments.size()];
            for (int i = 0; i < segments.size(); i++) {
                java.util.regex.Matcher m = VARIABLE.matcher(segments.get(i));
                if (m.matches()) {
                    variables[i] = m.group(1);
                } else {
                    literals[i] = segments.get(i);
                }
            }
            return new Indexed(r, segments.size(), rest, first, literals, variables, AccessRules.specificity(r));
        }

        boolean mayMatch(int segments, String firstSegment) {
            if (rest ? segments < size - 1 : segments != size) {
                return false;
            }
            return first == null || first.equals(firstSegment);
        }

        /**
         * {@link Route#match} on a path split already, with the pattern split once: the same answer without
         * splitting and matching the pattern again for each decision.
         *
         * @return the variables by name when the path matches, else null
         */
        Map<String, String> match(List<String> got) {
            Map<String, String> vars = new java.util.LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
                if (rest && i == size - 1) {
                    return vars;
                }
                if (i >= got.size()) {
                    return null;
                }
                if (variables[i] != null) {
                    vars.put(variables[i], got.get(i));
                } else if (!literals[i].equals(got.get(i))) {
                    return null;
                }
            }
            return got.size() == size ? vars : null;
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");

    /** Routes of the tables now ({@link RouteTable#routes()} is fixed for a table's life). */
    private volatile List<Indexed> index = List.of();

    private static List<Indexed> index(List<Route> routes) {
        List<Indexed> out = new ArrayList<>();
        for (Route r : routes) {
            out.add(Indexed.of(r));
        }
        return List.copyOf(out);
    }

    @Override
    public List<Route> routes() {
        List<Route> all = new ArrayList<>();
        for (RouteTable table : tables) {
            all.addAll(table.routes());
        }
        return all;
    }

    @Override
    public Decision decide(Subject subject, String method, String path, Map<String, String> fields) {
        Route route = null;
        int routeSpecificity = 0;
        Map<String, String> vars = null;
        boolean pathKnown = false;
        List<String> parts = split(path);
        int segments = parts.size();
        String firstSegment = segments == 0 ? null : parts.get(0);
        for (Indexed indexed : index) {
            if (!indexed.mayMatch(segments, firstSegment)) {
                continue;
            }
            Route candidate = indexed.route();
            Map<String, String> match = indexed.match(parts);
            if (match == null) {
                continue;
            }
            pathKnown = true;
            if (candidate.answers(method) && (route == null || indexed.specificity() > routeSpecificity)) {
                route = candidate;
                routeSpecificity = indexed.specificity();
                vars = match;
            }
        }
        if (route == null) {
            if (subject == null) {
                return new Decision(Outcome.UNAUTHENTICATED, null, null);
            }
            return new Decision(pathKnown ? Outcome.METHOD_NOT_ALLOWED : Outcome.NOT_FOUND, null, null);
        }
        if (route.permission() == Permission.PUBLIC) {
            return new Decision(Outcome.ALLOW, route, null);
        }
        if (subject == null) {
            return new Decision(Outcome.UNAUTHENTICATED, route, null);
        }
        if (subject.mustChangePassword() && !PASSWORD_ROUTES.contains(route.pattern())) {
            return new Decision(Outcome.FORBIDDEN, route, null);
        }
        String client = null;
        if (vars.containsKey("job") || vars.containsKey("run")) {
            Optional<String> owner = vars.containsKey("run") ? clientOfRun(vars.get("run")) : Optional.of(clientOfJob(vars.get("job")));
            if (owner.isEmpty() || !subject.sees(owner.get())) {
                return new Decision(Outcome.NOT_FOUND, route, null);
            }
            client = owner.get();
        }
        if (route.clientField() != null) {
            String named = fields.get(route.clientField());
            if (named != null && !named.isBlank() && !subject.sees(named.strip())) {
                return new Decision(Outcome.FORBIDDEN, route, client);
            }
        }
        return new Decision(allowed(subject.role(), route.permission()) ? Outcome.ALLOW : Outcome.FORBIDDEN, route, client);
    }

    /** @return the path's segments, the empty ones left out (as {@link Route#match} splits it) */
    static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** The role table: which role reaches which permission (the client was checked before). */
    static boolean allowed(Role role, Permission permission) {
        return switch (permission) {
            case PUBLIC, AUTHENTICATED, READ -> true;
            case OPERATE -> role == Role.CONSULTANT || role == Role.ADMIN;
            case ADMIN -> role == Role.ADMIN;
        };
    }

    /** Literal segments outrank variables: {@code /jobs/new} beats {@code /jobs/{job}}. */
    private static int specificity(Route route) {
        int score = 0;
        for (String segment : route.segments()) {
            score += segment.startsWith("{") || segment.equals("**") ? 1 : 2;
        }
        return score;
    }

    @Override
    public String clientOfJob(String job) {
        return jobs.job(job).map(entry -> {
            JobDefinition definition = entry.definition();
            String client = definition == null ? null : definition.spec().branding().clientName();
            return client == null || client.isBlank() ? job : client;
        }).orElse(job);
    }

    private Optional<String> clientOfRun(String id) {
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return store.run(Long.parseLong(id)).map(RunRecord::job).map(this::clientOfJob);
    }
}
