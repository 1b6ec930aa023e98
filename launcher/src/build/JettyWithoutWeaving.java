import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Build step of the distribution (run by the launcher's pom with Java's source launcher, never shipped):
 * rewrites the manifest of the Felix HTTP Jetty 12 bundle copied into the distribution so that it no longer
 * asks for the {@code osgi.serviceloader.processor} extender (an optional requirement).
 *
 * <p>Why: SPI Fly, which Angus Mail and Jakarta Activation need, weaves every class of each bundle that asks
 * for that extender. For Jetty it parsed and rewrote each of the hundreds of classes loaded at every server
 * start with ASM (~1.5-2 s of CPU on the 2-core machine), for nothing: the only ServiceLoader calls Jetty
 * makes there are for {@code HttpFieldPreEncoder} (Jetty falls back to its own HTTP/1.0 and 1.1 encoders
 * when ServiceLoader finds none), {@code CredentialProvider} and {@code Authenticator.Factory} (none is
 * installed; the whiteboard does not use Jetty's security handler) and ALPN (HTTP/2 only, which is off).
 *
 * <p>Usage: {@code java JettyWithoutWeaving.java DIR}: rewrites {@code DIR/org.apache.felix.http.jetty12-*.jar}
 * in place (exactly one must be there); entries keep their order, times and contents. Running it twice changes
 * nothing more.
 */
public final class JettyWithoutWeaving {

    static final String PROCESSOR = "osgi.serviceloader.processor";
    static final String NOTE = "Klarsyn-Changed";

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java JettyWithoutWeaving.java DIR");
        }
        List<Path> found = new ArrayList<>();
        try (var list = Files.newDirectoryStream(Path.of(args[0]), "org.apache.felix.http.jetty12-*.jar")) {
            list.forEach(found::add);
        }
        if (found.size() != 1) {
            throw new IllegalStateException(args[0] + ": expected one org.apache.felix.http.jetty12-*.jar, found " + found);
        }
        Path jar = found.get(0);
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (JarFile in = new JarFile(jar.toFile(), false)) {
            Manifest m = in.getManifest();
            Attributes main = m.getMainAttributes();
            String require = main.getValue("Require-Capability");
            if (require == null || !require.contains(PROCESSOR)) {
                System.out.println(jar.getFileName() + ": no " + PROCESSOR + " requirement (already changed?)");
                return;
            }
            List<String> kept = new ArrayList<>();
            for (String clause : clauses(require)) {
                if (!clause.contains("(osgi.extender=" + PROCESSOR + ")")) {
                    kept.add(clause);
                }
            }
            main.putValue("Require-Capability", String.join(",", kept));
            main.putValue(NOTE, "Require-Capability without the optional osgi.extender=" + PROCESSOR
                    + " (SPI Fly would weave every Jetty class at each start; see docs/server.md)");
            // the manifest first, then every other entry in its order, times kept: the same input gives the same jar
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(os)) {
                ZipEntry mf = new ZipEntry(JarFile.MANIFEST_NAME);
                mf.setTime(in.getEntry(JarFile.MANIFEST_NAME).getTime());
                out.putNextEntry(mf);
                m.write(out);
                out.closeEntry();
                for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements();) {
                    ZipEntry entry = e.nextElement();
                    if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    ZipEntry copy = new ZipEntry(entry.getName());
                    copy.setTime(entry.getTime());
                    out.putNextEntry(copy);
                    try (InputStream is = in.getInputStream(entry)) {
                        is.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println(jar.getFileName() + ": dropped the " + PROCESSOR + " requirement");
    }

    /** @return the clauses of an OSGi header: split at commas outside quotes */
    static List<String> clauses(String header) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        if (b.length() > 0) {
            out.add(b.toString());
        }
        return out;
    }
}
