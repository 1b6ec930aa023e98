package io.klarsyn.webui.internal;

import java.text.MessageFormat;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UI's words in one of its languages ({@code messages*.properties}, UTF-8), and how the
 * language of a request is chosen: {@code ?lang=} (remembered in a cookie), else the cookie, else
 * the browser's {@code Accept-Language}, else English.
 */
final class Texts {

    static final List<String> LANGUAGES = List.of("nb", "sv", "en");
    static final String COOKIE = "klarsyn-lang";
    private static final Map<String, Texts> CACHE = new ConcurrentHashMap<>();

    private final String lang;
    private final Locale locale;
    private final Map<String, String> words;
    private final Map<String, String> forTemplates;

    private Texts(String lang) {
        this.lang = lang;
        this.locale = switch (lang) {
            case "nb" -> Locale.forLanguageTag("nb-NO");
            case "sv" -> Locale.forLanguageTag("sv-SE");
            default -> Locale.forLanguageTag("en-GB");
        };
        ResourceBundle rb = ResourceBundle.getBundle(Texts.class.getPackageName() + ".messages",
                lang.equals("en") ? Locale.ROOT : Locale.forLanguageTag(lang), Texts.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Map<String, String> map = new HashMap<>();
        for (String key : Collections.list(rb.getKeys())) {
            map.put(key, rb.getString(key));
        }
        this.words = Map.copyOf(map);
        Map<String, String> underscored = new HashMap<>();
        map.forEach((k, v) -> underscored.put(k.replace('.', '_'), v));
        this.forTemplates = Map.copyOf(underscored);
    }

    static Texts of(String lang) {
        return CACHE.computeIfAbsent(LANGUAGES.contains(lang) ? lang : "en", Texts::new);
    }

    /** @return the language for a request: {@code ?lang=}, the cookie, Accept-Language, English */
    static String choose(String query, String cookie, String acceptLanguage) {
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
    static String fromAcceptLanguage(String header) {
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
    static String normalise(String tag) {
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

    String lang() {
        return lang;
    }

    Locale locale() {
        return locale;
    }

    /** @return every word by key with its dots as underscores, for templates: {@code {{t.nav_plugins}}} */
    Map<String, String> all() {
        return forTemplates;
    }

    /** @return the text of {@code key} with {@code args} put in ({@link MessageFormat}); the key itself when missing */
    String get(String key, Object... args) {
        String pattern = words.get(key);
        if (pattern == null) {
            return key;
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }
}
