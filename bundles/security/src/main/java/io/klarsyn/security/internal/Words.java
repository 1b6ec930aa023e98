package io.klarsyn.security.internal;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import io.klarsyn.api.server.UiLanguage;

/** This bundle's pages' words ({@code pages*.properties}) in the language the web UI would use for the request. */
final class Words {

    private static final Map<String, Words> CACHE = new ConcurrentHashMap<>();

    private final String lang;
    private final ResourceBundle bundle;

    private Words(String lang) {
        this.lang = lang;
        this.bundle = ResourceBundle.getBundle(Words.class.getPackageName() + ".pages",
                lang.equals("en") ? Locale.ROOT : Locale.forLanguageTag(lang), Words.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** @param lang nb, sv or en */
    static Words of(String lang) {
        return CACHE.computeIfAbsent(lang, Words::new);
    }

    static Words of(HttpServletRequest req) {
        String cookie = null;
        if (req.getCookies() != null) {
            for (Cookie c : req.getCookies()) {
                if (c.getName().equals(UiLanguage.COOKIE)) {
                    cookie = c.getValue();
                }
            }
        }
        return of(UiLanguage.choose(req.getParameter("lang"), cookie, req.getHeader("Accept-Language")));
    }

    /** @return nb, sv or en */
    String lang() {
        return lang;
    }

    /** @return the text, its {@code {0}} filled in; the key itself when missing */
    String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        return args.length == 0 && !pattern.contains("''") ? pattern : new MessageFormat(pattern, Locale.ROOT).format(args);
    }
}
