package io.klarsyn.connector.jdbc.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.klarsyn.api.connector.ConnectorException;

/**
 * The columns of one source as the database describes them: each with its exact label (quoted in the SQL
 * this connector writes), its JDBC type and its name for Klarsyn (the canonical name it is mapped to, else
 * its label in lower case).
 */
final class Shape {

    /** @param index 1-based position in {@code SELECT *} of the source */
    record Column(int index, String label, int type, String name) {

        /** @return the column as an expression over the derived table {@code src} */
        String ref() {
            return "src.\"" + label.replace("\"", "\"\"") + "\"";
        }

        boolean text() {
            return switch (type) {
                case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                        Types.CLOB, Types.NCLOB -> true;
                default -> false;
            };
        }

        boolean number() {
            return switch (type) {
                case Types.NUMERIC, Types.DECIMAL, Types.DOUBLE, Types.FLOAT, Types.REAL, Types.INTEGER, Types.BIGINT,
                        Types.SMALLINT, Types.TINYINT -> true;
                default -> false;
            };
        }

        boolean date() {
            return type == Types.DATE;
        }

        boolean timestamp() {
            return type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE;
        }
    }

    final String source;
    final List<Column> columns;
    private final Map<String, Column> byName = new HashMap<>();

    private Shape(String source, List<Column> columns) {
        this.source = source;
        this.columns = List.copyOf(columns);
        for (Column c : columns) {
            byName.putIfAbsent(c.name(), c);
        }
    }

    /** @return the column Klarsyn knows as {@code name}, or {@code null} */
    Column get(String name) {
        return byName.get(name);
    }

    /** @return the names in source order (canonical where mapped): the input's header */
    List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /**
     * Describes the source without reading a row.
     *
     * @param canonical the input's canonical columns, which unmapped labels match by name (ignoring case)
     * @param required those that must be there
     * @throws ConnectorException when a mapped or required column is missing
     */
    static Shape of(Connection c, JdbcOptions.Source s, List<String> canonical, List<String> required)
            throws SQLException, ConnectorException {
        List<Column> cols = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM (" + s.select() + ") src WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            Map<String, String> mappedBy = new HashMap<>();
            s.mapping().forEach((k, v) -> mappedBy.put(v.toLowerCase(Locale.ROOT), k));
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String label = md.getColumnLabel(i);
                String lower = label.toLowerCase(Locale.ROOT);
                String name = mappedBy.getOrDefault(lower, lower);
                if (!mappedBy.containsKey(lower) && canonical.contains(lower) && s.mapping().containsKey(lower)) {
                    // a canonical name mapped elsewhere: this column is only an attribute by its label
                    name = "source." + lower;
                }
                cols.add(new Column(i, label, md.getColumnType(i), name));
            }
        }
        Shape shape = new Shape(s.name(), cols);
        for (Map.Entry<String, String> m : s.mapping().entrySet()) {
            if (shape.get(m.getKey()) == null) {
                throw new ConnectorException(s.name(), 0, m.getKey(), "mapped column '" + m.getValue()
                        + "' is not among the source's columns " + labels(cols));
            }
        }
        for (String r : required) {
            if (shape.get(r) == null) {
                throw new ConnectorException(s.name(), 0, r, "no column " + r + " (map it with " + JdbcOptions.PREFIX
                        + JdbcOptions.name(s.kind()) + ".columns." + r + "=...); the source's columns are " + labels(cols));
            }
        }
        return shape;
    }

    private static String labels(List<Column> cols) {
        return cols.stream().map(Column::label).toList().toString();
    }
}
