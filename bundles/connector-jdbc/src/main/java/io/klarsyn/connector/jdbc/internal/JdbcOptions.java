package io.klarsyn.connector.jdbc.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.api.settings.SettingDescriptor;

/** The connector's job settings ({@code jdbc.*}): where each input is and how its columns are named. */
final class JdbcOptions {

    static final String PREFIX = "jdbc.";
    static final String URL = "jdbc.url";
    static final String USER = "jdbc.user";
    static final String PASSWORD_FILE = "jdbc.passwordFile";
    /** The environment variable that holds the password of a job configured by its settings. */
    static final String PASSWORD_ENV = "KLARSYN_JDBC_PASSWORD";
    static final String SUMMARIZE = "jdbc.summarize";
    static final String FETCH_SIZE = "jdbc.fetchSize";

    /** A table name, perhaps schema-qualified and quoted: no room for a second statement. */
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?"
            + "|\"[^\";]+\"(\\.\"[^\";]+\")?");

    static final List<SettingDescriptor> DESCRIPTORS;

    static {
        List<SettingDescriptor> d = new ArrayList<>();
        d.add(new SettingDescriptor(URL, "url", null, "The client's database, e.g. jdbc:postgresql://db.acme.no/sales "
                + "or jdbc:h2:/srv/acme/sales (or jdbc:duckdb:/srv/acme/sales.duckdb with the DuckDB driver deployed). A job configured per job (connectorConfig) gives it there instead, "
                + "with the user and the password. Never put a password into the URL: the connector refuses a password= "
                + "parameter, and wherever the URL is shown (report, run.log) a password in it reads ***."));
        d.add(new SettingDescriptor(USER, "string", null, "The database user of a job that gives " + URL + " (a job "
                + "configured per job gives it in connectorConfig)."));
        d.add(new SettingDescriptor(PASSWORD_FILE, "path", null, "A file holding the password of " + USER + " (its "
                + "first line), readable by its owner only (chmod 600), e.g. ~/.klarsyn/acme-db.pass; relative to the "
                + "working folder. Without it the password is the environment variable " + PASSWORD_ENV + " when set. "
                + "A password is never written into the settings, the job file or the command line."));
        for (DataKind k : DataKind.values()) {
            String n = name(k);
            d.add(new SettingDescriptor(PREFIX + n + ".table", "string", null, "The table (or view) holding "
                    + k.fileName() + "'s rows, e.g. sales.orders; its columns are mapped with " + PREFIX + n
                    + ".columns.*. Give a table or a query; without either this input is absent."));
            d.add(new SettingDescriptor(PREFIX + n + ".sql", "string", null, "A SELECT giving " + k.fileName()
                    + "'s rows, instead of a table; its column labels are mapped as a table's are."));
            d.add(new SettingDescriptor(PREFIX + n + ".columns.*", "string", null, "Maps a canonical column of "
                    + k.fileName() + " onto the source's column, e.g. " + PREFIX + n + ".columns."
                    + (k == DataKind.TRANSACTIONS ? "amount=belop" : "customer_id=kundenr")
                    + " (matched ignoring case). Unmapped canonical columns are looked for by their own name."));
        }
        d.add(new SettingDescriptor(SUMMARIZE, "boolean", "true", "Fold transactions per customer and month in the "
                + "database (GROUP BY), so that only summaries travel; false reads every row as the CSV connector does."));
        d.add(new SettingDescriptor(FETCH_SIZE, "int", "10000", "Rows fetched per round trip when rows are read."));
        DESCRIPTORS = List.copyOf(d);
    }

    /** Where one input's rows are: a table or a query, and the source columns of its canonical ones. */
    record Source(DataKind kind, String table, String sql, Map<String, String> mapping) {

        /** @return the rows as a derived table's body */
        String select() {
            return sql != null ? sql : "SELECT * FROM " + table;
        }

        /** @return the input's name as the user knows it: the table, or "query" */
        String name() {
            return table != null ? table : "query (" + PREFIX + JdbcOptions.name(kind) + ".sql)";
        }
    }

    static String name(DataKind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }

    private JdbcOptions() {
    }

    /** @return the input's source, or {@code null} when the job gives neither table nor query for it */
    static Source source(JobSettings settings, DataKind kind) {
        String n = PREFIX + name(kind);
        String table = blankToNull(settings.string(n + ".table", null));
        String sql = blankToNull(settings.string(n + ".sql", null));
        if (table != null && sql != null) {
            throw new IllegalArgumentException(n + ".table and " + n + ".sql are both set: give one");
        }
        if (table == null && sql == null) {
            return null;
        }
        if (table != null && !TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException(n + ".table = '" + table + "' is not a table name (schema.table, "
                    + "letters, digits, _ or a double-quoted name); use " + n + ".sql for anything else");
        }
        if (sql != null) {
            sql = sql.strip();
            while (sql.endsWith(";")) {
                sql = sql.substring(0, sql.length() - 1).strip();
            }
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        settings.withPrefix(n + ".columns.").forEach((canonical, column) -> {
            if (column != null && !column.isBlank()) {
                mapping.put(canonical.strip().toLowerCase(Locale.ROOT), column.strip());
            }
        });
        return new Source(kind, table, sql, Map.copyOf(mapping));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
