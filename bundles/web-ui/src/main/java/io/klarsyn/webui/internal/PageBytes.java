package io.klarsyn.webui.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A whole page kept for many requests ({@link Kept#pages}): its HTML in UTF-8, split where the session's
 * CSRF token goes, which is put in when the page is written, so one kept page serves every session of the
 * users it was made for. Its gzip form is kept per token (the last {@link #ZIPPED} sessions'): a session's
 * first request of the page compresses it, its next ones are a lookup. (The pieces between the tokens are
 * not compressed once for all sessions: each of the dashboard's 50 "run now" forms holds a token, so the
 * pieces are short and would compress apart far worse than the page does whole.)
 */
final class PageBytes {

    /** How many sessions' gzip forms a page keeps. */
    static final int ZIPPED = 8;

    /** The HTML in UTF-8, split where the CSRF token goes. */
    private final List<byte[]> parts = new ArrayList<>();
    private final int length;
    private final Instant until;
    private final Map<String, byte[]> zipped = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > ZIPPED;
        }
    };

    /**
     * @param marked the page's HTML with {@link Fragment#CSRF_MARKER} where the token goes
     * @param until the page is kept until this time (a fire time or a month it shows changes then), or null
     */
    PageBytes(byte[] marked, Instant until) {
        this.until = until;
        byte[] marker = Response.utf8(Fragment.CSRF_MARKER);
        int from = 0;
        int total = 0;
        for (int at = indexOf(marked, marker, 0); at >= 0; at = indexOf(marked, marker, from)) {
            byte[] part = Arrays.copyOfRange(marked, from, at);
            parts.add(part);
            total += part.length;
            from = at + marker.length;
        }
        byte[] last = Arrays.copyOfRange(marked, from, marked.length);
        parts.add(last);
        this.length = total + last.length;
    }

    /** @return whether the page still shows what it showed when it was made, as far as the time goes */
    boolean current(Instant now) {
        return until == null || now.isBefore(until);
    }

    /** @param csrf the request's CSRF token, or null (then the fields are empty, as the templates make them) */
    byte[] html(String csrf) {
        byte[] token = token(csrf);
        // one array of the exact size, filled once (the page is about 100 KB: no stream that copies it again)
        byte[] out = new byte[length + token.length * (parts.size() - 1)];
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                System.arraycopy(token, 0, out, at, token.length);
                at += token.length;
            }
            byte[] part = parts.get(i);
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** @return {@link #html} gzip-compressed, kept for the token */
    byte[] gzip(String csrf) {
        String key = csrf == null ? "" : csrf;
        synchronized (zipped) {
            byte[] kept = zipped.get(key);
            if (kept != null) {
                return kept;
            }
        }
        byte[] html = html(csrf);
        ByteArrayOutputStream out = new ByteArrayOutputStream(html.length / 6 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
            gzip.write(html);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] made = out.toByteArray();
        synchronized (zipped) {
            zipped.put(key, made);
        }
        return made;
    }

    private static byte[] token(String csrf) {
        return csrf == null ? new byte[0] : Response.utf8(Templates.escape(csrf));
    }

    private static int indexOf(byte[] in, byte[] what, int from) {
        outer:
        for (int i = from; i <= in.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** @return the size of the page as HTML without its tokens */
    int length() {
        return length;
    }

    /**
     * @param acceptEncoding the request's Accept-Encoding header, or null
     * @return whether it accepts gzip: named without {@code q=0}, or not named and {@code *} without {@code q=0}
     */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        Boolean gzip = null;
        Boolean any = null;
        for (String item : acceptEncoding.split(",")) {
            String[] bits = item.split(";");
            String coding = bits[0].strip().toLowerCase(java.util.Locale.ROOT);
            boolean accepted = true;
            for (int i = 1; i < bits.length; i++) {
                String p = bits[i].strip().toLowerCase(java.util.Locale.ROOT);
                if (p.startsWith("q=")) {
                    try {
                        accepted = Double.parseDouble(p.substring(2).strip()) > 0;
                    } catch (NumberFormatException e) {
                        accepted = false;
                    }
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = gzip == null ? accepted : gzip || accepted;
            } else if (coding.equals("*")) {
                any = accepted;
            }
        }
        return gzip != null ? gzip : any != null && any;
    }
}
