package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.testkit.ConnectorRun;

/** The export in src/test/resources/export read as a report run reads it (the engine's own ingestion). */
class ${className}ConnectorTest {

    static Path export() throws URISyntaxException {
        return Path.of(${className}ConnectorTest.class.getResource("/export/customers.tsv").toURI()).getParent();
    }

    @Test
    void everyLineIsAcceptedOrRejectedWithItsLineColumnAndReason() throws Exception {
        ConnectorRun run = ConnectorRun.read(new ${className}Connector(), LocalDate.of(2024, 5, 31),
                Map.of(${className}Connector.FOLDER, export().toString()));

        // customers.tsv: line 4 has an impossible date, line 5 too few fields, line 6 is blank (not a record)
        FileQuality customers = run.quality(DataKind.CUSTOMERS);
        assertThat(customers.read()).isEqualTo(5);
        assertThat(customers.accepted()).isEqualTo(3);
        assertThat(customers.findings()).extracting(f -> f.line() + " " + f.column())
                .containsExactly("4 acquired_on", "5 null");
        // orders.tsv: line 4 has a decimal comma; line 6 is of a customer the export does not have (the engine's check)
        FileQuality orders = run.quality(DataKind.TRANSACTIONS);
        assertThat(orders.read()).isEqualTo(5);
        assertThat(orders.rejected()).isEqualTo(2);
        assertThat(orders.findings()).extracting(f -> f.line()).containsExactly(4L, 6L);

        // what a metric sees: c1 bought for 250.00 + 150.50, c5 for 400
        double revenue = 0;
        for (int i = 0; i < run.ledger().size(); i++) {
            revenue += run.ledger().revenue(i);
        }
        assertThat(revenue).isEqualTo(800.5);
    }

    @Test
    void aMissingFolderIsSaidWithItsSetting() {
        assertThatThrownBy(() -> ConnectorRun.read(new ${className}Connector(), LocalDate.of(2024, 5, 31),
                Map.of(${className}Connector.FOLDER, "/no/such/folder")))
                .hasMessageContaining(${className}Connector.FOLDER).hasMessageContaining("/no/such/folder");
    }
}
