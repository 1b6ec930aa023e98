package io.klarsyn.example.metric;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.klarsyn.api.ledger.Attribute;
import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.metric.MetricCalculator;
import io.klarsyn.api.metric.MetricContext;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.result.Direction;
import io.klarsyn.api.result.Facts;
import io.klarsyn.api.result.Kpi;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Table;
import io.klarsyn.api.result.Unit;
import io.klarsyn.api.settings.SettingDescriptor;

/**
 * Revenue per customer to date, overall and by one attribute: a complete third-party metric in
 * one class. Needs only transactions; the breakdown attribute is the job setting
 * {@code example.segment}. Its figure is a headline of the report (rank 45: after the predicted
 * customer value, 40, before NPS, 50), so it stands on the summary page; its words, including its
 * definition for the methodology appendix ({@code methodology.1}), are in its own messages files.
 */
@Component
@Plugin(id = RevenuePerCustomerCalculator.ID, title = "Revenue per customer (example)")
public class RevenuePerCustomerCalculator implements MetricCalculator {

    static final String ID = "example.revenuePerCustomer";

    /** Where the figure stands among the summary's headline figures. */
    static final int HEADLINE_RANK = 45;

    @Override
    public Set<DataKind> inputs() {
        return EnumSet.of(DataKind.TRANSACTIONS);
    }

    @Override
    public List<SettingDescriptor> settings() {
        return List.of(new SettingDescriptor("example.segment", "string", "plan",
                "Customer attribute to break revenue per customer down by (the example plugin)."));
    }

    @Override
    public List<MetricResult> compute(MetricContext ctx) {
        CustomerLedger l = ctx.ledger();
        double total = 0;
        int buyers = 0;
        for (int i = 0; i < l.size(); i++) {
            ctx.checkCancelled();
            total += l.revenue(i);
            if (l.purchaseDays(i) > 0) {
                buyers++;
            }
        }
        List<MetricResult> results = new ArrayList<>();
        results.add(new Kpi(ID, ID, buyers == 0 ? null : total / buyers, Unit.CURRENCY, Direction.HIGHER_IS_BETTER,
                null, null, Facts.of("buyers", buyers, "revenue", total)).asHeadline(HEADLINE_RANK));
        Attribute a = l.attribute(ctx.settings().string("example.segment", "plan"));
        if (a != null) {
            int levels = a.levels().size();
            double[] revenue = new double[levels];
            int[] count = new int[levels];
            for (int i = 0; i < l.size(); i++) {
                int c = a.code(i);
                if (c >= 0 && l.purchaseDays(i) > 0) {
                    revenue[c] += l.revenue(i);
                    count[c]++;
                }
            }
            List<List<Object>> rows = new ArrayList<>();
            for (int c = 0; c < levels; c++) {
                rows.add(List.of(a.levels().get(c), count[c], count[c] == 0 ? 0.0 : revenue[c] / count[c]));
            }
            results.add(new Table(ID + ".by.segment", ID + ".by.segment",
                    List.of(new Table.Column("level", "example.level", Unit.TEXT),
                            new Table.Column("buyers", "example.buyers", Unit.COUNT),
                            new Table.Column("revenuePerCustomer", ID, Unit.CURRENCY)),
                    rows, Facts.of("attribute", a.name())));
        }
        return results;
    }
}
