package io.klarsyn.connector.jdbc.internal;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.settings.JobSettings;

/**
 * The JDBC connector for jobs that give their database in the job settings ({@code jdbc.url},
 * {@code jdbc.user}): a database that needs no password (an H2 file, PostgreSQL with peer or trust
 * authentication), e.g. in one-shot {@code klarsyn report} runs. A database with a password is given in
 * the job's {@code connectorConfig} instead ({@link JdbcJobConnector}), where the password stays sealed.
 */
@Component(service = DataConnector.class, configurationPolicy = ConfigurationPolicy.IGNORE)
@Plugin(id = JdbcSource.ID, title = JdbcSource.TITLE)
public final class JdbcConnector extends JdbcSource {

    @Override
    DataSource database(JobSettings settings) {
        return Databases.dataSource(settings.string(JdbcOptions.URL, null), settings.string(JdbcOptions.USER, null), null);
    }

    @Override
    String where(JobSettings settings) {
        return Databases.scheme(settings.string(JdbcOptions.URL, null));
    }
}
