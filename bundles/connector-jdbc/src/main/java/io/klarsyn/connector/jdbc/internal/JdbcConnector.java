package io.klarsyn.connector.jdbc.internal;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.settings.JobSettings;

/**
 * The JDBC connector for jobs that give their database in the job settings ({@code jdbc.url},
 * {@code jdbc.user}), e.g. in one-shot {@code klarsyn report --job} runs, where no server's secret store is at
 * hand. The password, if the database needs one, comes from a file the job names ({@code jdbc.passwordFile},
 * owner-only) or from the environment variable {@value JdbcOptions#PASSWORD_ENV}: never from the settings, the
 * job file or the command line. A server's job gives its database in {@code connectorConfig} instead
 * ({@link JdbcJobConnector}), where the password stays sealed.
 */
@Component(service = DataConnector.class, configurationPolicy = ConfigurationPolicy.IGNORE)
@Plugin(id = JdbcSource.ID, title = JdbcSource.TITLE)
public final class JdbcConnector extends JdbcSource {

    private final java.util.function.UnaryOperator<String> environment;

    public JdbcConnector() {
        this(System::getenv);
    }

    /** @param environment the environment variables by name (a test's own) */
    JdbcConnector(java.util.function.UnaryOperator<String> environment) {
        this.environment = environment;
    }

    @Override
    DataSource database(JobSettings settings) {
        return Databases.dataSource(settings.string(JdbcOptions.URL, null), settings.string(JdbcOptions.USER, null),
                password(settings));
    }

    /**
     * @return the password from {@code jdbc.passwordFile}, else from the environment, else {@code null}
     * @throws IllegalArgumentException when the file is missing, empty, or readable by others than its owner
     */
    String password(JobSettings settings) {
        String file = settings.string(JdbcOptions.PASSWORD_FILE, null);
        if (file == null || file.isBlank()) {
            String env = environment.apply(JdbcOptions.PASSWORD_ENV);
            return env == null || env.isEmpty() ? null : env;
        }
        String name = file.strip();
        java.nio.file.Path path = java.nio.file.Path.of(name.startsWith("~/") ? System.getProperty("user.home")
                + name.substring(1) : name);
        String where = JdbcOptions.PASSWORD_FILE + " = " + path;
        if (!java.nio.file.Files.isRegularFile(path)) {
            throw new IllegalArgumentException(where + ": no such file (it holds the database password on its "
                    + "first line)");
        }
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = java.nio.file.Files.getPosixFilePermissions(path);
            perms.retainAll(java.util.EnumSet.of(java.nio.file.attribute.PosixFilePermission.GROUP_READ,
                    java.nio.file.attribute.PosixFilePermission.OTHERS_READ));
            if (!perms.isEmpty()) {
                throw new IllegalArgumentException(where + " can be read by others than its owner: chmod 600 it");
            }
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions (Windows): the folder's ACL is the owner's to set
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(where + ": cannot read its permissions: " + e.getMessage(), e);
        }
        String first;
        try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(path, java.nio.charset.StandardCharsets.UTF_8)) {
            first = r.readLine();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(where + ": cannot read it: " + e.getMessage(), e);
        }
        if (first == null || first.isEmpty()) {
            throw new IllegalArgumentException(where + ": the file is empty (the password goes on its first line)");
        }
        return first;
    }

    @Override
    String loginHint(JobSettings settings) {
        String url = settings.string(JdbcOptions.URL, "");
        String user = settings.string(JdbcOptions.USER, null);
        if (!url.startsWith("jdbc:postgresql:") && (user == null || user.isBlank())) {
            return "";
        }
        try {
            return password(settings) != null ? "" : " (no password was given: name a file holding it with "
                    + JdbcOptions.PASSWORD_FILE + ", or set the environment variable " + JdbcOptions.PASSWORD_ENV + ")";
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    @Override
    String where(JobSettings settings) {
        return Databases.scheme(settings.string(JdbcOptions.URL, null));
    }
}
