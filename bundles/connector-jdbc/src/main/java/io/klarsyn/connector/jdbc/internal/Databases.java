package io.klarsyn.connector.jdbc.internal;

import javax.sql.DataSource;

/**
 * A client database's DataSource, through the driver's own DataSource class (never DriverManager, which
 * does not see drivers in other bundles under OSGi). PostgreSQL and H2, each optional at run time, and DuckDB
 * when its driver's bundle is deployed (it is not shipped: 25 MB of native library per platform).
 */
final class Databases {

    private Databases() {
    }

    /**
     * @param url {@code jdbc:postgresql:...}, {@code jdbc:h2:...} or {@code jdbc:duckdb:...}
     * @param user the user, or {@code null}
     * @param password the password in the clear, or {@code null}; never logged
     * @throws IllegalArgumentException for another kind of URL, or one that holds a password
     *         ({@link io.klarsyn.api.settings.SettingDescriptor#maskPasswords}: {@code ?password=},
     *         {@code ;PASSWORD=}, {@code user:password@}, Oracle's {@code user/password@}), quoted masked
     * @throws IllegalStateException when the driver's bundle is missing
     */
    static DataSource dataSource(String url, String user, String password) {
        String scheme = scheme(url);
        // refused before a driver sees it: PostgreSQL's logs "invalid port number: <password>@<host>" for
        // user:password@host and its message quotes the whole URL
        String shown = io.klarsyn.api.settings.SettingDescriptor.maskPasswords(url);
        if (!shown.equals(url)) {
            throw new IllegalArgumentException("the database URL " + shown + " holds a password: give it as the "
                    + "job's sealed connectorConfig password instead (a URL is shown and logged)");
        }
        String u = user == null || user.isBlank() ? null : user;
        String p = password == null || password.isEmpty() ? null : password;
        try {
            return switch (scheme) {
                case "jdbc:h2:" -> H2.dataSource(url, u, p);
                case "jdbc:postgresql:" -> Postgres.dataSource(url, u, p);
                case "jdbc:duckdb:" -> {
                    if (u != null || p != null) {
                        throw new IllegalArgumentException("a DuckDB database has no login: leave the user and the "
                                + "password empty (the file's permissions guard it)");
                    }
                    yield DuckDb.dataSource(url);
                }
                default -> throw new IllegalArgumentException("unsupported database URL " + scheme
                        + "...: use jdbc:postgresql:, jdbc:h2: or jdbc:duckdb:");
            };
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("the database driver for " + scheme + " URLs is not installed (" + switch (scheme) {
                case "jdbc:h2:" -> "com.h2database bundle)";
                case "jdbc:postgresql:" -> "org.postgresql.jdbc bundle)";
                default -> "org.duckdb.duckdb_jdbc bundle: drop Maven Central's duckdb_jdbc-2.0.0.1-linux_amd64.jar into "
                        + "deploy/, the server home's or, for one-shot commands, the distribution's)";
            }, e);
        }
    }

    /** The URL up to its second colon: what messages show of it. */
    static String scheme(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no database URL: set " + JdbcOptions.URL
                    + " or the job's connectorConfig url");
        }
        int first = url.indexOf(':');
        int second = first < 0 ? -1 : url.indexOf(':', first + 1);
        return second < 0 ? url : url.substring(0, second + 1);
    }

    private static final class H2 {
        static DataSource dataSource(String url, String user, String password) {
            org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
            ds.setURL(url);
            if (user != null) {
                ds.setUser(user);
            }
            if (password != null) {
                ds.setPassword(password);
            }
            return ds;
        }
    }

    /**
     * DuckDB's own DuckDBDataSource asks DriverManager, which under OSGi does not see a driver in another bundle
     * ("No suitable driver"): its driver is called directly instead.
     */
    private static final class DuckDb {
        static DataSource dataSource(String url) {
            org.duckdb.DuckDBDriver driver = new org.duckdb.DuckDBDriver();
            return new DriverDataSource(() -> {
                java.sql.Connection c = driver.connect(url, new java.util.Properties());
                if (c == null) {
                    throw new java.sql.SQLException("the DuckDB driver does not take the URL " + scheme(url) + "...");
                }
                return c;
            });
        }
    }

    /** A DataSource over a driver's {@code connect}: only {@link #getConnection()} is meant to be used. */
    private record DriverDataSource(Connect connect) implements DataSource {

        interface Connect {
            java.sql.Connection open() throws java.sql.SQLException;
        }

        @Override
        public java.sql.Connection getConnection() throws java.sql.SQLException {
            return connect.open();
        }

        @Override
        public java.sql.Connection getConnection(String username, String password) throws java.sql.SQLException {
            throw new java.sql.SQLFeatureNotSupportedException("no login for this database");
        }

        @Override
        public java.io.PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws java.sql.SQLFeatureNotSupportedException {
            throw new java.sql.SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws java.sql.SQLException {
            throw new java.sql.SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }

    private static final class Postgres {
        static DataSource dataSource(String url, String user, String password) {
            org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
            ds.setUrl(url);
            if (user != null) {
                ds.setUser(user);
            }
            if (password != null) {
                ds.setPassword(password);
            }
            return ds;
        }
    }
}
