package io.klarsyn.api.result;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rows of named columns: churn by segment, regression terms, driver tables. In metrics.json a
 * table is {@code {"type":"table","rows":[{"<column id>": value, ...}, ...], ...facts}}.
 *
 * @param id stable id
 * @param titleKey message key of the title
 * @param columns the columns
 * @param rows the rows; each has one cell per column: {@code String}, {@code Number},
 *        {@code Boolean} or {@code null}
 * @param facts further values (e.g. n, R², log-likelihood of a fitted model)
 */
public record Table(String id, String titleKey, List<Column> columns, List<List<Object>> rows,
        Map<String, Object> facts) implements MetricResult {

    public Table {
        Objects.requireNonNull(id, "id");
        titleKey = titleKey == null ? id : titleKey;
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(id + ": a row has " + row.size() + " cells for "
                        + columns.size() + " columns");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
        facts = Facts.copy(facts);
    }

    /**
     * @param id the key of this column in metrics.json, e.g. {@code activeAtStart}
     * @param labelKey message key of the header
     * @param unit how to format the cells
     */
    public record Column(String id, String labelKey, Unit unit) {
        public Column {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(unit, "unit");
            labelKey = labelKey == null ? id : labelKey;
        }
    }
}
