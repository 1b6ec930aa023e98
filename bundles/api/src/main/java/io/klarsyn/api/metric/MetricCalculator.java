package io.klarsyn.api.metric;

import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.settings.SettingDescriptor;

/**
 * Computes one section of the report from the ledger: churn, customer value, NPS, or anything a
 * plugin adds. Register it as a DS component with {@link io.klarsyn.api.plugin.Plugin @Plugin} (its id prefixes
 * the ids of its results and settings); the engine picks it up on the
 * next run, and drops it as soon as its bundle goes away.
 *
 * <pre>{@code
 * @Component
 * @Plugin(id = "example.revenue", title = "Revenue")
 * public class RevenueCalculator implements MetricCalculator {
 *     public Set<DataKind> inputs() { return EnumSet.of(DataKind.TRANSACTIONS); }
 *     public List<MetricResult> compute(MetricContext ctx) {
 *         double total = 0;
 *         CustomerLedger l = ctx.ledger();
 *         for (int i = 0; i < l.size(); i++) total += l.revenue(i);
 *         return List.of(Kpi.of("example.revenue.total", total, Unit.CURRENCY,
 *                 Direction.HIGHER_IS_BETTER));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Results are data.</b> Return typed {@link MetricResult}s with stable ids (prefixed by
 * your id); never format numbers or draw. The PDF lays out every result type, and metrics.json
 * holds them under their ids.
 *
 * <p><b>Failure.</b> Throwing marks this section failed (with the exception's message in the PDF
 * and the stack trace in run.log) and the run UNSTABLE; the rest of the report still renders. A
 * computation running past the job's time budget is cancelled the same way: poll
 * {@link MetricContext#checkCancelled()} in long loops.
 *
 * <p><b>Threading.</b> {@code compute} may be called concurrently for different jobs; keep
 * per-run state local.
 */
@ConsumerType
public interface MetricCalculator {

    /** @return the inputs without which this metric cannot run; it is skipped with a note when one is absent */
    Set<DataKind> inputs();

    /** @return the job settings this metric reads, with defaults; names should start with its id's first segment */
    default List<SettingDescriptor> settings() {
        return List.of();
    }

    /**
     * @return where this section goes in the report, ascending. The standard sections use 100
     *         (churn), 200 (customer value), 300 (customer experience); third-party metrics default
     *         to 1000, after them.
     */
    default int order() {
        return 1000;
    }

    /**
     * Computes the results for the context's period.
     *
     * @param context the ledger, period, settings, logger and cancellation; valid during the call only
     * @return the results, in the order the report should show them; never {@code null}
     * @throws Exception on any failure; the engine turns it into a failed section
     */
    List<MetricResult> compute(MetricContext context) throws Exception;

    /**
     * The texts for this metric's section title ({@code <id>.title}), result titles and column
     * labels. By default looks for a resource bundle {@code messages} in the implementation
     * class's package ({@code messages.properties}, {@code messages_nb.properties},
     * {@code messages_sv.properties}, ...). A key without a text is shown as it is.
     *
     * @return the bundle for the locale, or {@code null} when there is none
     */
    default ResourceBundle messages(Locale locale) {
        try {
            return ResourceBundle.getBundle(getClass().getPackageName() + ".messages", locale,
                    getClass().getClassLoader(), ResourceBundle.Control.getNoFallbackControl(
                            ResourceBundle.Control.FORMAT_PROPERTIES));
        } catch (MissingResourceException e) {
            return null;
        }
    }
}
