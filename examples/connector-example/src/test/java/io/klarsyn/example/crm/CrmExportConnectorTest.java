package io.klarsyn.example.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.klarsyn.api.connector.ConnectorException;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.api.security.SecretStore;
import io.klarsyn.testkit.ConnectorRun;

/** The CRM export in src/test/resources/crm read as a report run reads it (the engine's own ingestion). */
class CrmExportConnectorTest {

    private static final LocalDate AS_OF = LocalDate.of(2024, 5, 31);

    @TempDir
    Path tmp;

    /** A stand-in for the server's AES-GCM store (tested in the security bundle): a reversible "seal". */
    static final SecretStore SECRETS = new SecretStore() {
        public String seal(String plain) {
            return PREFIX + Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }
        public String open(String value) {
            return SecretStore.isSealed(value)
                    ? new String(Base64.getDecoder().decode(value.substring(PREFIX.length())), StandardCharsets.UTF_8) : value;
        }
    };

    static Path export() throws Exception {
        return Path.of(CrmExportConnectorTest.class.getResource("/crm/crm-export.json").toURI());
    }

    static CrmExportConnector.Config config(String file, String url, String apiKey) {
        return new CrmExportConnector.Config() {
            public Class<? extends Annotation> annotationType() { return CrmExportConnector.Config.class; }
            public String file() { return file; }
            public String url() { return url; }
            public String apiKey() { return apiKey; }
            public int timeoutSeconds() { return 5; }
        };
    }

    @Test
    void everyCustomerAndOrderIsAcceptedOrRejectedWithLineColumnAndJsonPath() throws Exception {
        ConnectorRun run = ConnectorRun.read(new CrmExportConnector(config(export().toString(), "", ""), SECRETS),
                AS_OF, Map.of());

        FileQuality customers = run.quality(DataKind.CUSTOMERS);
        assertThat(customers.details()).startsWith("read from crm-export.json");
        // five customer objects (lines 4, 11, 17, 23, 26): an impossible date at line 17, no id at line 23
        assertThat(customers.read()).isEqualTo(5);
        assertThat(customers.accepted()).isEqualTo(3);
        assertThat(customers.findings()).extracting(f -> f.line() + " " + f.column() + " " + f.reason() + " " + f.detail())
                .containsExactly("17 acquired_on unparseable-date unparseable date '2024-13-01' at /customers/2/createdAt",
                        "23 customer_id missing-customer-id missing customer id");

        // six orders: a decimal comma in a string (line 14), the order of the rejected K-1003 (line 20: the
        // engine finds no such customer), 31 April (line 29)
        FileQuality orders = run.quality(DataKind.TRANSACTIONS);
        assertThat(orders.read()).isEqualTo(6);
        assertThat(orders.accepted()).isEqualTo(3);
        assertThat(orders.findings()).extracting(f -> f.line() + " " + f.column())
                .containsExactly("14 amount", "20 customer_id", "29 date");

        // what a metric sees: K-1001 bought for 250.0 + 150.5, K-1005 for 400; K-1002 churned on 15 April
        double revenue = 0;
        for (int i = 0; i < run.ledger().size(); i++) {
            revenue += run.ledger().revenue(i);
        }
        assertThat(revenue).isEqualTo(800.5);
        assertThat(run.ledger().size()).isEqualTo(3);
    }

    @Test
    void readsTheExportApiWithTheOpenedKeyAndNamesARefusalWithoutIt() throws Exception {
        byte[] body = Files.readAllBytes(export());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/export", x -> {
            boolean ok = "Bearer s3cret-key".equals(x.getRequestHeaders().getFirst("Authorization"));
            x.sendResponseHeaders(ok ? 200 : 401, ok ? body.length : -1);
            if (ok) {
                x.getResponseBody().write(body);
            }
            x.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/export";
            ConnectorRun run = ConnectorRun.read(new CrmExportConnector(config("", url, SECRETS.seal("s3cret-key")), SECRETS),
                    AS_OF, Map.of());
            assertThat(run.quality(DataKind.TRANSACTIONS).accepted()).isEqualTo(3);
            assertThat(run.quality(DataKind.CUSTOMERS).details()).contains(url);

            assertThatThrownBy(() -> ConnectorRun.read(new CrmExportConnector(config("", url, SECRETS.seal("wrong")), SECRETS),
                    AS_OF, Map.of())).isInstanceOf(ConnectorException.class)
                    .hasMessageContaining(url).hasMessageContaining("HTTP 401").hasMessageNotContaining("wrong");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aDocumentThatIsNotJsonIsUnusableAsAWholeWithItsLine() throws Exception {
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\n  \"customers\": [\n    {\"id\": \"K-1\", \"createdAt\": \"2024-01-01\"},\n    {\"id\": \n");
        assertThatThrownBy(() -> ConnectorRun.read(new CrmExportConnector(config(broken.toString(), "", ""), SECRETS),
                AS_OF, Map.of())).isInstanceOf(ConnectorException.class)
                .hasMessageStartingWith("broken.json:5: not valid JSON");
    }

    @Test
    void withoutAFileOrUrlItSaysWhatIsMissing() {
        assertThatThrownBy(() -> ConnectorRun.read(new CrmExportConnector(config("", "", ""), SECRETS), AS_OF, Map.of()))
                .hasMessageContaining("neither an export file nor an export URL");
        assertThatThrownBy(() -> ConnectorRun.read(new CrmExportConnector(config(tmp.resolve("none.json").toString(), "", ""),
                SECRETS), AS_OF, Map.of())).hasMessageContaining("none.json");
    }
}
