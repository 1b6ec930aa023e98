package io.klarsyn.api.report;

import java.util.Locale;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The installed contributors' texts in any language, outside a report: what a web page or a mail needs to
 * name a metric's result in its reader's language (a report's own texts come with its {@link ReportModel}).
 * The engine provides it.
 */
@ProviderType
public interface Translations {

    /**
     * @param locale the language wanted
     * @return the texts of the installed metrics (each under its id) and the engine ({@link Messages#ENGINE})
     *         in that language, as the metrics ship them; a metric without texts in that language falls back
     *         as its resource bundle does
     */
    Messages in(Locale locale);
}
