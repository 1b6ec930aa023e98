package io.klarsyn.webui.internal;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

/**
 * The pages' jmustache templates ({@code templates/*.mustache} in this bundle), compiled once. Values
 * are HTML-escaped; a page's body goes into {@code layout} unescaped.
 */
final class Templates {

    private static final String FOLDER = "templates/";
    private final Mustache.Compiler compiler;
    private final Map<String, Template> compiled = new ConcurrentHashMap<>();

    private static final Mustache.Escaper ESCAPER =
            Escapers.simple(new String[][] {{"&", "&amp;"}, {"'", "&#39;"}, {"\"", "&quot;"}, {"<", "&lt;"}, {">", "&gt;"}});

    Templates() {
        this.compiler = Mustache.compiler().defaultValue("").emptyStringIsFalse(true).withLoader(Templates::open)
                .withEscaper(ESCAPER);
    }

    /** @return the text HTML-escaped as the templates escape values */
    static String escape(String text) {
        return ESCAPER.escape(text);
    }

    private static Reader open(String name) {
        InputStream in = Templates.class.getResourceAsStream(FOLDER + name + ".mustache");
        if (in == null) {
            throw new IllegalArgumentException("no template " + name);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    String render(String name, Map<String, Object> model) {
        Template template = compiled.computeIfAbsent(name, n -> {
            try (Reader r = open(n)) {
                return compiler.compile(r);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return template.execute(model);
    }

    /** Renders {@code page} into the layout with the common parts of {@code model}. */
    String page(String page, Map<String, Object> model) {
        Map<String, Object> full = new HashMap<>(model);
        full.put("body", render(page, model));
        return render("layout", full);
    }
}
