package io.klarsyn.webui.internal;

import java.text.MessageFormat;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

import io.klarsyn.api.server.UiLanguage;

/**
 * The UI's words in one of its languages ({@code messages*.properties}, UTF-8), and how the
 * language of a request is chosen: {@code ?lang=} (remembered in a cookie), else the cookie, else
 * the browser's {@code Accept-Language}, else English.
 */
final class Texts {

    static final List<String> LANGUAGES = List.of("nb", "sv", "en");
    static final String COOKIE = UiLanguage.COOKIE;
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

    /** @return nb, sv or en ({@link UiLanguage#choose}) */
    static String choose(String query, String cookie, String acceptLanguage) {
        return UiLanguage.choose(query, cookie, acceptLanguage);
    }

    /** @return nb, sv or en for a tag that means one of them, else null ({@link UiLanguage#normalise}) */
    static String normalise(String tag) {
        return UiLanguage.normalise(tag);
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
