package io.klarsyn.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.TransactionRecord;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.api.settings.SettingDescriptor;

class ConnectorRunTest {

    /** Three customers (one with a bad date) and three orders (one of an unknown customer, out of date order). */
    static final class Fixed implements DataConnector {
        public List<SettingDescriptor> settings() {
            return List.of(new SettingDescriptor("fixed.factor", "number", "1", "multiplies amounts"));
        }
        public Set<DataKind> available(JobSettings s) { return Set.of(DataKind.CUSTOMERS, DataKind.TRANSACTIONS); }
        public void read(DataKind kind, JobSettings s, IngestSink sink) throws IOException {
            double f = s.number("fixed.factor", 1);
            if (kind == DataKind.CUSTOMERS) {
                sink.begin("customers.x", List.of("customer_id", "acquired_on"), "");
                sink.customer(2, new CustomerRecord("a", LocalDate.of(2024, 1, 1), null, Map.of()));
                sink.reject(3, "acquired_on", "unparseable date '2024-13-01'");
                sink.customer(4, new CustomerRecord("c", LocalDate.of(2024, 2, 1), null, Map.of()));
            } else {
                sink.begin("orders.x", List.of("customer_id", "date", "amount"), "");
                sink.transaction(2, new TransactionRecord("c", LocalDate.of(2024, 3, 1), 10 * f, Double.NaN, null));
                sink.transaction(3, new TransactionRecord("a", LocalDate.of(2024, 2, 1), 20 * f, Double.NaN, null));
                sink.transaction(4, new TransactionRecord("zz", LocalDate.of(2024, 2, 2), 5, Double.NaN, null));
            }
        }
    }

    @Test
    void readsThroughTheEnginesIngestion() throws Exception {
        ConnectorRun run = ConnectorRun.read(new Fixed(), LocalDate.of(2024, 5, 31), Map.of("fixed.factor", "2"));

        FileQuality customers = run.quality(DataKind.CUSTOMERS);
        assertThat(customers.read()).isEqualTo(3);
        assertThat(customers.rejected()).isEqualTo(1);
        assertThat(customers.details()).isEqualTo("read from customers.x");
        assertThat(customers.findings()).anySatisfy(f -> {
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.column()).isEqualTo("acquired_on");
        });
        FileQuality orders = run.quality(DataKind.TRANSACTIONS);
        assertThat(orders.read()).isEqualTo(3);
        // the engine, not the connector, rejects the order of a customer it does not know
        assertThat(orders.rejected()).isEqualTo(1);
        assertThat(orders.findings()).anySatisfy(f -> assertThat(f.line()).isEqualTo(4));
        // 20 and 10 times the factor 2: out-of-order rows are read again by the engine, counted once
        assertThat(run.ledger().size()).isEqualTo(2);
        double revenue = 0;
        for (int i = 0; i < run.ledger().size(); i++) {
            revenue += run.ledger().revenue(i);
        }
        assertThat(revenue).isEqualTo(60.0);
        assertThat(run.context(java.time.YearMonth.of(2024, 5)).build().available())
                .containsExactlyInAnyOrder(DataKind.CUSTOMERS, DataKind.TRANSACTIONS);
    }
}
