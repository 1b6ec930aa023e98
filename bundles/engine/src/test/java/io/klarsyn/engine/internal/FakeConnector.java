package io.klarsyn.engine.internal;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.klarsyn.api.connector.ConnectorException;
import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.SurveyResponseRecord;
import io.klarsyn.api.model.TransactionRecord;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.api.settings.SettingDescriptor;

/** An in-memory connector: rows per input, numbered from line 2 (the header is line 1). */
@Plugin(id = "fake", title = "Fake connector")
final class FakeConnector implements DataConnector {

    private final Map<DataKind, List<Consumer<IngestSink>>> rows = new EnumMap<>(DataKind.class);
    private final Map<DataKind, List<String>> headers = new EnumMap<>(DataKind.class);
    private final Map<DataKind, ConnectorException> failures = new EnumMap<>(DataKind.class);
    private final Map<DataKind, Integer> lines = new EnumMap<>(DataKind.class);
    int reads;

    @Override
    public List<SettingDescriptor> settings() {
        return List.of(new SettingDescriptor("fake.folder", "path", null, "where the fake data is"));
    }

    FakeConnector header(DataKind kind, String... columns) {
        headers.put(kind, List.of(columns));
        rows.computeIfAbsent(kind, k -> new ArrayList<>());
        return this;
    }

    /** The line number of a new row of this kind (the first gets 2, the header being line 1). */
    private long nextLine(DataKind kind) {
        rows.computeIfAbsent(kind, k -> new ArrayList<>());
        return lines.merge(kind, 1, Integer::sum) + 1;
    }

    FakeConnector customer(String id, String acquired, String churned, Map<String, String> attributes) {
        long line = nextLine(DataKind.CUSTOMERS);
        CustomerRecord r = new CustomerRecord(id, LocalDate.parse(acquired), churned == null ? null
                : LocalDate.parse(churned), attributes);
        rows.get(DataKind.CUSTOMERS).add(s -> s.customer(line, r));
        return this;
    }

    FakeConnector customer(String id, String acquired) {
        return customer(id, acquired, null, Map.of());
    }

    FakeConnector tx(String id, String date, double amount) {
        long line = nextLine(DataKind.TRANSACTIONS);
        TransactionRecord r = new TransactionRecord(id, LocalDate.parse(date), amount, Double.NaN, null);
        rows.get(DataKind.TRANSACTIONS).add(s -> s.transaction(line, r));
        return this;
    }

    FakeConnector tx(String id, String date, double amount, double quantity, String orderId) {
        long line = nextLine(DataKind.TRANSACTIONS);
        TransactionRecord r = new TransactionRecord(id, LocalDate.parse(date), amount, quantity, orderId);
        rows.get(DataKind.TRANSACTIONS).add(s -> s.transaction(line, r));
        return this;
    }

    /** A blank the connector reports (as the CSV connector does while reading a row, before the row itself). */
    FakeConnector blank(DataKind kind, String column) {
        rows.computeIfAbsent(kind, k -> new ArrayList<>()).add(s -> s.blank(column));
        return this;
    }

    FakeConnector response(String id, String date, int nps, int csat, int ces, Map<String, Double> drivers) {
        long line = nextLine(DataKind.RESPONSES);
        SurveyResponseRecord r = new SurveyResponseRecord(LocalDate.parse(date), id, nps, csat, ces, drivers, null,
                null);
        rows.get(DataKind.RESPONSES).add(s -> s.response(line, r));
        return this;
    }

    FakeConnector reject(DataKind kind, String column, String reason) {
        long line = nextLine(kind);
        rows.get(kind).add(s -> s.reject(line, column, reason));
        return this;
    }

    FakeConnector failOn(DataKind kind, ConnectorException e) {
        failures.put(kind, e);
        rows.computeIfAbsent(kind, k -> new ArrayList<>());
        return this;
    }

    @Override
    public Set<DataKind> available(JobSettings settings) {
        return rows.isEmpty() ? Set.of() : EnumSet.copyOf(rows.keySet());
    }

    @Override
    public void read(DataKind kind, JobSettings settings, IngestSink sink) throws IOException {
        reads++;
        List<String> cols = headers.getOrDefault(kind, switch (kind) {
            case CUSTOMERS -> List.of("customer_id", "acquired_on", "churned_on");
            case TRANSACTIONS -> List.of("customer_id", "date", "amount");
            case RESPONSES -> List.of("date", "customer_id", "nps", "csat", "ces");
        });
        sink.begin(kind.fileName(), cols, "in memory");
        for (Consumer<IngestSink> row : rows.getOrDefault(kind, List.of())) {
            row.accept(sink);
        }
        if (failures.containsKey(kind)) {
            throw failures.get(kind);
        }
    }
}
