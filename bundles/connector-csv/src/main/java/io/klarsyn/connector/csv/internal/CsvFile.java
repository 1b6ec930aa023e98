package io.klarsyn.connector.csv.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.klarsyn.api.connector.ConnectorException;

/**
 * One open CSV file: its sniffed format (encoding, delimiter, decimal mark, date style), its
 * mapped header, and typed access to the fields of the current record.
 */
final class CsvFile implements Closeable {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final int SAMPLE_BYTES = 1 << 20;
    private static final int SAMPLE_RECORDS = 2000;
    private static final int BUFFER_BYTES = 1 << 20;
    private static final int MAX_RECORD_BYTES = 16 << 20;

    final String name;
    final CsvTokenizer tok;
    /** The header after mapping: canonical names where known, else the trimmed source header. */
    final String[] columns;
    final String details;
    final int decimalMode;
    final int thousands;
    final boolean dayFirst;
    private final CsvOptions options;
    private final InputStream in;
    /** For a {@link #part}: the file, read at any offset. */
    private final FileChannel channel;
    private final Charset forced;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    /** Whether bytes 0x00-0x7F decode to the same characters (true for UTF-8, windows-1252, ISO-8859-x). */
    private final boolean asciiCompatible;

    /** The current field view, set by {@link #view}. */
    byte[] vb;
    int vs;
    int ve;

    /**
     * @param numberColumns canonical columns holding numbers (for decimal-mark detection)
     * @param dateColumns canonical columns holding dates (for day/month order detection)
     */
    CsvFile(Path path, String name, CsvOptions options, Set<String> numberColumns, Set<String> dateColumns)
            throws IOException {
        this.name = name;
        this.options = options;
        long size = Files.size(path);
        if (size == 0) {
            throw new ConnectorException(name, 0, null, "empty file (0 bytes): expected a header line");
        }
        byte[] sample = new byte[(int) Math.min(size, SAMPLE_BYTES)];
        try (InputStream s = Files.newInputStream(path)) {
            int n = s.readNBytes(sample, 0, sample.length);
            if (n < sample.length) {
                sample = Arrays.copyOf(sample, n);
            }
        }
        boolean whole = sample.length == size;
        if (!whole) {
            int cut = sample.length;
            while (cut > 0 && sample[cut - 1] != '\n') {
                cut--;
            }
            if (cut > 0) {
                sample = Arrays.copyOf(sample, cut);
            }
        }
        checkNotBinary(sample);
        int bom = sample.length >= 3 && (sample[0] & 0xFF) == 0xEF && (sample[1] & 0xFF) == 0xBB
                && (sample[2] & 0xFF) == 0xBF ? 3 : 0;
        String encodingText;
        if (options.encoding != null) {
            forced = options.encoding;
            encodingText = forced.name() + (bom > 0 ? " (BOM)" : "") + " (set)";
        } else if (bom > 0) {
            forced = null;
            encodingText = "UTF-8 (BOM)";
        } else if (validUtf8(sample, whole)) {
            forced = null;
            encodingText = "UTF-8";
        } else {
            forced = WINDOWS_1252;
            encodingText = "windows-1252 (not valid UTF-8)";
        }

        asciiCompatible = forced == null || isAsciiCompatible(forced);

        // Excel's "sep=;" first line names the delimiter and is not the header.
        int skip = bom;
        long firstLine = 1;
        byte excelSep = 0;
        if (sample.length >= skip + 5 && sample[skip] == 's' && sample[skip + 1] == 'e' && sample[skip + 2] == 'p'
                && sample[skip + 3] == '=') {
            int eol = skip + 5;
            if (eol < sample.length && sample[eol] == '\r') {
                eol++;
            }
            if (eol >= sample.length || sample[eol] == '\n') {
                excelSep = sample[skip + 4];
                skip = Math.min(eol + 1, sample.length);
                firstLine = 2;
            }
        }
        byte delim = options.delimiter != 0 ? options.delimiter
                : excelSep != 0 ? excelSep : sniffDelimiter(sample, skip, whole);
        if (sampleHasOnlyBlankLines(sample, skip, delim) && whole) {
            throw new ConnectorException(name, 0, null, "no header line: the file holds only blank lines");
        }

        // Sample pass: header, decimal evidence, date order and styles.
        CsvTokenizer st = new CsvTokenizer(sample, skip, sample.length, delim);
        int point = 0;
        int comma = 0;
        int dayVotes = 0;
        int monthVotes = 0;
        int styles = 0;
        String ambiguous = null;
        String[] sampleHeader = null;
        int[] dat = new int[0];
        if (st.next()) {
            sampleHeader = mapHeader(st);
            st.expectFields = sampleHeader.length;
            int[] num = indexes(sampleHeader, numberColumns, factorsOf(options, numberColumns));
            dat = indexes(sampleHeader, dateColumns);
            int records = 0;
            while (records++ < SAMPLE_RECORDS && st.next()) {
                for (int i : num) {
                    if (i < st.count && !st.complex[i]) {
                        byte ev = Numbers.evidence(st.buf, st.trimmedStart(i), st.trimmedEnd(i, st.trimmedStart(i)));
                        if (ev == '.') {
                            point++;
                        } else if (ev == ',') {
                            comma++;
                        }
                    }
                }
                for (int i : dat) {
                    if (i < st.count && !st.complex[i]) {
                        int s = st.trimmedStart(i);
                        int e = st.trimmedEnd(i, s);
                        long k = Dates.key(st.buf, s, e, true);
                        long k2 = Dates.key(st.buf, s, e, false);
                        if (k >= 0) {
                            styles |= (int) (k >>> 32);
                        } else if (k2 >= 0) {
                            styles |= (int) (k2 >>> 32);
                        }
                        if (k >= 0 && k2 < 0) {
                            dayVotes++;
                        } else if (k2 >= 0 && k < 0) {
                            monthVotes++;
                        } else if (ambiguous == null && k >= 0 && k != k2) {
                            ambiguous = new String(st.buf, s, e - s, StandardCharsets.ISO_8859_1);
                        }
                    }
                }
            }
        }
        if (options.dayFirst != null) {
            dayFirst = options.dayFirst;
        } else if (dayVotes == 0 && monthVotes == 0 && ambiguous != null && options.dateFormat == null) {
            // nothing in the sample decides d/M from M/d: the rest of the column must
            int votes = scanDateOrder(path, skip, delim, dat);
            if (votes == 0) {
                throw new ConnectorException(name, 0, sampleHeader[dat[0]], "the dates (e.g. '" + ambiguous
                        + "') can be read day first or month first, and no day in the column is above 12 to "
                        + "decide it; set " + CsvOptions.DATE_FORMAT + " (e.g. M/d/yyyy for month first, d/M/yyyy "
                        + "for day first), or " + CsvOptions.perFile(name, CsvOptions.DATE_FORMAT)
                        + " for this file only");
            }
            dayFirst = votes > 0;
        } else {
            dayFirst = monthVotes <= dayVotes;
        }
        switch (options.decimal) {
            case "comma":
                decimalMode = Numbers.COMMA;
                break;
            case "point":
                decimalMode = Numbers.POINT;
                break;
            default:
                if (comma != point) {
                    decimalMode = comma > point ? Numbers.AUTO_COMMA : Numbers.AUTO_POINT;
                } else {
                    decimalMode = delim == ';' ? Numbers.AUTO_COMMA : Numbers.AUTO_POINT;
                }
        }
        thousands = options.thousands;

        List<String> parts = new ArrayList<>();
        parts.add(encodingText);
        parts.add(delimiterName(delim) + " delimiter" + (options.delimiter != 0 ? " (set)"
                : excelSep != 0 ? " (sep= line)" : ""));
        if (!numberColumns.isEmpty()) {
            parts.add(decimalMode == Numbers.COMMA || decimalMode == Numbers.AUTO_COMMA ? "decimal comma"
                    : "decimal point");
        }
        if (options.datePattern != null) {
            parts.add(options.datePattern + " (set)");
        } else if (styles != 0) {
            parts.add(Dates.describe(styles, dayFirst));
        }
        if (crlf(sample)) {
            parts.add("CRLF");
        }
        details = String.join(", ", parts);

        in = Files.newInputStream(path);
        channel = null;
        boolean ok = false;
        try {
            in.skipNBytes(skip);
            tok = new CsvTokenizer(in, skip, delim, BUFFER_BYTES, firstLine, MAX_RECORD_BYTES);
            if (!next()) {
                throw new ConnectorException(name, 0, null, "no header line: the file holds only blank lines");
            }
            if (tok.unterminated) {
                throw new ConnectorException(name, tok.recordLine, null,
                        "unusable header: a quoted header field is never closed");
            }
            columns = mapHeader(tok);
            sourceHeader = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                String raw = stringOf(tok, i);
                sourceHeader[i] = raw == null ? "" : raw.replace("\uFEFF", "").strip();
            }
            tok.expectFields = columns.length;
            ok = true;
        } finally {
            if (!ok) {
                in.close();
            }
        }
    }

    /**
     * Reads the date columns past the sample until a date decides the order of {@code a/b/yyyy}.
     *
     * @return 1 when a date reads only day first, -1 when only month first, 0 when none decides
     */
    private static int scanDateOrder(Path path, int skip, byte delim, int[] dat) throws IOException {
        try (InputStream s = Files.newInputStream(path)) {
            s.skipNBytes(skip);
            CsvTokenizer t = new CsvTokenizer(s, skip, delim, BUFFER_BYTES, 1, MAX_RECORD_BYTES);
            if (!t.next()) {
                return 0;
            }
            t.expectFields = t.count;
            while (t.next()) {
                for (int i : dat) {
                    if (i < t.count && !t.complex[i]) {
                        int fs = t.trimmedStart(i);
                        int fe = t.trimmedEnd(i, fs);
                        boolean day = Dates.key(t.buf, fs, fe, true) >= 0;
                        boolean month = Dates.key(t.buf, fs, fe, false) >= 0;
                        if (day != month) {
                            return day ? 1 : -1;
                        }
                    }
                }
            }
        } catch (CsvTokenizer.RecordTooLong e) {
            return 0;
        }
        return 0;
    }

    /**
     * A second reader of the same file with the same format and header, for reading parts of it
     * in parallel: it reads nothing until {@link #seek}. Its line numbers count from 0 at each
     * part's start, and an overlong record is thrown as {@link CsvTokenizer.RecordTooLong} (whose
     * line is also relative): the caller knows the part's first line only later.
     */
    CsvFile part(Path path, int bufferBytes) throws IOException {
        return new CsvFile(this, FileChannel.open(path, StandardOpenOption.READ), bufferBytes);
    }

    private CsvFile(CsvFile of, FileChannel channel, int bufferBytes) {
        this.name = of.name;
        this.columns = of.columns;
        this.sourceHeader = of.sourceHeader;
        this.details = of.details;
        this.decimalMode = of.decimalMode;
        this.thousands = of.thousands;
        this.dayFirst = of.dayFirst;
        this.options = of.options;
        this.forced = of.forced;
        this.asciiCompatible = of.asciiCompatible;
        this.channel = channel;
        this.in = Channels.newInputStream(channel);
        this.tok = new CsvTokenizer(in, 0, of.tok.delimiter(), bufferBytes, 0, MAX_RECORD_BYTES);
        this.tok.restart(in, 0, 0);
        this.tok.expectFields = columns.length;
    }

    /** A {@link #part}'s next part: the records starting in {@code [from, to)}, lines counted from 0. */
    void seek(long from, long to) throws IOException {
        channel.position(from);
        tok.restart(in, from, to);
    }

    /**
     * @return {@link CsvTokenizer#next()}, turning an overlong record into an error that names
     *         the file and line (in a {@link #part}: left as it is)
     */
    boolean next() throws IOException {
        try {
            return tok.next();
        } catch (CsvTokenizer.RecordTooLong e) {
            if (channel != null) {
                throw e;
            }
            throw tooLong(name, e.line, e.bytes);
        }
    }

    /** The error of a record from {@code line} on longer than {@code bytes}. */
    static ConnectorException tooLong(String name, long line, int bytes) {
        return new ConnectorException(name, line, null, "a record starting here is longer than "
                + (bytes >> 20) + " MB: probably a quote that is never closed; the rest of the file was not read");
    }

    private void checkNotBinary(byte[] sample) throws ConnectorException {
        if (sample.length >= 4 && sample[0] == 'P' && sample[1] == 'K' && sample[2] == 3 && sample[3] == 4) {
            throw new ConnectorException(name, 0, null,
                    "not a CSV text file (it looks like an Excel workbook or ZIP archive); export it as CSV");
        }
        if (sample.length >= 2 && ((sample[0] & 0xFF) == 0xFF && (sample[1] & 0xFF) == 0xFE
                || (sample[0] & 0xFF) == 0xFE && (sample[1] & 0xFF) == 0xFF)) {
            throw new ConnectorException(name, 0, null,
                    "UTF-16 text is not supported; save the file as UTF-8 (or set csv.encoding)");
        }
        long line = 1;
        for (byte b : sample) {
            if (b == 0) {
                throw new ConnectorException(name, line, null,
                        "not a CSV text file: it contains NUL bytes (binary data or UTF-16)");
            }
            if (b == '\n') {
                line++;
            }
        }
    }

    private static boolean isAsciiCompatible(Charset cs) {
        byte[] ascii = new byte[128];
        for (int i = 0; i < 128; i++) {
            ascii[i] = (byte) i;
        }
        String text = new String(ascii, cs);
        if (text.length() != 128) {
            return false;
        }
        for (int i = 0; i < 128; i++) {
            if (text.charAt(i) != i) {
                return false;
            }
        }
        return true;
    }

    static boolean validUtf8(byte[] b, boolean whole) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int len;
            if (c >= 0xC2 && c <= 0xDF) {
                len = 2;
            } else if (c >= 0xE0 && c <= 0xEF) {
                len = 3;
            } else if (c >= 0xF0 && c <= 0xF4) {
                len = 4;
            } else {
                return false;
            }
            if (i + len > n) {
                return !whole;
            }
            for (int k = 1; k < len; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += len;
        }
        return true;
    }

    private static byte sniffDelimiter(byte[] sample, int from, boolean whole) throws IOException {
        byte[] candidates = {';', '\t', ',', '|'};
        byte best = ',';
        double bestScore = -1;
        int bestCount = 0;
        for (byte c : candidates) {
            CsvTokenizer t = new CsvTokenizer(sample, from, sample.length, c);
            if (!t.next()) {
                continue;
            }
            int headerCount = t.count;
            if (headerCount < 2) {
                continue;
            }
            int records = 0;
            int consistent = 0;
            while (records < 50 && t.next()) {
                records++;
                if (t.count == headerCount) {
                    consistent++;
                }
            }
            double score = records == 0 ? 1 : (double) consistent / records;
            if (!whole && records > 0 && records < 50) {
                score = Math.min(1, (double) (consistent + 1) / records);
            }
            if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) < 1e-9 && headerCount > bestCount)) {
                best = c;
                bestScore = score;
                bestCount = headerCount;
            }
        }
        return best;
    }

    private static boolean sampleHasOnlyBlankLines(byte[] sample, int from, byte delim) {
        for (int i = from; i < sample.length; i++) {
            byte b = sample[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != delim) {
                return false;
            }
        }
        return true;
    }

    private static boolean crlf(byte[] sample) {
        for (int i = 0; i + 1 < sample.length; i++) {
            if (sample[i] == '\n') {
                return i > 0 && sample[i - 1] == '\r';
            }
        }
        return false;
    }

    static String delimiterName(byte d) {
        return d == '\t' ? "tab" : "'" + (char) d + "'";
    }

    private String[] mapHeader(CsvTokenizer t) {
        String[] h = new String[t.count];
        for (int i = 0; i < t.count; i++) {
            String raw = stringOf(t, i);
            String text = raw == null ? "" : raw.strip();
            if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
                text = text.substring(1).strip();
            }
            String lower = text.toLowerCase(Locale.ROOT);
            String mapped = options.columns.get(lower);
            if (mapped == null && !options.mappedFrom.containsKey(canonicalForm(lower))) {
                String c = canonicalForm(lower);
                mapped = Columns.isCanonical(c) ? c : null;
                String alias = mapped == null ? Columns.alias(lower) : null;
                if (alias != null && !options.mappedFrom.containsKey(alias)) {
                    mapped = alias;
                }
            }
            h[i] = mapped != null ? mapped : text;
        }
        // Trailing empty header cells (a trailing delimiter from Excel) are not columns.
        int n = h.length;
        while (n > 1 && h[n - 1].isEmpty() && !t.quoted[n - 1]) {
            n--;
        }
        return n == h.length ? h : Arrays.copyOf(h, n);
    }

    private static String canonicalForm(String lower) {
        return lower.replace(' ', '_').replace('-', '_');
    }

    /** @return the lower-case source headers whose products are computed columns among {@code canonical} */
    private static Set<String> factorsOf(CsvOptions options, Set<String> canonical) {
        Set<String> r = new java.util.HashSet<>();
        for (String c : canonical) {
            for (String f : options.products.getOrDefault(c, List.of())) {
                r.add(f.toLowerCase(Locale.ROOT));
            }
        }
        return r;
    }

    private static int[] indexes(String[] header, Set<String> wanted) {
        return indexes(header, wanted, Set.of());
    }

    private static int[] indexes(String[] header, Set<String> wanted, Set<String> sources) {
        int[] r = new int[header.length];
        int n = 0;
        for (int i = 0; i < header.length; i++) {
            if (wanted.contains(header[i]) || wanted.contains("driver.*") && header[i].startsWith("driver.")
                    || sources.contains(header[i].toLowerCase(Locale.ROOT))) {
                r[n++] = i;
            }
        }
        return Arrays.copyOf(r, n);
    }

    /** The header as in the file (trimmed), before mapping. */
    String[] sourceHeader = new String[0];

    /**
     * @return the indexes of the two columns whose product is the computed {@code canonical}
     *         column, or {@code null} when it is not computed
     * @throws ConnectorException naming the factor that is not in the header
     */
    int[] product(String canonical) throws ConnectorException {
        List<String> factors = options.products.get(canonical);
        if (factors == null) {
            return null;
        }
        int[] r = new int[2];
        for (int k = 0; k < 2; k++) {
            String want = factors.get(k);
            r[k] = -1;
            for (int i = 0; i < columns.length && r[k] < 0; i++) {
                if (sourceHeader[i].equalsIgnoreCase(want) || columns[i].equalsIgnoreCase(want)) {
                    r[k] = i;
                }
            }
            if (r[k] < 0) {
                throw new ConnectorException(name, tok.recordLine, canonical, "column '" + want + "' of "
                        + CsvOptions.COLUMNS + canonical + "=" + options.mappedFrom.get(canonical)
                        + " is not in the header; header is: " + String.join(", ", sourceHeader));
            }
        }
        return r;
    }

    /** @return the index of the canonical column, or -1 */
    int index(String canonical) {
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].equals(canonical)) {
                return i;
            }
        }
        return -1;
    }

    /** @return the index of a required column; throws naming file and column when absent or doubled */
    int required(String canonical) throws ConnectorException {
        int i = index(canonical);
        if (i < 0) {
            String from = options.mappedFrom.get(canonical);
            String header = String.join(", ", columns);
            if (header.length() > 200) {
                header = header.substring(0, 200) + "...";
            }
            // how to fix it: name the client's column that holds it (or correct the mapping given)
            String likely = Columns.likely(canonical, sourceHeader.length == columns.length ? sourceHeader : columns);
            String quantity = Columns.likely(Columns.QUANTITY, sourceHeader);
            String price = Columns.likely(Columns.UNIT_PRICE, sourceHeader);
            String fix = canonical.equals(Columns.AMOUNT) && likely == null && quantity != null && price != null
                    ? "; the file has a quantity and a unit price: compute the amount of a line with --set "
                            + CsvOptions.COLUMNS + "amount=\"" + quantity + " * " + price + "\" (or that setting in "
                            + "the job file)"
                    : likely != null && !likely.equals(from)
                    ? "; '" + likely + "' looks like it: --set csv.columns." + canonical + "=" + likely
                            + " (or that setting in the job file)"
                    : "; map the column that holds it: --set csv.columns." + canonical
                            + "=<header> (or that setting in the job file)";
            throw new ConnectorException(name, tok.recordLine, canonical, "missing required column '" + canonical
                    + "'" + (from != null ? " (mapped from '" + from + "')" : "") + "; header is: " + header + fix);
        }
        return i;
    }

    /**
     * Throws when two source columns map onto the same canonical column (or, with
     * {@code allNames}, share any name: attributes are keyed by name).
     */
    void checkDuplicates(Set<String> canonical, boolean allNames) throws ConnectorException {
        for (int i = 0; i < columns.length; i++) {
            for (int j = i + 1; j < columns.length; j++) {
                if (columns[i].equals(columns[j]) && (canonical.contains(columns[i]) || columns[i].startsWith("driver.")
                        || allNames && !columns[i].isEmpty())) {
                    throw new ConnectorException(name, tok.recordLine, columns[i],
                            "column '" + columns[i] + "' appears twice in the header (columns " + (i + 1)
                                    + " and " + (j + 1) + ")");
                }
            }
        }
    }

    /**
     * @return why the current record cannot be read as a row (a quote never closed, or not the
     *         header's shape), or {@code null}
     */
    String recordError() {
        return tok.unterminated ? UNBALANCED_QUOTE : shapeError();
    }

    /**
     * The reason of a record cut short by a quote that opened on its line (the finding's line) and
     * was not closed there: the record ends with that line, the next line is read as a record.
     */
    static final String UNBALANCED_QUOTE = "unterminated quoted field: a quote opened on this line is not closed "
            + "on it; the line is skipped and reading goes on with the next line";

    /** @return whether the current record has the header's shape (extra empty trailing fields allowed) */
    String shapeError() {
        int n = tok.count;
        int expected = columns.length;
        if (n == expected) {
            return null;
        }
        if (n > expected) {
            boolean extrasEmpty = true;
            for (int i = expected; i < n && extrasEmpty; i++) {
                extrasEmpty = !tok.quoted[i] && tok.trimmedStart(i) == tok.end[i];
            }
            if (extrasEmpty) {
                return null;
            }
        }
        return "wrong number of fields: " + n + ", expected " + expected;
    }

    /** Points {@link #vb}/{@link #vs}/{@link #ve} at the trimmed, unquoted bytes of field {@code i}. */
    void view(int i) {
        CsvTokenizer t = tok;
        int s;
        int e;
        byte[] b;
        if (t.complex[i]) {
            b = t.unescape(i);
            s = 0;
            e = t.scratchLength;
        } else {
            b = t.buf;
            s = t.start[i];
            e = t.end[i];
        }
        while (s < e && (b[s] == ' ' || b[s] == '\t')) {
            s++;
        }
        while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
            e--;
        }
        vb = b;
        vs = s;
        ve = e;
    }

    boolean viewEmpty() {
        return vs == ve;
    }

    /** @return the trimmed text of field {@code i}, or {@code null} when empty */
    String text(int i) {
        view(i);
        return vs == ve ? null : decode(vb, vs, ve);
    }

    /** @return the viewed text, for messages (shortened) */
    String viewText() {
        String s = decode(vb, vs, ve);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** @return the viewed date, or {@code null} when it does not parse */
    LocalDate viewDate() {
        if (options.dateFormat == null || options.dayFirst != null) {
            return Dates.parse(vb, vs, ve, dayFirst);
        }
        try {
            return LocalDate.parse(decode(vb, vs, ve), options.dateFormat);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * @return the viewed date as {@link LocalDate#toEpochDay()}, or {@link Dates#NO_DATE} when it
     *         does not parse
     */
    int viewDay() {
        if (options.dateFormat == null || options.dayFirst != null) {
            return Dates.epochDay(vb, vs, ve, dayFirst);
        }
        LocalDate d = viewDate();
        return d == null ? Dates.NO_DATE : (int) d.toEpochDay();
    }

    /**
     * @return whether {@code b[s..e)} is the UTF-8 of its text as {@link #text} decodes it: all
     *         ASCII, and the file's encoding maps ASCII bytes to themselves
     */
    boolean isAscii(byte[] b, int s, int e) {
        return asciiCompatible && ascii(b, s, e);
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** @return whether {@code b[s..e)} holds only bytes below 0x80, eight at a time */
    static boolean ascii(byte[] b, int s, int e) {
        int i = s;
        long or = 0;
        for (; i + 8 <= e; i += 8) {
            or |= (long) LONGS.get(b, i);
        }
        for (; i < e; i++) {
            or |= b[i];
        }
        return (or & 0x8080808080808080L) == 0;
    }

    /** @return the viewed number, or {@code NaN} */
    double viewNumber() {
        double v = Numbers.parse(vb, vs, ve, decimalMode, thousands);
        if (v == v || ve - vs < 2) {
            return v;
        }
        return withoutCurrency();
    }

    private static final String[] CURRENCIES = {"kr.", "kr", "nok", "sek", "dkk", "eur", "usd", "€", "$", "£"};

    /** {@code kr 1 234,50}, {@code 1 234,50 NOK}, {@code € 12}: a known currency at either end is dropped. */
    private double withoutCurrency() {
        String text = decode(vb, vs, ve).strip();
        String lower = text.toLowerCase(Locale.ROOT);
        for (String c : CURRENCIES) {
            String rest = null;
            if (lower.startsWith(c)) {
                rest = text.substring(c.length());
            } else if (lower.endsWith(c)) {
                rest = text.substring(0, text.length() - c.length());
            }
            if (rest != null) {
                rest = rest.strip();
                if (rest.isEmpty() || Character.isLetter(rest.charAt(0))
                        || Character.isLetter(rest.charAt(rest.length() - 1))) {
                    continue;
                }
                byte[] b = rest.getBytes(StandardCharsets.UTF_8);
                return Numbers.parse(b, 0, b.length, decimalMode, thousands);
            }
        }
        return Double.NaN;
    }

    private String stringOf(CsvTokenizer t, int i) {
        byte[] b;
        int s;
        int e;
        if (t.complex[i]) {
            b = t.unescape(i);
            s = 0;
            e = t.scratchLength;
        } else {
            b = t.buf;
            s = t.start[i];
            e = t.end[i];
        }
        return decode(b, s, e);
    }

    String decode(byte[] b, int s, int e) {
        if (forced != null) {
            return new String(b, s, e - s, forced);
        }
        // The JDK's UTF-8 decoding has an intrinsic ASCII fast path; a replacement character in
        // the result means invalid bytes (or, rarely, a real U+FFFD): then decode strictly.
        String r = new String(b, s, e - s, StandardCharsets.UTF_8);
        if (r.indexOf('\uFFFD') < 0) {
            return r;
        }
        try {
            return utf8.decode(ByteBuffer.wrap(b, s, e - s)).toString();
        } catch (CharacterCodingException ex) {
            return new String(b, s, e - s, WINDOWS_1252);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
        if (channel != null) {
            channel.close();
        }
    }
}
