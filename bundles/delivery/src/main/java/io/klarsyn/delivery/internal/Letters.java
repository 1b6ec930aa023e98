package io.klarsyn.delivery.internal;

import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;

import io.klarsyn.api.delivery.DeliveryRecord;
import io.klarsyn.api.delivery.ParcelKind;
import io.klarsyn.api.server.RunRecord;
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
     * @param currency the job's currency code, for the lifetime value
     */
    Letter report(ParcelKind kind, RunRecord run, String client, Map<String, Double> previous, String currency,
            String link, String download) {
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
                b.append("  – ").append(label(name)).append(": ").append(value(name, value, currency));
                Double was = previous.get(name);
                if (was != null && !was.isNaN() && !was.isInfinite()) {
                    b.append(" (").append(change(name, value - was, currency)).append(')');
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

    /** A headline's label: this bundle's words for the shipped metrics' headlines, else its result id. */
    private String label(String name) {
        return texts.containsKey("kpi." + name) ? text("kpi." + name) : name;
    }

    // TODO(issue 16): the run record should carry each headline's unit and title, so that these
    // tables of the shipped metrics' ids can go; until then another metric's headline is a plain number.
    private String value(String name, double v, String currency) {
        switch (name) {
            case "churn.monthly.rate":
            case "churn.12m.rate":
            case "cx.csat":
            case "rejectedShare":
                return decimals(1).format(v * 100) + (locale.getLanguage().equals("en") ? "%" : " %");
            case "customers.active":
                return decimals(0).format(v);
            case "clv.predicted":
                return decimals(0).format(v) + " " + currency;
            default:
                return decimals(1).format(v);
        }
    }

    private String change(String name, double d, String currency) {
        switch (name) {
            case "churn.monthly.rate":
            case "churn.12m.rate":
            case "cx.csat":
            case "rejectedShare":
                return signed(d * 100, 1) + " " + text("unit.points");
            case "customers.active":
                return signed(d, 0);
            case "clv.predicted":
                return signed(d, 0) + " " + currency;
            default:
                return signed(d, 1);
        }
    }

    private String signed(double d, int digits) {
        String text = decimals(digits).format(Math.abs(d));
        String zero = decimals(digits).format(0);
        if (text.equals(zero)) {
            return "±" + zero;
        }
        return (d > 0 ? "+" : "−") + text;
    }

    private NumberFormat decimals(int digits) {
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        return f;
    }

    private String text(String key, Object... arguments) {
        String pattern = texts.getString(key);
        return arguments.length == 0 ? pattern : new MessageFormat(pattern, locale).format(arguments);
    }
}
