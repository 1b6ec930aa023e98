package io.klarsyn.delivery.internal;

import java.text.MessageFormat;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;

import io.klarsyn.api.delivery.DeliveryRecord;
import io.klarsyn.api.delivery.ParcelKind;
import io.klarsyn.api.report.Messages;
import io.klarsyn.api.result.Unit;
import io.klarsyn.api.result.UnitFormat;
import io.klarsyn.api.server.Headline;
import io.klarsyn.api.server.RunRecord;
import io.klarsyn.api.server.RunStore;
import io.klarsyn.api.server.RunState;

/**
 * The text of the mails, in the reader's language (Norwegian, Swedish, English; others get
 * English): subjects, the report mail's body with the headline numbers and their change, the
 * owner's notices.
 */
final class Letters {

    /** A subject and a body; for a report also the body for when it is not attached, with the download link. */
    record Letter(String subject, String body, String bodyWithLink) {
        Letter(String subject, String body) {
            this(subject, body, body);
        }
    }

    private final Locale locale;
    private final ResourceBundle texts;

    Letters(Locale locale) {
        this.locale = locale;
        String language = locale.getLanguage();
        Locale textLocale = Set.of("nb", "no", "nn").contains(language) ? Locale.forLanguageTag("nb")
                : language.equals("sv") ? Locale.forLanguageTag("sv") : Locale.ROOT;
        this.texts = ResourceBundle.getBundle(Letters.class.getPackageName() + ".letters", textLocale,
                Letters.class.getClassLoader(), ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    String month(YearMonth period) {
        return period.getMonth().getDisplayName(TextStyle.FULL_STANDALONE, locale) + " " + period.getYear();
    }

    String subject(ParcelKind kind, YearMonth period, String client) {
        return text("subject." + kind.name(), month(period), client);
    }

    /**
     * The report mail.
     *
     * @param previous the headline numbers of the period before, empty when none
     * @param headlines what the job's headline figures are called (in the report's language) and how they read
     * @param names the installed metrics' texts in this letter's language, or {@code null}: headlines are then
     *        named as the run wrote them
     * @param currency the job's currency code, for amounts
     */
    Letter report(ParcelKind kind, RunRecord run, String client, Map<String, Double> previous, List<Headline> headlines,
            Messages names, String currency, String link, String download) {
        UnitFormat units = new UnitFormat(locale, currency == null || currency.isEmpty() ? null : currency);
        String greeting = text("greeting") + "\n\n" + text("intro", month(run.period()), client);
        StringBuilder b = new StringBuilder("\n\n");
        b.append(text("status." + (run.status() == RunState.UNSTABLE ? "UNSTABLE" : "SUCCESS"))).append('\n');
        if (run.status() == RunState.UNSTABLE) {
            for (String message : run.messages()) {
                b.append("  – ").append(message).append('\n');
            }
        }
        b.append('\n');
        if (!run.kpis().isEmpty()) {
            YearMonth before = run.period().minusMonths(1);
            b.append(text(previous.isEmpty() ? "kpis.nochange" : "kpis.change", month(run.period()), month(before)))
                    .append('\n');
            for (Map.Entry<String, Double> kpi : run.kpis().entrySet()) {
                String name = kpi.getKey();
                Double value = kpi.getValue();
                if (value == null || value.isNaN() || value.isInfinite()) {
                    continue;
                }
                Headline h = headlines.stream().filter(d -> d.id().equals(name)).findFirst()
                        .orElse(new Headline(name, 0, null, null, null, null, null));
                boolean rejected = name.equals(RunStore.REJECTED_SHARE);
                Unit unit = rejected ? Unit.FRACTION : h.unit();
                b.append("  – ").append(rejected ? text("kpi.rejectedShare") : title(h, names)).append(": ")
                        .append(units.value(value, unit));
                Double was = previous.get(name);
                if (was != null && !was.isNaN() && !was.isInfinite()) {
                    b.append(" (").append(units.change(value - was, value, unit)).append(')');
                }
                b.append('\n');
            }
            b.append('\n');
        }
        b.append(text("link", link)).append("\n\n");
        String signoff = text("signoff") + "\n";
        return new Letter(subject(kind, run.period(), client), greeting + " " + text("attached") + b + signoff,
                greeting + b + text("linkNote", download) + "\n\n" + signoff);
    }

    /** To the owner: the run failed, its recipients got nothing. */
    Letter runFailed(RunRecord run, String client, String link) {
        StringBuilder b = new StringBuilder();
        b.append(text("greeting")).append("\n\n");
        b.append(text("failed.intro", String.valueOf(run.number()), run.job(), month(run.period()))).append("\n\n");
        b.append(text("failed.why")).append('\n');
        for (String message : run.messages()) {
            b.append("  – ").append(message).append('\n');
        }
        b.append('\n').append(text("failed.log", link + "/artifacts/run.log")).append("\n\n");
        b.append(text("signoff")).append('\n');
        return new Letter(subject(ParcelKind.RUN_FAILED, run.period(), client), b.toString());
    }

    /** To the owner: a report could not be delivered. */
    Letter deliveryFailed(DeliveryRecord failed, String client, String link) {
        StringBuilder b = new StringBuilder();
        b.append(text("greeting")).append("\n\n");
        b.append(text("deliveryFailed.intro", failed.job(), month(failed.period()), failed.target(), failed.channel(),
                String.valueOf(failed.attempts()))).append('\n');
        b.append(text("deliveryFailed.why", failed.error())).append("\n\n");
        b.append(text("link", link)).append("\n\n");
        b.append(text("signoff")).append('\n');
        return new Letter(subject(ParcelKind.DELIVERY_FAILED, failed.period(), client), b.toString());
    }

    private static String title(Headline h, Messages names) {
        String found = null;
        if (names != null && h.metric() != null && h.titleKey() != null) {
            try {
                found = names.find(h.metric(), h.titleKey());
            } catch (RuntimeException e) {
                // a metric's broken texts: the run's own words
            }
        }
        return found != null ? found : h.title();
    }

    private String text(String key, Object... arguments) {
        String pattern = texts.getString(key);
        return arguments.length == 0 ? pattern : new MessageFormat(pattern, locale).format(arguments);
    }
}
