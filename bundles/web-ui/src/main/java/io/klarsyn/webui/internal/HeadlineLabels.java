package io.klarsyn.webui.internal;

import java.util.Locale;

import io.klarsyn.api.report.Messages;
import io.klarsyn.api.server.Headline;

/**
 * A headline figure's name in the UI's language: the metric's own text while it is installed (its
 * {@code titleKey}, or {@code titleKey.short} where space is tight), else the title the run wrote in
 * the report's language. Pages never name a metric themselves.
 */
final class HeadlineLabels {

    private final Messages texts;

    HeadlineLabels(Services services, Locale locale) {
        this.texts = services.translations().get().map(t -> {
            try {
                return t.in(locale);
            } catch (RuntimeException e) {
                return null;
            }
        }).orElse(null);
    }

    /** @return e.g. "Monthly churn rate" */
    String title(Headline h) {
        String found = find(h, h.titleKey());
        return found != null ? found : h.title();
    }

    /** @return the metric's short label ({@code <titleKey>.short}, e.g. "Churn"), else the title */
    String shortTitle(Headline h) {
        String found = h.titleKey() == null ? null : find(h, h.titleKey() + ".short");
        return found != null ? found : title(h);
    }

    private String find(Headline h, String key) {
        if (texts == null || key == null || h.metric() == null) {
            return null;
        }
        try {
            return texts.find(h.metric(), key);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
