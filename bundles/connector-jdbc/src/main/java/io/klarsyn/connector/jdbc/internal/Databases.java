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
     * @throws IllegalStateException when the driver's bundle is missing
     */
    static DataSource dataSource(String url, String user, String password) {
        String scheme = scheme(url);
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("password=")) {
            throw new IllegalArgumentException("the database URL " + scheme + "... holds a password: give it as the "
                    + "job's sealed connectorConfig password instead (a URL is logged)");
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
                default -> "org.duckdb.duckdb_jdbc bundle: drop duckdb_jdbc-2.0.0.1-linux_amd64.jar from Maven Central "
                        + "into the home's deploy/ folder)";
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

    private static final class DuckDb {
        static DataSource dataSource(String url) {
            return new org.duckdb.DuckDBDataSource(url);
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
