package io.klarsyn.api.server;

import io.klarsyn.api.result.Direction;
import io.klarsyn.api.result.Unit;

/**
 * A headline figure as a job's newest run reported it: what it is called, how its numbers read and
 * which way is good. A metric makes a KPI a headline figure ({@link io.klarsyn.api.result.Kpi#headline()});
 * the run store keeps this description beside the values, so that pages and mails can show a plugin's
 * headline (even after the plugin is gone) without knowing its id.
 *
 * @param id the KPI's result id, e.g. {@code cx.nps}: the key of its values in {@link RunRecord#kpis()}
 *        and {@link TrendPoint#values()}
 * @param rank the metric's headline rank (lower comes first)
 * @param metric the contributing metric's id: the scope of {@code titleKey} in
 *        {@link io.klarsyn.api.report.Messages#find(String, String)}
 * @param titleKey the KPI's title message key, to translate into another language while the metric is installed
 * @param title the title in the report's language, as the run wrote it
 * @param unit the unit its values are in
 * @param direction which way a change is good
 */
public record Headline(String id, int rank, String metric, String titleKey, String title, Unit unit,
        Direction direction) {

    public Headline {
        java.util.Objects.requireNonNull(id, "id");
        title = title == null || title.isBlank() ? id : title;
        unit = unit == null ? Unit.NUMBER : unit;
        direction = direction == null ? Direction.NEUTRAL : direction;
    }
}
