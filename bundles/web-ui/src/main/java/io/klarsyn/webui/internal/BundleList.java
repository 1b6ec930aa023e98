package io.klarsyn.webui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;

/**
 * The framework's bundles for the plugins page, each not working with its reason: the mandatory
 * requirements no installed bundle provides, or that it is resolved but not started.
 */
final class BundleList {

    private final BundleContext context;

    BundleList(BundleContext context) {
        this.context = context;
    }

    List<Services.BundleRow> rows() {
        List<Services.BundleRow> rows = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            rows.add(new Services.BundleRow(b.getBundleId(), b.getSymbolicName() == null ? b.getLocation() : b.getSymbolicName(),
                    b.getVersion().toString(), state(b), b.getLocation(), problem(b)));
        }
        return rows;
    }

    private String problem(Bundle b) {
        if (b.getBundleId() == 0 || b.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
            return null;
        }
        if (b.getState() == Bundle.INSTALLED) {
            String missing = missing(b);
            return missing != null ? missing : "not resolved";
        }
        if (b.getState() == Bundle.RESOLVED) {
            return "resolved but not started (its activator failed, or it was stopped)";
        }
        return null;
    }

    private String missing(Bundle b) {
        BundleRevision rev = b.adapt(BundleRevision.class);
        FrameworkWiring fw = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        if (rev == null || fw == null) {
            return null;
        }
        List<String> missing = new ArrayList<>();
        for (Requirement r : rev.getRequirements(null)) {
            Map<String, String> dir = r.getDirectives();
            if (Namespace.RESOLUTION_OPTIONAL.equals(dir.get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE))
                    || "dynamic".equals(dir.get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE))
                    || dir.get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE) != null
                            && !Namespace.EFFECTIVE_RESOLVE.equals(dir.get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE))) {
                continue;
            }
            if (fw.findProviders(r).isEmpty()) {
                missing.add(r.getNamespace().replace("osgi.wiring.", "") + " " + dir.get(Namespace.REQUIREMENT_FILTER_DIRECTIVE));
            }
        }
        return missing.isEmpty() ? null : "needs " + String.join(", ", missing) + ", which no installed bundle provides";
    }

    static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
