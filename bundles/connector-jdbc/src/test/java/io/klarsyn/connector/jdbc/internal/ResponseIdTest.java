package io.klarsyn.connector.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.connector.csv.internal.CsvConnector;
import io.klarsyn.engine.embedded.EmbeddedIngestion;
import io.klarsyn.engine.embedded.EmbeddedSettings;

/**
 * Survey responses with a {@code response_id}, read from a table as from the same rows in a file: a repeated
 * response id is rejected ({@code duplicate-response-id}, the first row kept) and rows with an id are not
 * compared as identical rows; rows without one are. The JDBC rows and the CSV connector give the same counts
 * and the same survey table size.
 */
class ResponseIdTest {

    /** date, customer_id, nps, csat, driver.trust, response_id. */
    private static final String[][] ROWS = {
        {"2024-05-02", "c1", "9", "5", "8", "R1"},
        {"2024-05-02", "c1", "9", "5", "8", "R1"}, // loaded twice: rejected
        {"2024-05-03", "c2", "3", "2", "4", "R1"}, // another row with R1: rejected, the first kept
        {"2024-05-03", "c2", "3", "2", "4", "R2"}, // alike but its own id: kept, no possible duplicate
        {"2024-05-04", "", "10", "", "", "R3"},
        {"2024-05-05", "c3", "7", "4", "6", ""}, // no id: compared as identical rows
        {"2024-05-05", "c3", "7", "4", "6", ""},
        {"2024-05-06", "c4", "11", "4", "6", "R4"}, // nps out of range
        {"2024-05-06", "c4", "8", "4", "6", "R4"}, // R4 again: kept, the first was rejected for its score first
    };

    @TempDir
    Path tmp;

    @Test
    void repeatedResponseIdsAreRejectedAsInAFile() throws Exception {
        StringBuilder csv = new StringBuilder("date,customer_id,nps,csat,driver.trust,response_id\n");
        for (String[] r : ROWS) {
            csv.append(String.join(",", r)).append('\n');
        }
        Path folder = Files.createDirectories(tmp.resolve("files"));
        Files.writeString(folder.resolve("responses.csv"), csv, StandardCharsets.UTF_8);
        String url = "jdbc:h2:mem:responses;DB_CLOSE_DELAY=-1";
        try (Connection c = Databases.dataSource(url, null, null).getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE svar (\"date\" VARCHAR(20), customer_id VARCHAR(20), nps VARCHAR(5), "
                        + "csat VARCHAR(5), \"driver.trust\" VARCHAR(5), response_id VARCHAR(20))");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO svar VALUES (?, ?, ?, ?, ?, ?)")) {
                for (String[] r : ROWS) {
                    for (int i = 0; i < r.length; i++) {
                        ps.setString(i + 1, r[i].isEmpty() ? null : r[i]);
                    }
                    ps.executeUpdate();
                }
            }
            EmbeddedIngestion fromDb = read(new JdbcConnector(), EmbeddedSettings.resolve(Map.of("jdbc.url", url,
                    "jdbc.responses.table", "svar"), JdbcOptions.DESCRIPTORS));
            EmbeddedIngestion fromFile = read(new CsvConnector(), EmbeddedSettings.of(Map.of("csv.folder", folder.toString())));
            FileQuality a = responses(fromFile);
            FileQuality b = responses(fromDb);
            assertThat(b.read()).isEqualTo(a.read()).isEqualTo(ROWS.length);
            assertThat(b.rejectedByReason()).isEqualTo(a.rejectedByReason());
            assertThat(b.warningsByReason()).isEqualTo(a.warningsByReason());
            assertThat(b.accepted()).isEqualTo(a.accepted());
            assertThat(fromDb.surveys().size()).isEqualTo(fromFile.surveys().size());
            // R1's second and third rows; not R4's second (the engine checks the scores before the id)
            assertThat(b.rejectedByReason()).containsEntry("duplicate-response-id", 2L);
            assertThat(b.warningsByReason()).containsEntry("possible-duplicate", 1L);
        }
    }

    private static EmbeddedIngestion read(DataConnector connector, JobSettings settings) {
        return EmbeddedIngestion.asOf(LocalDate.of(2024, 6, 30)).read(DataKind.RESPONSES, "responses.csv", List.of(),
                sink -> {
                    try {
                        connector.read(DataKind.RESPONSES, settings, sink);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static FileQuality responses(EmbeddedIngestion in) {
        return in.quality().stream().filter(f -> f.file().equals("responses.csv")).findFirst().orElseThrow();
    }
}
