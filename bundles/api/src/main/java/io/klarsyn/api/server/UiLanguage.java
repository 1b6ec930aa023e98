package io.klarsyn.api.server;

import java.util.Locale;

/**
 * The language of the server's pages: Norwegian (nb), Swedish (sv) or English (en), chosen the same way by
 * every bundle that serves pages: the {@code lang} query parameter, else the {@link #COOKIE} the language
 * switch sets, else the browser's {@code Accept-Language}, else English.
 */
public final class UiLanguage {

    /** The cookie that keeps the language a user chose with the switch. */
    public static final String COOKIE = "klarsyn-lang";

    private UiLanguage() {
    }

    /** @return nb, sv or en */
    public static String choose(String query, String cookie, String acceptLanguage) {
        String q = normalise(query);
        if (q != null) {
            return q;
        }
        String c = normalise(cookie);
        if (c != null) {
            return c;
        }
        return fromAcceptLanguage(acceptLanguage);
    }

    /** @return nb, sv or en for {@code Accept-Language} (highest q first, ties in order), else en */
    public static String fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return "en";
        }
        String best = null;
        double bestQ = -1;
        for (String part : header.split(",")) {
            String[] bits = part.strip().split(";");
            double q = 1;
            for (int i = 1; i < bits.length; i++) {
                String b = bits[i].strip();
                if (b.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(b.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            String lang = normalise(bits[0].strip());
            if (lang != null && q > bestQ && q > 0) {
                best = lang;
                bestQ = q;
            }
        }
        return best == null ? "en" : best;
    }

    /** @return nb, sv or en for a language tag that means one of them (no, nn and nb are Norwegian), else null */
    public static String normalise(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        String primary = tag.strip().toLowerCase(Locale.ROOT).split("[-_]")[0];
        return switch (primary) {
            case "nb", "no", "nn" -> "nb";
            case "sv" -> "sv";
            case "en" -> "en";
            default -> null;
        };
    }
}
