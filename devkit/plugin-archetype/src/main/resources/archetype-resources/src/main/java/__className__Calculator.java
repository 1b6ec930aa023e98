package ${package};

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.metric.MetricCalculator;
import io.klarsyn.api.metric.MetricContext;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.result.Direction;
import io.klarsyn.api.result.Facts;
import io.klarsyn.api.result.Kpi;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Unit;

/**
 * Average order value to date: revenue of all purchases up to the period's end divided by their number,
 * a headline figure of the report's summary page. Its texts (section title, figure, fact labels, its
 * definition in the methodology appendix) are in {@code messages*.properties} beside this class.
 */
@Component
@Plugin(id = ${className}Calculator.ID, title = "${className}: average order value")
public class ${className}Calculator implements MetricCalculator {

    static final String ID = "${pluginId}";

    /** Where the figure stands among the summary's headline figures (the shipped ones use 10 … 70). */
    static final int HEADLINE_RANK = 48;

    @Override
    public Set<DataKind> inputs() {
        return EnumSet.of(DataKind.TRANSACTIONS);
    }

    @Override
    public List<MetricResult> compute(MetricContext ctx) {
        CustomerLedger l = ctx.ledger();
        double revenue = 0;
        long orders = 0;
        for (int i = 0; i < l.size(); i++) {
            ctx.checkCancelled();
            revenue += l.revenue(i);
            orders += l.transactions(i);
        }
        // undefined is null, not 0: without orders there is no average
        Double value = orders == 0 ? null : revenue / orders;
        return List.of(new Kpi(ID + ".aov", ID + ".aov", value, Unit.CURRENCY, Direction.HIGHER_IS_BETTER,
                null, null, Facts.of("orders", orders, "revenue", revenue)).asHeadline(HEADLINE_RANK));
    }
}
