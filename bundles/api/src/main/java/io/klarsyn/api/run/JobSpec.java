package io.klarsyn.api.run;

import java.time.ZoneId;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;


/**
 * One report job: where the data comes from, for whom, in which language, and every setting.
 * Read from a job file (JSON) or built by {@code klarsyn report --data DIR}.
 *
 * @param name the job's name, used as folder name under the output root; letters, digits, {@code -_.}
 * @param connector the id of the {@link io.klarsyn.api.connector.DataConnector} to read with
 * @param locale the report's language and formats (nb-NO, sv-SE, en-GB)
 * @param currency ISO 4217 currency of all amounts, e.g. {@code NOK}
 * @param zone the time zone that defines the calendar month
 * @param branding client name, logo and colour for the cover
 * @param settings dotted-name settings (connector's and metrics'), as text
 */
public record JobSpec(String name, String connector, Locale locale, String currency, ZoneId zone,
        Branding branding, Map<String, String> settings) {

    public JobSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(zone, "zone");
        branding = branding == null ? Branding.NONE : branding;
        settings = Collections.unmodifiableMap(new TreeMap<>(settings == null ? Map.of() : settings));
    }
}
