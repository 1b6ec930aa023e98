package io.klarsyn.security.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.klarsyn.api.security.SecretStore;
import io.klarsyn.api.server.ServerHome;

/**
 * Seals the secrets written in the clear into {@code DIR/etc/io.klarsyn.*.cfg} (Klarsyn's own components,
 * which open them with the {@link SecretStore}): every key named {@code password} or
 * ending in {@code Password} (the SMTP password of {@code io.klarsyn.delivery.mail.cfg}, a connector's
 * database password) is rewritten as {@code {aes-gcm}...} within two seconds of being saved, the rest of
 * the file as it was. Configuration Admin then hands the sealed value to the component, which opens it
 * with the {@link SecretStore}.
 */
@Component(immediate = true)
public class ConfigSealer {

    private static final System.Logger LOG = System.getLogger(ConfigSealer.class.getName());
    /** {@code key = value} or {@code key: value} of a properties file, with the key's spacing kept. */
    private static final Pattern LINE = Pattern.compile("^(\\s*([A-Za-z0-9_.-]*(?:password|Password))\\s*[=:]\\s*)(.*?)\\s*$");

    private final Path etc;
    private final SecretStore secrets;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "klarsyn-config-sealer");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ConfigSealer(@Reference ServerHome home, @Reference SecretStore secrets) {
        this(home.home().resolve("etc"), secrets);
    }

    ConfigSealer(Path etc, SecretStore secrets) {
        this.etc = etc;
        this.secrets = secrets;
        sealAll();
        timer.scheduleWithFixedDelay(this::sealAll, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }

    void sealAll() {
        if (!Files.isDirectory(etc)) {
            return;
        }
        // only Klarsyn's own configurations: their components open sealed values; Jetty's or a plugin's would not
        try (DirectoryStream<Path> files = Files.newDirectoryStream(etc, "io.klarsyn.*.cfg")) {
            for (Path file : files) {
                seal(file);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot seal the secrets in " + etc + ": " + e.getMessage());
        }
    }

    /** @return whether the file was rewritten */
    boolean seal(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>(lines.size());
        boolean changed = false;
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!line.stripLeading().startsWith("#") && m.matches() && !m.group(3).isEmpty() && !SecretStore.isSealed(unquote(m.group(3)))
                    && !m.group(3).startsWith("$")) {
                out.add(m.group(1) + secrets.seal(unquote(m.group(3))));
                changed = true;
                LOG.log(System.Logger.Level.INFO, "sealed " + m.group(2) + " in " + file.getFileName() + " (" + SecretStore.mask("x") + ")");
            } else {
                out.add(line);
            }
        }
        if (changed) {
            Path tmp = file.resolveSibling(file.getFileName() + ".sealing");
            Files.write(tmp, out, StandardCharsets.ISO_8859_1);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return changed;
    }

    /** Felix's .cfg files may quote a value (typed values such as {@code I"1"} are no passwords). */
    private static String unquote(String value) {
        String v = value.strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
