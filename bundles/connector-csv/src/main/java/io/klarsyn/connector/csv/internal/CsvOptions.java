package io.klarsyn.connector.csv.internal;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.api.settings.SettingDescriptor;

/** The connector's job settings, parsed once per read. */
final class CsvOptions {

    static final String FOLDER = "csv.folder";
    static final String DELIMITER = "csv.delimiter";
    static final String DECIMAL = "csv.decimal";
    static final String THOUSANDS = "csv.thousands";
    static final String ENCODING = "csv.encoding";
    static final String DATE_FORMAT = "csv.dateFormat";
    static final String COLUMNS = "csv.columns.";

    static final List<SettingDescriptor> DESCRIPTORS = List.of(
            new SettingDescriptor(FOLDER, "path", null,
                    "Folder holding customers.csv, transactions.csv and responses.csv (any subset)."),
            new SettingDescriptor(DELIMITER, "enum:auto|;|,|tab", "auto",
                    "Field delimiter; auto detects ';', ',' or tab from the header and the first lines."),
            new SettingDescriptor(DECIMAL, "enum:auto|comma|point", "auto",
                    "Decimal mark of amounts and scores; auto decides per value where unambiguous "
                            + "(1.234,50 / 1,234.50) and from the file otherwise."),
            new SettingDescriptor(THOUSANDS, "enum:auto|none|space|.|,|'", "auto",
                    "Thousands separator in amounts; auto accepts spaces (also no-break spaces) and "
                            + "whichever of '.' and ',' is not the decimal mark, in groups of three."),
            new SettingDescriptor(ENCODING, "enum:auto|UTF-8|windows-1252", "auto",
                    "Text encoding; auto reads UTF-8 (with or without BOM) and falls back to "
                            + "windows-1252 where bytes are not valid UTF-8."),
            new SettingDescriptor(DATE_FORMAT, "string", "auto",
                    "Date pattern (java.time, e.g. dd.MM.yyyy or dd.MM.yyyy HH:mm); auto accepts "
                            + "yyyy-MM-dd, dd.MM.yyyy, d.M.yyyy, dd/MM/yyyy, each with or without a time."),
            new SettingDescriptor("csv.customers.dateFormat", "string", null,
                    "The date pattern of customers.csv only; overrides csv.dateFormat for that file."),
            new SettingDescriptor("csv.transactions.dateFormat", "string", null,
                    "The date pattern of transactions.csv only, e.g. M/d/yyyy for a US export in a folder "
                            + "whose other files have ISO dates; overrides csv.dateFormat for that file."),
            new SettingDescriptor("csv.responses.dateFormat", "string", null,
                    "The date pattern of responses.csv only; overrides csv.dateFormat for that file."),
            new SettingDescriptor(COLUMNS + "*", "string", null,
                    "Maps a client's column header onto a canonical column, e.g. "
                            + "csv.columns.customer_id=kundenr (header matching ignores case and "
                            + "surrounding spaces); csv.columns.amount=Quantity * UnitPrice computes the amount "
                            + "of a line as the product of two numeric columns."));

    /** 0 = auto, else the delimiter byte. */
    final byte delimiter;
    /** "auto", "comma" or "point". */
    final String decimal;
    final int thousands;
    /** {@code null} = auto. */
    final Charset encoding;
    /** {@code null} = auto. */
    final DateTimeFormatter dateFormat;
    final String datePattern;
    /**
     * For a pattern that only orders day and month around slashes ({@code M/d/yyyy},
     * {@code dd/MM/yyyy HH:mm}): whether the day comes first; dates are then read by the fast
     * parser in that order (a time after them is allowed). {@code null} otherwise.
     */
    final Boolean dayFirst;
    /** lower-case trimmed source header → canonical name. */
    final Map<String, String> columns;
    /** canonical name → source header as configured. */
    final Map<String, String> mappedFrom;
    /**
     * Computed columns: canonical name → the two source headers (as configured) whose product it
     * is, from {@code csv.columns.amount=Quantity * UnitPrice}. Only {@code amount} can be computed.
     */
    final Map<String, List<String>> products;

    CsvOptions(JobSettings s) {
        this(s, null);
    }

    /** @return the per-file form of a setting: {@code csv.transactions.dateFormat} for transactions.csv */
    static String perFile(String fileName, String setting) {
        String base = fileName.toLowerCase(Locale.ROOT);
        int dot = base.lastIndexOf('.');
        return "csv." + (dot > 0 ? base.substring(0, dot) : base) + setting.substring("csv".length());
    }

    /** @param fileName the file read (its per-file settings count first), or {@code null} */
    CsvOptions(JobSettings s, String fileName) {
        String d = s.string(DELIMITER, "auto").trim();
        switch (d.toLowerCase(Locale.ROOT)) {
            case "auto":
                delimiter = 0;
                break;
            case ";":
            case "semicolon":
                delimiter = ';';
                break;
            case ",":
            case "comma":
                delimiter = ',';
                break;
            case "tab":
            case "\\t":
            case "\t":
                delimiter = '\t';
                break;
            case "|":
            case "pipe":
                delimiter = '|';
                break;
            default:
                throw invalid(DELIMITER, d, "auto, ';', ',' or tab");
        }
        String dec = s.string(DECIMAL, "auto").trim().toLowerCase(Locale.ROOT);
        switch (dec) {
            case "auto":
            case "comma":
            case "point":
                decimal = dec;
                break;
            case ",":
                decimal = "comma";
                break;
            case ".":
            case "dot":
                decimal = "point";
                break;
            default:
                throw invalid(DECIMAL, dec, "auto, comma or point");
        }
        String t = s.raw(THOUSANDS).orElse("auto");
        String tl = t.trim().toLowerCase(Locale.ROOT);
        if (t.equals(" ") || tl.equals("space")) {
            thousands = Numbers.T_SPACE;
        } else if (tl.equals("auto") || tl.isEmpty()) {
            thousands = Numbers.T_AUTO;
        } else if (tl.equals("none")) {
            thousands = Numbers.T_NONE;
        } else if (tl.equals(".") || tl.equals("dot")) {
            thousands = Numbers.T_DOT;
        } else if (tl.equals(",") || tl.equals("comma")) {
            thousands = Numbers.T_COMMA;
        } else if (tl.equals("'") || tl.equals("apostrophe")) {
            thousands = Numbers.T_APOSTROPHE;
        } else {
            throw invalid(THOUSANDS, t, "auto, none, space, '.', ',' or '");
        }
        if (decimal.equals("comma") && thousands == Numbers.T_COMMA
                || decimal.equals("point") && thousands == Numbers.T_DOT) {
            throw new IllegalArgumentException("Settings " + DECIMAL + " and " + THOUSANDS
                    + " name the same character");
        }
        String enc = s.string(ENCODING, "auto").trim();
        if (enc.equalsIgnoreCase("auto")) {
            encoding = null;
        } else if (enc.equalsIgnoreCase("cp1252") || enc.equalsIgnoreCase("windows-1252")
                || enc.equalsIgnoreCase("ansi")) {
            encoding = Charset.forName("windows-1252");
        } else {
            try {
                encoding = Charset.forName(enc);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw invalid(ENCODING, enc, "auto, UTF-8 or windows-1252");
            }
        }
        String df = s.string(DATE_FORMAT, "auto").trim();
        String dateSetting = DATE_FORMAT;
        if (fileName != null) {
            String own = s.string(perFile(fileName, DATE_FORMAT), "").trim();
            if (!own.isEmpty()) {
                df = own;
                dateSetting = perFile(fileName, DATE_FORMAT);
            }
        }
        java.util.regex.Matcher slash = java.util.regex.Pattern
                .compile("(d{1,2}|M{1,2})/(d{1,2}|M{1,2})/[yu]{4}(\\s.*)?").matcher(df);
        if (slash.matches() && slash.group(1).charAt(0) != slash.group(2).charAt(0)) {
            dayFirst = slash.group(1).charAt(0) == 'd';
        } else {
            dayFirst = null;
        }
        if (df.equalsIgnoreCase("auto")) {
            dateFormat = null;
            datePattern = null;
        } else if (dayFirst != null) {
            dateFormat = null;
            datePattern = df;
        } else {
            try {
                dateFormat = DateTimeFormatter.ofPattern(df.replace('y', 'u'), Locale.ROOT)
                        .withResolverStyle(ResolverStyle.STRICT);
            } catch (IllegalArgumentException e) {
                throw invalid(dateSetting, df, "auto or a java.time pattern such as dd.MM.yyyy or M/d/yyyy");
            }
            datePattern = df;
        }
        Map<String, String> cols = new HashMap<>();
        Map<String, String> from = new HashMap<>();
        Map<String, List<String>> prod = new HashMap<>();
        for (Map.Entry<String, String> e : s.withPrefix(COLUMNS).entrySet()) {
            String canonical = e.getKey().trim().toLowerCase(Locale.ROOT);
            String source = e.getValue().trim();
            if (canonical.isEmpty() || source.isEmpty()) {
                continue;
            }
            if (source.indexOf('*') >= 0) {
                String[] factors = source.split("\\*", -1);
                if (!canonical.equals("amount") || factors.length != 2 || factors[0].isBlank()
                        || factors[1].isBlank()) {
                    throw new IllegalArgumentException("Setting " + COLUMNS + e.getKey().trim() + " = '" + source
                            + "' is not valid; a computed column is the product of two columns, and only amount "
                            + "can be computed: " + COLUMNS + "amount=Quantity * UnitPrice");
                }
                prod.put(canonical, List.of(factors[0].strip(), factors[1].strip()));
                from.put(canonical, source);
                continue;
            }
            cols.put(source.toLowerCase(Locale.ROOT), canonical);
            from.put(canonical, source);
        }
        columns = Map.copyOf(cols);
        mappedFrom = Map.copyOf(from);
        products = Map.copyOf(prod);
    }

    private static IllegalArgumentException invalid(String name, String value, String expected) {
        return new IllegalArgumentException("Setting " + name + " = '" + value + "' is not valid; expected "
                + expected);
    }
}
