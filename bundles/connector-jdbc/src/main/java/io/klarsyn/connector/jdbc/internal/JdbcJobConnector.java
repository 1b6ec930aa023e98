package io.klarsyn.connector.jdbc.internal;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.security.SecretStore;
import io.klarsyn.api.settings.JobSettings;

/**
 * The JDBC connector configured per job: the database, user and password in the job file's
 * {@code connectorConfig} (or the job editor). The server keeps the password sealed ({@code {aes-gcm}...}) in
 * the job file and the configuration; it is opened with the {@link SecretStore} only to connect, and never
 * appears in a message, a log or metrics.json. What to read (tables or queries, column mappings) stays in
 * the job settings {@code jdbc.*}, which the report's appendix shows.
 */
@Component(service = DataConnector.class, configurationPid = JdbcSource.ID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = JdbcJobConnector.Config.class, factory = true)
@Plugin(id = JdbcSource.ID, title = JdbcSource.TITLE)
public final class JdbcJobConnector extends JdbcSource {

    @ObjectClassDefinition(name = "Database (JDBC)", description = "The client's database: PostgreSQL, H2 or DuckDB.")
    public @interface Config {
        @AttributeDefinition(name = "JDBC URL", description = "e.g. jdbc:postgresql://db.acme.no:5432/sales or "
                + "jdbc:h2:/srv/acme/sales (no password in the URL).")
        String url();

        @AttributeDefinition(name = "User", required = false, description = "The database user (read-only rights suffice).")
        String user() default "";

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
                description = "The user's password. Kept sealed; never shown nor logged.")
        String password() default "";
    }

    private record Login(String url, String user, String sealedPassword) {
    }

    private final SecretStore secrets;
    private volatile Login login;

    @Activate
    public JdbcJobConnector(Config config, @Reference SecretStore secrets) {
        this.secrets = secrets;
        configure(config);
    }

    /** A changed configuration applies to the reads that start after it. */
    @Modified
    void configure(Config config) {
        login = new Login(config.url() == null ? "" : config.url().strip(), config.user(), config.password());
    }

    @Override
    DataSource database(JobSettings settings) {
        Login l = login;
        return Databases.dataSource(l.url(), l.user(), secrets.open(l.sealedPassword()));
    }

    @Override
    String where(JobSettings settings) {
        return Databases.scheme(login.url());
    }
}
