package io.klarsyn.database.internal;

import java.util.Hashtable;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.zaxxer.hikari.HikariDataSource;

import io.klarsyn.api.server.ServerHome;

/**
 * The server's database, once a server runs: a pool on {@link ServerHome#databaseUrl()},
 * registered as a {@link DataSource} with {@value #PROPERTY}={@value #SERVER}.
 */
@Component
public class ServerDatabase {

    /** Service property naming which database a DataSource is; its value {@value #SERVER} is the server's. */
    public static final String PROPERTY = "klarsyn.database";
    public static final String SERVER = "server";

    private final HikariDataSource pool;
    private final ServiceRegistration<DataSource> registration;

    @Activate
    public ServerDatabase(BundleContext context, @Reference ServerHome home) {
        pool = Pools.open(home.databaseUrl());
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(PROPERTY, SERVER);
        try {
            registration = context.registerService(DataSource.class, pool, properties);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // The framework unregisters a stopping bundle's services itself.
        } finally {
            pool.close();
        }
    }
}
