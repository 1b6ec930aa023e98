package io.klarsyn.api.connector;

import java.io.IOException;

/**
 * An input that cannot be read as a whole: the message is for the consultant and names the file,
 * and the line and column when they are known.
 */
public class ConnectorException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;
    private final String column;

    /**
     * @param source the file or table name, e.g. {@code transactions.csv}
     * @param line the 1-based line (header = 1), or 0 when not about one line
     * @param column the column name, or {@code null}
     * @param reason what is wrong, in one sentence
     */
    public ConnectorException(String source, long line, String column, String reason) {
        super(format(source, line, column, reason));
        this.source = source;
        this.line = line;
        this.column = column;
    }

    private static String format(String source, long line, String column, String reason) {
        StringBuilder b = new StringBuilder(source);
        if (line > 0) {
            b.append(':').append(line);
        }
        if (column != null) {
            b.append(" [").append(column).append(']');
        }
        return b.append(": ").append(reason).toString();
    }

    /** @return the file or table name */
    public String source() {
        return source;
    }

    /** @return the 1-based line, or 0 */
    public long line() {
        return line;
    }

    /** @return the column, or {@code null} */
    public String column() {
        return column;
    }
}
