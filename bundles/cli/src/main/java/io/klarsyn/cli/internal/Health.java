package io.klarsyn.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * What is broken in the running framework, with the reason: files in a deploy folder that are no
 * bundles, bundles that do not resolve (the missing requirement with its version range) or do not
 * start (the exception's message), components whose activation failed. Nothing here stops
 * anything: a broken bundle is listed and logged once, everything else goes on.
 */
final class Health {

    /** One problem: what (a bundle, file or component), its state, why, and the bundle's id (-1: a file). */
    record Problem(String what, String state, String reason, long bundleId) {
        String line() {
            return what + " is " + state + ": " + reason;
        }
    }

    /** Start failures by bundle id and last-modified time: an activator is tried once per process and version. */
    private static final Map<String, String> START_FAILURES = new ConcurrentHashMap<>();
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private final BundleContext ctx;
    private final ServiceComponentRuntime scr;

    Health(BundleContext ctx, ServiceComponentRuntime scr) {
        this.ctx = ctx;
        this.scr = scr;
    }

    /**
     * Waits (up to {@code timeoutMillis} in all) until FileInstall has installed every bundle file in
     * these folders, then starts those that are not active yet so that their failure, if any, is known
     * now. Files that are not bundles are not waited for.
     */
    void settle(List<Path> folders, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (Path folder : folders) {
            for (Path file : files(folder)) {
                if (notABundle(file) != null) {
                    continue;
                }
                Bundle b;
                while ((b = bundleFor(file)) == null && System.currentTimeMillis() < deadline) {
                    pause(20);
                }
                if (b != null) {
                    ensureStarted(b);
                }
            }
        }
    }

    /**
     * @param folders the deploy folders watched
     * @param server whether a server is running: then a component waiting for a server service is a problem too
     * @return every problem found now, in bundle order
     */
    List<Problem> problems(List<Path> folders, boolean server) {
        List<Problem> problems = new ArrayList<>();
        for (Path folder : folders) {
            for (Path file : files(folder)) {
                String why = notABundle(file);
                if (why != null) {
                    problems.add(new Problem(folder.getFileName() + "/" + file.getFileName(), "IGNORED", why, -1));
                }
            }
        }
        for (Bundle b : ctx.getBundles()) {
            if (b.getBundleId() == 0 || isFragment(b) || b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING
                    || b.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            String reason = ensureStarted(b);
            if (reason != null) {
                problems.add(new Problem(name(b), state(b), reason, b.getBundleId()));
            }
        }
        if (scr != null) {
            List<ComponentDescriptionDTO> descriptions = new ArrayList<>(scr.getComponentDescriptionDTOs());
            Set<String> dormant = new java.util.HashSet<>();
            for (ComponentDescriptionDTO d : descriptions) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                        dormant.addAll(List.of(d.serviceInterfaces));
                    }
                }
            }
            for (ComponentDescriptionDTO d : descriptions) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    String what = "component " + d.name + " of " + d.bundle.symbolicName;
                    if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        problems.add(new Problem(what, "FAILED", firstLine(c.failure), d.bundle.id));
                    } else if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                        List<String> waiting = new ArrayList<>();
                        boolean forServer = false;
                        for (UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) {
                            String type = interfaceOf(d, u.name);
                            waiting.add(type);
                            forServer |= type.startsWith("io.klarsyn.api.server.") || dormant.contains(type);
                        }
                        if (server || !forServer) {
                            problems.add(new Problem(what, "WAITING", "no service " + String.join(", ", waiting), d.bundle.id));
                        }
                    }
                }
            }
        }
        return problems;
    }

    /** Prints each problem not printed before in this process, one line each. */
    void logNew(List<Problem> problems, PrintStream err) {
        for (Problem p : problems) {
            if (LOGGED.add(p.line())) {
                err.println("klarsyn: warning: " + p.line());
            }
        }
    }

    private static String interfaceOf(ComponentDescriptionDTO d, String reference) {
        for (var r : d.references) {
            if (r.name.equals(reference)) {
                return r.interfaceName;
            }
        }
        return reference;
    }

    /** @return {@code null} when the bundle is (now) active, else why not; tried once per bundle version */
    String ensureStarted(Bundle b) {
        if (b.getState() == Bundle.ACTIVE || isFragment(b)) {
            return null;
        }
        String key = b.getBundleId() + "@" + b.getLastModified();
        String known = START_FAILURES.get(key);
        if (known != null) {
            return known;
        }
        String missing = missingRequirements(b);
        if (missing != null) {
            START_FAILURES.put(key, missing);
            return missing;
        }
        try {
            b.start(Bundle.START_TRANSIENT);
            return null;
        } catch (BundleException | RuntimeException e) {
            String why = rootMessage(e);
            START_FAILURES.put(key, why);
            return why;
        }
    }

    /** @return "needs package x [1.0.0,2.0.0), which no installed bundle provides" for each missing mandatory requirement, or null */
    private String missingRequirements(Bundle b) {
        if (b.getState() != Bundle.INSTALLED) {
            return null;
        }
        BundleRevision rev = b.adapt(BundleRevision.class);
        FrameworkWiring fw = ctx.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        if (rev == null || fw == null) {
            return null;
        }
        List<String> missing = new ArrayList<>();
        for (Requirement r : rev.getRequirements(null)) {
            Map<String, String> dir = r.getDirectives();
            if (Namespace.RESOLUTION_OPTIONAL.equals(dir.get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE))
                    || PackageNamespace.RESOLUTION_DYNAMIC.equals(dir.get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE))
                    || dir.get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE) != null
                            && !Namespace.EFFECTIVE_RESOLVE.equals(dir.get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE))) {
                continue;
            }
            if (fw.findProviders(r).isEmpty()) {
                missing.add(describe(r.getNamespace(), dir.get(Namespace.REQUIREMENT_FILTER_DIRECTIVE)));
            }
        }
        return missing.isEmpty() ? null : "needs " + String.join(", ", missing) + ", which no installed bundle provides";
    }

    private static final Pattern LOW = Pattern.compile("(?<!!)\\((?:version|bundle-version)>=([^)]+)\\)");
    private static final Pattern HIGH_EXCL = Pattern.compile("\\(!\\((?:version|bundle-version)>=([^)]+)\\)\\)");
    private static final Pattern HIGH_INCL = Pattern.compile("\\((?:version|bundle-version)<=([^)]+)\\)");

    /** @return e.g. "package com.example.nowhere [1.0.0,2.0.0)" from a requirement's filter */
    static String describe(String namespace, String filter) {
        if (filter == null) {
            return namespace;
        }
        String kind;
        Matcher name = Pattern.compile("\\((osgi\\.wiring\\.package|osgi\\.wiring\\.bundle|osgi\\.extender|osgi\\.service|osgi\\.serviceloader)=([^)]+)\\)")
                .matcher(filter);
        if (!name.find()) {
            return namespace + " " + filter;
        }
        switch (name.group(1)) {
            case "osgi.wiring.package": kind = "package "; break;
            case "osgi.wiring.bundle": kind = "bundle "; break;
            default: kind = name.group(1) + " "; break;
        }
        Matcher low = LOW.matcher(filter);
        Matcher high = HIGH_EXCL.matcher(filter);
        Matcher highIncl = HIGH_INCL.matcher(filter);
        String range = "";
        if (low.find()) {
            String l = low.group(1);
            if (high.find()) {
                range = " [" + l + "," + high.group(1) + ")";
            } else if (highIncl.find()) {
                range = " [" + l + "," + highIncl.group(1) + "]";
            } else {
                range = " " + l + " or later";
            }
        }
        return kind + name.group(2) + range;
    }

    /** @return why {@code file} is not a bundle, or {@code null} when it is one */
    static String notABundle(Path file) {
        String n = file.getFileName().toString();
        if (n.endsWith(".cfg") || n.endsWith(".config")) {
            return null;
        }
        try (JarFile jar = new JarFile(file.toFile())) {
            Manifest mf = jar.getManifest();
            if (mf == null) {
                return "not an OSGi bundle (a jar without a manifest)";
            }
            if (mf.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) == null) {
                return "not an OSGi bundle (its manifest has no Bundle-SymbolicName)";
            }
            return null;
        } catch (IOException e) {
            return "not a bundle: not a jar file (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
        }
    }

    /** @return the bundle FileInstall installed from {@code file}, or {@code null} */
    Bundle bundleFor(Path file) {
        String uri = file.toAbsolutePath().normalize().toUri().toString();
        String path = file.toAbsolutePath().normalize().toString();
        for (Bundle b : ctx.getBundles()) {
            String loc = b.getLocation();
            if (loc != null && (loc.equals(uri) || loc.endsWith(path) || loc.endsWith(file.toAbsolutePath().normalize().toUri().getPath()))) {
                return b;
            }
        }
        return null;
    }

    /** @return the regular, visible files of a folder (none when it does not exist) */
    static List<Path> files(Path folder) {
        List<Path> files = new ArrayList<>();
        if (folder == null || !Files.isDirectory(folder)) {
            return files;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (Files.isRegularFile(p) && !n.startsWith(".") && !n.endsWith(".cfg") && !n.endsWith(".config")) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            // an unreadable folder has nothing to wait for
        }
        files.sort(null);
        return files;
    }

    static String name(Bundle b) {
        String bsn = b.getSymbolicName() == null ? b.getLocation() : b.getSymbolicName();
        String loc = b.getLocation();
        int slash = loc == null ? -1 : loc.lastIndexOf('/');
        String from = loc != null && loc.contains("/deploy/") ? " (deploy/" + loc.substring(slash + 1) + ")" : "";
        return "bundle " + bsn + " " + b.getVersion() + from;
    }

    static boolean isFragment(Bundle b) {
        return b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    static String state(Bundle b) {
        switch (b.getState()) {
            case Bundle.ACTIVE: return "ACTIVE";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            default: return "UNINSTALLED";
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + t.getMessage();
        if (t != e && e instanceof BundleException && e.getMessage() != null && e.getMessage().contains("Unable to resolve")) {
            msg = e.getMessage();
        }
        return msg.replaceAll("\\s+", " ").trim();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no reason given)";
        }
        String line = s.strip().lines().findFirst().orElse(s);
        for (String l : s.lines().toList()) {
            if (l.startsWith("Caused by: ")) {
                line = l.substring("Caused by: ".length());
            }
        }
        return line.replaceAll("\\s+", " ");
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
