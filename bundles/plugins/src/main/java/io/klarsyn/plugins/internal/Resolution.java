package io.klarsyn.plugins.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;

import io.klarsyn.api.server.PluginManager.Missing;

/**
 * A dry run: which of a bundle's requirements nothing satisfies, checked against the capabilities of
 * the framework's resolved bundles and of the bundle itself. Reads only; installs nothing. It checks
 * each requirement on its own (no uses constraints), which is what a single plugin jar needs.
 */
final class Resolution {

    /** A capability someone offers. */
    record Offer(String namespace, Map<String, Object> attributes, String owner) {
    }

    private final List<Offer> offers;

    private Resolution(List<Offer> offers) {
        this.offers = offers;
    }

    /**
     * @param bundles the framework's bundles; those not resolved offer nothing
     * @param skip a bundle whose offers do not count (the one an update replaces), or -1
     */
    static Resolution of(Bundle[] bundles, long skip) {
        List<Offer> offers = new ArrayList<>();
        for (Bundle b : bundles) {
            if (b.getBundleId() == skip || (b.getState() & (Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) == 0) {
                continue;
            }
            BundleWiring wiring = b.adapt(BundleWiring.class);
            List<BundleCapability> caps;
            if (wiring != null) {
                caps = wiring.getCapabilities(null);
            } else {
                BundleRevision revision = b.adapt(BundleRevision.class);
                caps = revision == null ? List.of() : revision.getDeclaredCapabilities(null);
            }
            String owner = b.getSymbolicName() + " " + b.getVersion();
            for (BundleCapability c : caps) {
                offers.add(new Offer(c.getNamespace(), c.getAttributes(), owner));
            }
        }
        return new Resolution(offers);
    }

    /**
     * @param headers the bundle's manifest headers
     * @return every requirement nothing offers, in the manifest's order
     */
    List<Missing> missing(Map<String, String> headers) {
        String name = symbolicName(headers);
        Version version = version(headers);
        String who = name + " " + version;
        List<Offer> all = new ArrayList<>(offers);
        all.addAll(ownOffers(headers, who, name, version));
        List<Missing> missing = new ArrayList<>();
        for (Headers.Clause c : Headers.parse(headers.get(Constants.IMPORT_PACKAGE))) {
            if (optional(c)) {
                continue;
            }
            VersionRange range = range(c.attributes().get(Constants.VERSION_ATTRIBUTE));
            for (String pkg : c.names()) {
                if (pkg.startsWith("java.")) {
                    continue;
                }
                boolean ok = false;
                Set<String> found = new LinkedHashSet<>();
                for (Offer o : all) {
                    if (o.namespace().equals(PackageNamespace.PACKAGE_NAMESPACE)
                            && pkg.equals(o.attributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                        Version v = versionOf(o.attributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE));
                        if (range.includes(v)) {
                            ok = true;
                            break;
                        }
                        found.add(pkg + " " + v + " (from " + o.owner() + ")");
                    }
                }
                if (!ok) {
                    missing.add(new Missing(who, PackageNamespace.PACKAGE_NAMESPACE, "package " + pkg + words(range),
                            found.isEmpty() ? null : String.join(", ", found)));
                }
            }
        }
        for (Headers.Clause c : Headers.parse(headers.get(Constants.REQUIRE_BUNDLE))) {
            if (optional(c)) {
                continue;
            }
            VersionRange range = range(c.attributes().get(Constants.BUNDLE_VERSION_ATTRIBUTE));
            for (String bsn : c.names()) {
                boolean ok = all.stream().anyMatch(o -> o.namespace().equals(BundleNamespace.BUNDLE_NAMESPACE)
                        && bsn.equals(o.attributes().get(BundleNamespace.BUNDLE_NAMESPACE))
                        && range.includes(versionOf(o.attributes().get(BundleNamespace.CAPABILITY_BUNDLE_VERSION_ATTRIBUTE))));
                if (!ok) {
                    missing.add(new Missing(who, BundleNamespace.BUNDLE_NAMESPACE, "bundle " + bsn + words(range), null));
                }
            }
        }
        for (Headers.Clause c : Headers.parse(headers.get(Constants.REQUIRE_CAPABILITY))) {
            String effective = c.directives().getOrDefault(Constants.EFFECTIVE_DIRECTIVE, Constants.EFFECTIVE_RESOLVE);
            if (optional(c) || !effective.equals(Constants.EFFECTIVE_RESOLVE)) {
                continue;
            }
            String filter = c.directives().get(Constants.FILTER_DIRECTIVE);
            for (String namespace : c.names()) {
                boolean ok;
                try {
                    org.osgi.framework.Filter f = filter == null ? null : FrameworkUtil.createFilter(filter);
                    ok = all.stream().anyMatch(o -> o.namespace().equals(namespace) && (f == null || f.matches(o.attributes())));
                } catch (InvalidSyntaxException e) {
                    ok = false;
                }
                if (!ok) {
                    missing.add(new Missing(who, namespace, "capability " + namespace + (filter == null ? "" : " " + filter), null));
                }
            }
        }
        return missing;
    }

    static String symbolicName(Map<String, String> headers) {
        List<Headers.Clause> c = Headers.parse(headers.get(Constants.BUNDLE_SYMBOLICNAME));
        return c.isEmpty() || c.get(0).names().isEmpty() ? null : c.get(0).names().get(0);
    }

    static Version version(Map<String, String> headers) {
        try {
            return Version.parseVersion(headers.getOrDefault(Constants.BUNDLE_VERSION, "0.0.0").strip());
        } catch (IllegalArgumentException e) {
            return Version.emptyVersion;
        }
    }

    private static List<Offer> ownOffers(Map<String, String> headers, String who, String name, Version version) {
        List<Offer> own = new ArrayList<>();
        for (Headers.Clause c : Headers.parse(headers.get(Constants.EXPORT_PACKAGE))) {
            Version v = versionOf(c.attributes().getOrDefault(Constants.VERSION_ATTRIBUTE, "0.0.0"));
            for (String pkg : c.names()) {
                own.add(new Offer(PackageNamespace.PACKAGE_NAMESPACE,
                        Map.of(PackageNamespace.PACKAGE_NAMESPACE, pkg, PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE, v), who));
            }
        }
        if (name != null) {
            own.add(new Offer(BundleNamespace.BUNDLE_NAMESPACE, Map.of(BundleNamespace.BUNDLE_NAMESPACE, name,
                    BundleNamespace.CAPABILITY_BUNDLE_VERSION_ATTRIBUTE, version), who));
        }
        for (Headers.Clause c : Headers.parse(headers.get(Constants.PROVIDE_CAPABILITY))) {
            Map<String, Object> attributes = new HashMap<>();
            String raw = headers.get(Constants.PROVIDE_CAPABILITY);
            for (Map.Entry<String, String> a : c.attributes().entrySet()) {
                boolean typedVersion = raw != null && raw.contains(a.getKey() + ":Version");
                attributes.put(a.getKey(), typedVersion ? versionOf(a.getValue()) : a.getValue());
            }
            for (String namespace : c.names()) {
                own.add(new Offer(namespace, attributes, who));
            }
        }
        return own;
    }

    private static boolean optional(Headers.Clause c) {
        return Constants.RESOLUTION_OPTIONAL.equals(c.directives().get(Constants.RESOLUTION_DIRECTIVE));
    }

    private static VersionRange range(String s) {
        if (s == null || s.isBlank()) {
            return new VersionRange("0.0.0");
        }
        try {
            return new VersionRange(s.strip());
        } catch (IllegalArgumentException e) {
            return new VersionRange("0.0.0");
        }
    }

    private static String words(VersionRange range) {
        return range.getLeft().equals(Version.emptyVersion) && range.getRight() == null ? "" : " " + range;
    }

    private static Version versionOf(Object v) {
        if (v instanceof Version version) {
            return version;
        }
        if (v == null) {
            return Version.emptyVersion;
        }
        try {
            return Version.parseVersion(v.toString().strip());
        } catch (IllegalArgumentException e) {
            return Version.emptyVersion;
        }
    }
}
