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
import io.klarsyn.api.server.ServerSchema;

/**
 * The server's database, once a server runs: a pool on {@link ServerHome#databaseUrl()},
 * registered as a {@link DataSource} with {@value #PROPERTY}={@value #SERVER}, and its {@link ServerSchema}.
 */
@Component
public class ServerDatabase {

    /** Service property naming which database a DataSource is; its value {@value #SERVER} is the server's. */
    public static final String PROPERTY = "klarsyn.database";
    public static final String SERVER = "server";

    private final HikariDataSource pool;
    private final ServiceRegistration<DataSource> registration;
    private final ServiceRegistration<ServerSchema> schema;

    @Activate
    public ServerDatabase(BundleContext context, @Reference ServerHome home) {
        pool = Pools.open(home.databaseUrl());
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(PROPERTY, SERVER);
        ServiceRegistration<DataSource> registered = null;
        try {
            registered = context.registerService(DataSource.class, pool, properties);
            schema = context.registerService(ServerSchema.class, new JdbcServerSchema(pool), null);
        } catch (RuntimeException e) {
            unregister(registered);
            pool.close();
            throw e;
        }
        registration = registered;
    }

    @Deactivate
    void deactivate() {
        try {
            unregister(schema);
            unregister(registration);
        } finally {
            pool.close();
        }
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // The framework unregisters a stopping bundle's services itself.
        }
    }
}
