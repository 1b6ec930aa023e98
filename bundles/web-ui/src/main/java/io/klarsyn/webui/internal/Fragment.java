package io.klarsyn.webui.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Rendered HTML kept for many requests, already in UTF-8. The one thing in it that belongs to a
 * request, the session's CSRF token in the forms, is put in when it is written ({@link #writeTo}).
 */
final class Fragment {

    /** What a template is given as {@code csrf} when the fragment is made: no HTML escaping touches it. */
    static final String CSRF_MARKER = "\u0001csrf\u0001";
    /** Where a page's text takes a fragment ({@link #assemble}). */
    static final String PART_MARKER = "\u0002part\u0002";

    /** The HTML in UTF-8, split where the CSRF token goes. */
    private final List<byte[]> parts = new ArrayList<>();

    /** @param marked HTML with {@link #CSRF_MARKER} where the token goes */
    Fragment(String marked) {
        int from = 0;
        for (int at = marked.indexOf(CSRF_MARKER); at >= 0; at = marked.indexOf(CSRF_MARKER, from)) {
            parts.add(Response.utf8(marked.substring(from, at)));
            from = at + CSRF_MARKER.length();
        }
        parts.add(Response.utf8(marked.substring(from)));
    }

    /** @param csrf the request's token, escaped, in UTF-8 */
    void writeTo(ByteArrayOutputStream out, byte[] csrf) {
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                out.writeBytes(csrf);
            }
            out.writeBytes(parts.get(i));
        }
    }

    /** @param csrf the request's CSRF token, or null (then the fields are empty, as the template makes them) */
    String html(String csrf) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeTo(out, token(csrf));
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] token(String csrf) {
        return csrf == null ? new byte[0] : Response.utf8(Templates.escape(csrf));
    }

    /**
     * @param page a page's HTML with {@link #PART_MARKER} where each of {@code fragments} goes, in order
     * @return the page in UTF-8
     */
    static byte[] assemble(String page, List<Fragment> fragments, String csrf) {
        byte[] token = token(csrf);
        ByteArrayOutputStream out = new ByteArrayOutputStream(page.length() + 2048 * fragments.size());
        int from = 0;
        int i = 0;
        for (int at = page.indexOf(PART_MARKER); at >= 0; at = page.indexOf(PART_MARKER, from)) {
            out.writeBytes(Response.utf8(page.substring(from, at)));
            fragments.get(i++).writeTo(out, token);
            from = at + PART_MARKER.length();
        }
        if (i != fragments.size()) {
            throw new IllegalStateException("the page has " + i + " places for " + fragments.size() + " parts");
        }
        out.writeBytes(Response.utf8(page.substring(from)));
        return out.toByteArray();
    }
}
