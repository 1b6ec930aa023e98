package io.klarsyn.connector.csv.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Splits CSV bytes into records and fields without decoding them. Works on any ASCII-compatible
 * encoding (UTF-8, windows-1252) because delimiters, quotes and line ends are single ASCII bytes.
 *
 * <p>Fields are exposed as byte ranges in {@link #buf}; a field that needs unquoting (doubled
 * quotes, text after the closing quote) is flagged {@link #complex} and must be read through
 * {@link #unescape}. Physical line numbers are counted, including newlines inside quotes; blank
 * records (nothing but spaces and delimiters) are skipped but counted as lines.
 */
final class CsvTokenizer {

    private static final int RECORD = 0;
    private static final int BLANK = 1;
    private static final int NEED_MORE = 2;
    private static final int END = 3;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LF_WORD = ONES * '\n';
    private static final long CR_WORD = ONES * '\r';

    private InputStream in;
    private final int maxRecordBytes;
    private final byte delim;
    private final long delimWord;
    private final boolean trimTabs;
    byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private long line;
    /** File offset of {@code buf[0]}. */
    private long base;
    /** No record starting at or after this file offset is read. */
    private long stopAt = Long.MAX_VALUE;

    /** The first physical line of the current record. */
    long recordLine;
    /** Number of fields in the current record. */
    int count;
    /** Content bounds of each field (quotes of a simple quoted field excluded; not trimmed). */
    int[] start = new int[16];
    int[] end = new int[16];
    /** Raw bounds, including quotes, for {@link #unescape}. */
    int[] rawStart = new int[16];
    int[] rawEnd = new int[16];
    boolean[] complex = new boolean[16];
    boolean[] quoted = new boolean[16];
    /** Whether the current record ended inside an unterminated quoted field. */
    boolean unterminated;
    /**
     * Fields a record has (the header's), or 0 when not known. When known, a quoted field that runs
     * over a line end and leaves its record with too few or too many fields, with text after its
     * closing quote, never closed, or longer than {@link #QUOTE_SPAN_BYTES}, is an unbalanced
     * quote: it costs only the line where it opened.
     */
    int expectFields;
    /** The longest quoted field with a line break that is still read as one field. */
    static final int QUOTE_SPAN_BYTES = 256 << 10;

    private byte[] scratch = new byte[256];

    /**
     * @param in the bytes from file offset {@code offset} on
     * @param firstLine the line number of the first line read
     */
    CsvTokenizer(InputStream in, long offset, byte delim, int bufferSize, long firstLine, int maxRecordBytes) {
        this.in = in;
        this.base = offset;
        this.maxRecordBytes = maxRecordBytes;
        this.delim = delim;
        this.delimWord = ONES * (delim & 0xFF);
        this.trimTabs = delim != '\t';
        this.buf = new byte[bufferSize];
        this.line = firstLine;
    }

    /** A tokenizer over bytes already in memory (the sniffing sample). */
    CsvTokenizer(byte[] data, int from, int to, byte delim) {
        this.in = null;
        this.maxRecordBytes = Integer.MAX_VALUE;
        this.delim = delim;
        this.delimWord = ONES * (delim & 0xFF);
        this.trimTabs = delim != '\t';
        this.buf = Arrays.copyOfRange(data, from, to);
        this.limit = buf.length;
        this.eof = true;
        this.line = 1;
    }

    /**
     * Starts reading anew at file offset {@code offset} from {@code in} (which now stands there),
     * counting lines from 0, up to the first record starting at or after {@code limit}.
     */
    void restart(InputStream in, long offset, long limit) {
        this.in = in;
        this.base = offset;
        this.stopAt = limit;
        this.pos = 0;
        this.limit = 0;
        this.eof = false;
        this.line = 0;
        this.count = 0;
    }

    byte delimiter() {
        return delim;
    }

    /** @return the file offset where the next record starts (or the end of input) */
    long position() {
        return base + pos;
    }

    /** @return whether a record was read; {@code false} at end of input, or at the limit of {@link #restart} */
    boolean next() throws IOException {
        for (;;) {
            if (base + pos >= stopAt) {
                return false;
            }
            int r = tokenize();
            if (r == RECORD) {
                return true;
            }
            if (r == END) {
                return false;
            }
            if (r == NEED_MORE) {
                fill();
            }
        }
    }

    /** @return the next physical line number (after the current record) */
    long nextLine() {
        return line;
    }

    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            base += pos;
            pos = 0;
        }
        if (limit == buf.length) {
            if (buf.length >= maxRecordBytes) {
                throw new RecordTooLong(line, buf.length);
            }
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, Math.max(maxRecordBytes, buf.length)));
        }
        while (limit < buf.length) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                return;
            }
            limit += n;
        }
    }

    private int tokenize() {
        final byte[] b = buf;
        final int lim = limit;
        final byte d = delim;
        int p = pos;
        if (p >= lim) {
            return eof ? END : NEED_MORE;
        }
        long ln = line;
        int n = 0;
        boolean unterm = false;
        int firstBreak = -1;
        long breakLine = 0;
        boolean broken = false;
        for (;;) {
            if (n == start.length) {
                grow();
            }
            int fs = p;
            if (p < lim && b[p] == '"') {
                int q = p + 1;
                boolean cx = false;
                for (;;) {
                    if (q >= lim) {
                        if (!eof) {
                            if (firstBreak >= 0 && expectFields > 0 && q - fs > QUOTE_SPAN_BYTES) {
                                return unbalanced(firstBreak, breakLine, n);
                            }
                            return NEED_MORE;
                        }
                        unterm = true;
                        break;
                    }
                    byte c = b[q];
                    if (c == '"') {
                        if (q + 1 >= lim && !eof) {
                            return NEED_MORE;
                        }
                        if (q + 1 < lim && b[q + 1] == '"') {
                            cx = true;
                            q += 2;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n') {
                        if (firstBreak < 0) {
                            firstBreak = q;
                            breakLine = ln;
                        }
                        ln++;
                    }
                    q++;
                }
                int cs = p + 1;
                int ce = q;
                p = unterm ? lim : q + 1;
                int after = p;
                while (p < lim) {
                    byte c = b[p];
                    if (c == d || c == '\n' || c == '\r') {
                        break;
                    }
                    cx = true;
                    p++;
                }
                broken |= p > after && firstBreak >= 0;
                if (p >= lim && !eof) {
                    return NEED_MORE;
                }
                start[n] = cs;
                end[n] = ce;
                rawStart[n] = fs;
                rawEnd[n] = p;
                complex[n] = cx;
                quoted[n] = true;
                n++;
            } else {
                while (p + 8 <= lim) {
                    long w = (long) LONGS.get(b, p);
                    long hit = zeroByte(w ^ delimWord) | zeroByte(w ^ LF_WORD) | zeroByte(w ^ CR_WORD);
                    if (hit != 0) {
                        p += Long.numberOfTrailingZeros(hit) >>> 3;
                        break;
                    }
                    p += 8;
                }
                while (p < lim) {
                    byte c = b[p];
                    if (c == d || c == '\n' || c == '\r') {
                        break;
                    }
                    p++;
                }
                if (p >= lim && !eof) {
                    return NEED_MORE;
                }
                start[n] = fs;
                end[n] = p;
                rawStart[n] = fs;
                rawEnd[n] = p;
                complex[n] = false;
                quoted[n] = false;
                n++;
            }
            if (p >= lim) {
                break;
            }
            byte c = b[p];
            if (c == d) {
                p++;
                continue;
            }
            if (c == '\r') {
                if (p + 1 >= lim && !eof) {
                    return NEED_MORE;
                }
                p++;
                if (p < lim && b[p] == '\n') {
                    p++;
                }
            } else {
                p++;
            }
            break;
        }
        if (firstBreak >= 0 && expectFields > 0 && (unterm || broken || wrongShape(n))) {
            return unbalanced(firstBreak, breakLine, n);
        }
        recordLine = line;
        line = ln + 1;
        pos = p;
        count = n;
        unterminated = unterm;
        return isBlank() ? BLANK : RECORD;
    }

    /**
     * Ends the current record with the line where its unbalanced quote opened (the line break at
     * {@code firstBreak}, on line {@code breakLine}, which is the record's first: any line end
     * before the first one inside quotes ends a record); the next record starts on the line after.
     */
    private int unbalanced(int firstBreak, long breakLine, int fields) {
        recordLine = line;
        line = breakLine + 1;
        pos = firstBreak + 1;
        count = fields;
        unterminated = true;
        return RECORD;
    }

    /** @return whether {@code n} fields (as tokenized so far) cannot be a record of {@link #expectFields} */
    private boolean wrongShape(int n) {
        if (n < expectFields) {
            return true;
        }
        for (int i = expectFields; i < n; i++) {
            if (quoted[i] || trimmedStart(i) != end[i]) {
                return true;
            }
        }
        return false;
    }

    private boolean isBlank() {
        for (int i = 0; i < count; i++) {
            if (quoted[i]) {
                return false;
            }
            for (int j = start[i]; j < end[i]; j++) {
                byte c = buf[j];
                if (c != ' ' && c != '\t') {
                    return false;
                }
            }
        }
        return true;
    }

    /** Marks the lowest zero byte of {@code x} (bytes above a true zero may be marked falsely). */
    private static long zeroByte(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    private void grow() {
        int m = start.length * 2;
        start = Arrays.copyOf(start, m);
        end = Arrays.copyOf(end, m);
        rawStart = Arrays.copyOf(rawStart, m);
        rawEnd = Arrays.copyOf(rawEnd, m);
        complex = Arrays.copyOf(complex, m);
        quoted = Arrays.copyOf(quoted, m);
    }

    /**
     * @return a 64-bit hash of the current record's bytes, every field as written (quotes
     *         included), never 0: equal records hash alike
     */
    long recordHash() {
        int s = rawStart[0];
        int e = rawEnd[count - 1];
        byte[] b = buf;
        long h = 0x9E3779B97F4A7C15L ^ (e - s);
        int i = s;
        for (; i + 8 <= e; i += 8) {
            h = (h ^ (long) LONGS.get(b, i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
        }
        long tail = 0;
        for (int j = 0; i < e; i++, j += 8) {
            tail |= (b[i] & 0xFFL) << j;
        }
        h = (h ^ tail) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return h == 0 ? 1 : h;
    }

    /** @return a 64-bit hash of field {@code i}'s content bytes, never 0 */
    long fieldHash(byte[] b, int s, int e) {
        long h = 0x2545F4914F6CDD1DL;
        for (int i = s; i < e; i++) {
            h = (h ^ (b[i] & 0xFF)) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    /** @return the trimmed start of field {@code i} (simple fields only) */
    int trimmedStart(int i) {
        int s = start[i];
        int e = end[i];
        while (s < e && (buf[s] == ' ' || (trimTabs && buf[s] == '\t'))) {
            s++;
        }
        return s;
    }

    /** @return the trimmed end of field {@code i} (simple fields only) */
    int trimmedEnd(int i, int trimmedStart) {
        int e = end[i];
        while (e > trimmedStart && (buf[e - 1] == ' ' || (trimTabs && buf[e - 1] == '\t'))) {
            e--;
        }
        return e;
    }

    /**
     * Unquotes a complex field into a scratch array: doubled quotes become one, text after the
     * closing quote is kept. The returned array is reused by the next call; its length is
     * {@link #scratchLength}.
     */
    byte[] unescape(int i) {
        int s = rawStart[i];
        int e = rawEnd[i];
        if (scratch.length < e - s) {
            scratch = new byte[Math.max(e - s, scratch.length * 2)];
        }
        byte[] b = buf;
        int o = 0;
        int p = s + 1;
        while (p < e) {
            byte c = b[p];
            if (c == '"') {
                if (p + 1 < e && b[p + 1] == '"') {
                    scratch[o++] = '"';
                    p += 2;
                    continue;
                }
                p++;
                break;
            }
            scratch[o++] = c;
            p++;
        }
        while (p < e) {
            scratch[o++] = b[p++];
        }
        scratchLength = o;
        return scratch;
    }

    int scratchLength;

    /** A record (from {@link #line}) longer than the limit: most likely an unclosed quote. */
    static final class RecordTooLong extends IOException {
        private static final long serialVersionUID = 1L;
        final long line;
        final int bytes;

        RecordTooLong(long line, int bytes) {
            super("record longer than " + bytes + " bytes");
            this.line = line;
            this.bytes = bytes;
        }
    }
}
