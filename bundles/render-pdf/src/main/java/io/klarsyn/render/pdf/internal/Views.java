package io.klarsyn.render.pdf.internal;

import io.klarsyn.api.result.Categories;
import io.klarsyn.api.result.Curve;
import io.klarsyn.api.result.Distribution;
import io.klarsyn.api.result.Highlight;
import io.klarsyn.api.result.Kpi;
import io.klarsyn.api.result.Matrix;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Note;
import io.klarsyn.api.result.Scatter;
import io.klarsyn.api.result.Table;
import io.klarsyn.api.result.TimeSeries;
import java.util.HashMap;
import java.util.Map;

/** Result type → its view. A type without a view (one added to the API after this renderer) gets {@link GenericView}. */
final class Views {

    private final Map<Class<? extends MetricResult>, ResultView<?>> byType = new HashMap<>();
    private final ResultView<MetricResult> generic = new GenericView();

    /** @return the views of every result type this renderer knows */
    static Views standard() {
        return new Views()
                .with(Kpi.class, new KpiView())
                .with(TimeSeries.class, new TimeSeriesView())
                .with(Curve.class, new CurveView())
                .with(Categories.class, new CategoriesView())
                .with(Distribution.class, new DistributionView())
                .with(Scatter.class, new ScatterView())
                .with(Table.class, new TableView())
                .with(Matrix.class, new MatrixView())
                .with(Note.class, new NoteView())
                .with(Highlight.class, new HighlightView());
    }

    <T extends MetricResult> Views with(Class<T> type, ResultView<? super T> view) {
        byType.put(type, view);
        return this;
    }

    /** @return a copy without the view of {@code type}, so that type is shown by the generic view */
    Views without(Class<? extends MetricResult> type) {
        Views v = new Views();
        v.byType.putAll(byType);
        v.byType.remove(type);
        return v;
    }

    ResultView<?> of(MetricResult r) {
        ResultView<?> v = byType.get(r.getClass());
        return v != null ? v : generic;
    }
}
