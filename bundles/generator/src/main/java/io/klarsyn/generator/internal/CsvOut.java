package io.klarsyn.generator.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/** Fast UTF-8 CSV writer, canonical or Nordic, without String.format. */
public final class CsvOut implements AutoCloseable {
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private final boolean nordic;
    private final byte delim;
    private boolean first = true;
    private final byte[][] dateCache;
    private final int dateBase;
    private long rows;
    private int rowStart, prevRowStart = -1;

    public CsvOut(OutputStream out, boolean nordic, int minEpochDay, int maxEpochDay) throws IOException {
        this.out = out;
        this.nordic = nordic;
        this.delim = nordic ? (byte) ';' : (byte) ',';
        this.dateBase = minEpochDay;
        this.dateCache = new byte[Math.max(1, maxEpochDay - minEpochDay + 1)][];
        if (nordic) raw(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }

    public long rows() { return rows; }

    private void ensure(int n) throws IOException {
        if (pos + n > buf.length) flush(n);
    }

    /** Writes out all but the previous and the current row, which stay for {@link #repeatLastRow()}. */
    private void flush(int need) throws IOException {
        int keep = prevRowStart >= 0 ? prevRowStart : rowStart;
        if (pos - keep + need > buf.length / 2) {
            out.write(buf, 0, pos);
            pos = 0;
            rowStart = 0;
            prevRowStart = -1;
            return;
        }
        out.write(buf, 0, keep);
        System.arraycopy(buf, keep, buf, 0, pos - keep);
        pos -= keep;
        rowStart -= keep;
        if (prevRowStart >= 0) prevRowStart -= keep;
    }

    /** Writes the previous row again, byte for byte (an exact duplicate). */
    public void repeatLastRow() throws IOException {
        if (prevRowStart < 0 || rowStart != pos) throw new IllegalStateException("no complete previous row to repeat");
        int len = rowStart - prevRowStart;
        ensure(len);
        if (prevRowStart < 0) throw new IllegalStateException("previous row no longer buffered");
        System.arraycopy(buf, prevRowStart, buf, pos, len);
        prevRowStart = rowStart;
        pos += len;
        rowStart = pos;
        rows++;
    }

    private void raw(byte[] b) throws IOException {
        if (b.length > buf.length / 4) { flush(buf.length); out.write(buf, 0, pos); pos = 0; rowStart = 0; prevRowStart = -1; out.write(b); return; }
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    private void sep() throws IOException {
        if (!first) { ensure(1); buf[pos++] = delim; }
        first = false;
    }

    public void endRow() throws IOException {
        ensure(2);
        if (nordic) buf[pos++] = '\r';
        buf[pos++] = '\n';
        first = true;
        rows++;
        prevRowStart = rowStart;
        rowStart = pos;
    }

    public void header(String... names) throws IOException {
        for (String n : names) text(n);
        endRow();
        rows = 0;
        prevRowStart = -1;
    }

    public void empty() throws IOException { sep(); }

    /** Text, quoted when it holds the delimiter, a quote or a line break. */
    public void text(String s) throws IOException {
        sep();
        boolean quote = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == delim || ch == '"' || ch == '\n' || ch == '\r') { quote = true; break; }
        }
        if (quote) s = '"' + s.replace("\"", "\"\"") + '"';
        if (quote && nordic) s = s.replace("\r\n", "\n").replace("\n", "\r\n");
        raw(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes written verbatim (pre-encoded constant without delimiters). */
    public void bytes(byte[] b) throws IOException { sep(); raw(b); }

    public void integer(long v) throws IOException {
        sep();
        ensure(21);
        if (v < 0) { buf[pos++] = '-'; v = -v; }
        pos = digits(v, pos, false);
    }

    private int digits(long v, int p, boolean groups) {
        int start = p;
        if (v == 0) { buf[p++] = '0'; return p; }
        int n = 0;
        while (v > 0) {
            if (groups && n > 0 && n % 3 == 0) buf[p++] = ' ';
            buf[p++] = (byte) ('0' + (v % 10));
            v /= 10;
            n++;
        }
        for (int i = start, j = p - 1; i < j; i++, j--) { byte t = buf[i]; buf[i] = buf[j]; buf[j] = t; }
        return p;
    }

    /** Amount in hundredths: "1234.50" canonical, "1 234,50" Nordic. */
    public void cents(long c) throws IOException {
        sep();
        ensure(32);
        if (c < 0) { buf[pos++] = '-'; c = -c; }
        pos = digits(c / 100, pos, nordic);
        buf[pos++] = nordic ? (byte) ',' : (byte) '.';
        long f = c % 100;
        buf[pos++] = (byte) ('0' + f / 10);
        buf[pos++] = (byte) ('0' + f % 10);
    }

    public void date(int epochDay) throws IOException {
        sep();
        int i = epochDay - dateBase;
        byte[] b = i >= 0 && i < dateCache.length ? dateCache[i] : null;
        if (b == null) {
            b = formatDate(epochDay, nordic).getBytes(StandardCharsets.US_ASCII);
            if (i >= 0 && i < dateCache.length) dateCache[i] = b;
        }
        raw(b);
    }

    public static String formatDate(int epochDay, boolean nordic) {
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        int y = d.getYear(), m = d.getMonthValue(), dd = d.getDayOfMonth();
        StringBuilder sb = new StringBuilder(10);
        if (nordic) {
            two(sb, dd).append('.');
            two(sb, m).append('.').append(y);
        } else {
            sb.append(y).append('-');
            two(sb, m).append('-');
            two(sb, dd);
        }
        return sb.toString();
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        if (v < 10) sb.append('0');
        return sb.append(v);
    }

    @Override
    public void close() throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
        out.close();
    }
}
