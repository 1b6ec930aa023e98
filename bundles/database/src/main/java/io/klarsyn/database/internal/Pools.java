package io.klarsyn.database.internal;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Connection pools on a JDBC URL, through the driver's own DataSource class. */
final class Pools {

    static final int MAXIMUM_POOL_SIZE = 10;

    /**
     * An embedded H2 file gets one connection. With several sessions committing at once, H2 2.5's MVStore can
     * return from a commit (WRITE_DELAY=0) before any store covering it reaches the file: a server killed with -9
     * then lost runs whose insert and updates had all returned (seen in ServerIT; reproduced by killing a JVM
     * with 10 pooled sessions, 22 of 158 rounds on a reused file lost committed rows, 2 left the file unreadable).
     * With one session each commit stores its own changes before it returns (0 of 150 rounds lost any). So no
     * code may ask the pool for a second connection while it holds one.
     */
    static final int H2_POOL_SIZE = 1;

    private Pools() {
    }

    /**
     * @param url {@code jdbc:h2:...} or {@code jdbc:postgresql:...}
     * @return a started pool; it has made one connection already
     * @throws IllegalArgumentException for any other kind of URL
     * @throws IllegalStateException when the driver's bundle is missing
     */
    static HikariDataSource open(String url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("klarsyn");
        config.setMaximumPoolSize(scheme(url).equals("jdbc:h2:") ? H2_POOL_SIZE : MAXIMUM_POOL_SIZE);
        config.setDataSource(dataSource(url));
        return new HikariDataSource(config);
    }

    static DataSource dataSource(String url) {
        String scheme = scheme(url);
        try {
            switch (scheme) {
            case "jdbc:h2:":
                return H2.dataSource(url);
            case "jdbc:postgresql:":
                return Postgres.dataSource(url);
            default:
                throw new IllegalArgumentException("unsupported database URL " + scheme
                        + "...: use jdbc:h2: or jdbc:postgresql:");
            }
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("the database driver for " + scheme + " URLs is not installed ("
                    + (scheme.equals("jdbc:h2:") ? "com.h2database" : "org.postgresql.jdbc") + " bundle)", e);
        }
    }

    /** The URL up to its second colon, never its credentials. */
    private static String scheme(String url) {
        if (url == null) {
            throw new IllegalArgumentException("no database URL");
        }
        int first = url.indexOf(':');
        int second = first < 0 ? -1 : url.indexOf(':', first + 1);
        return second < 0 ? url : url.substring(0, second + 1);
    }

    private static final class H2 {
        static DataSource dataSource(String url) {
            org.h2.jdbcx.JdbcDataSource dataSource = new org.h2.jdbcx.JdbcDataSource();
            dataSource.setURL(url);
            return dataSource;
        }
    }

    private static final class Postgres {
        static DataSource dataSource(String url) {
            org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
            dataSource.setUrl(url);
            return dataSource;
        }
    }
}
