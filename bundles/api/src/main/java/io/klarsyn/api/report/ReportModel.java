package io.klarsyn.api.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.klarsyn.api.model.ReportPeriod;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Note;
import io.klarsyn.api.run.Branding;
import io.klarsyn.api.run.RunStatus;

/**
 * Everything a renderer shows, computed and final.
 *
 * @param job the job's name
 * @param period the reported month
 * @param asOf the as-of day (the period's last day)
 * @param locale the reader's language and formats
 * @param currency ISO 4217 code of all amounts
 * @param branding client name, logo, colour
 * @param status the run's status so far (a renderer may show UNSTABLE as a banner)
 * @param sections the metric sections, in report order
 * @param dataQuality the data-quality findings for the appendix
 * @param settings the effective job settings, for the methodology appendix
 * @param messages texts for message keys, in {@code locale}
 * @param generatedAt when the run started
 * @param statusReasons why the status is not SUCCESS, in the order they arose: each a note whose
 *        message key a renderer words through {@link #messages} in the scope its fact
 *        {@code scope} names ({@link Messages#ENGINE} for the engine's {@code run.reason.<code>},
 *        a metric's id for the metric's own keys); empty when the status is SUCCESS.
 */
public record ReportModel(String job, ReportPeriod period, LocalDate asOf, Locale locale, String currency,
        Branding branding, RunStatus status, List<ReportSection> sections, DataQuality dataQuality,
        Map<String, String> settings, Messages messages, Instant generatedAt, List<Note> statusReasons) {

    /** A model without status reasons (a SUCCESS run's, or a test's). */
    public ReportModel(String job, ReportPeriod period, LocalDate asOf, Locale locale, String currency,
            Branding branding, RunStatus status, List<ReportSection> sections, DataQuality dataQuality,
            Map<String, String> settings, Messages messages, Instant generatedAt) {
        this(job, period, asOf, locale, currency, branding, status, sections, dataQuality, settings, messages,
                generatedAt, List.of());
    }

    public ReportModel {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(messages, "messages");
        sections = List.copyOf(sections);
        statusReasons = statusReasons == null ? List.of() : List.copyOf(statusReasons);
        settings = Map.copyOf(settings);
        branding = branding == null ? Branding.NONE : branding;
    }

    /** @return the result with this id from any OK section, e.g. {@code cx.nps} */
    public Optional<MetricResult> result(String id) {
        for (ReportSection s : sections) {
            for (MetricResult r : s.results()) {
                if (r.id().equals(id)) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }
}
