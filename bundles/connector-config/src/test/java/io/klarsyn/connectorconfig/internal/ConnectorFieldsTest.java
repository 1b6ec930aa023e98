package io.klarsyn.connectorconfig.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

import io.klarsyn.api.security.SecretStore;
import io.klarsyn.api.server.ConnectorField;

/**
 * The checks of a connector's per-job values against its metatype fields. The object class is written here as
 * bnd writes the connector example's ({@code OSGI-INF/metatype/...Config.xml}); the running metatype service
 * and the AES store are exercised by ConnectorConfigIT.
 */
class ConnectorFieldsTest {

    /** Marks what it seals; enough to see which values went through it. */
    static final SecretStore SEAL = new SecretStore() {
        public String seal(String plain) {
            return PREFIX + Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }
        public String open(String value) {
            return value;
        }
    };

    record Ad(String id, String name, int type, String def, boolean required) implements AttributeDefinition {
        public String getName() { return name; }
        public String getID() { return id; }
        public String getDescription() { return "about " + id; }
        public int getCardinality() { return 0; }
        public int getType() { return type; }
        public String[] getOptionValues() { return null; }
        public String[] getOptionLabels() { return null; }
        public String validate(String value) {
            return type == INTEGER && Integer.parseInt(value) < 1 ? "value must be at least 1" : "";
        }
        public String[] getDefaultValue() { return def == null ? null : new String[] {def}; }
    }

    static final List<Ad> ADS = List.of(
            new Ad("file", "Export file", AttributeDefinition.STRING, "", false),
            new Ad("url", "Export URL", AttributeDefinition.STRING, null, true),
            new Ad("apiKey", "API key", AttributeDefinition.PASSWORD, "", false),
            new Ad("timeoutSeconds", "Time-out (seconds)", AttributeDefinition.INTEGER, "30", true));

    static final ObjectClassDefinition OCD = new ObjectClassDefinition() {
        public String getName() { return "CRM export"; }
        public String getID() { return "crm"; }
        public String getDescription() { return ""; }
        public AttributeDefinition[] getAttributeDefinitions(int filter) {
            return ADS.stream().filter(a -> filter == ALL || (filter == REQUIRED) == a.required()).toArray(AttributeDefinition[]::new);
        }
        public InputStream getIcon(int size) { return null; }
    };

    final ConnectorFields fields = new ConnectorFields("example.crm", OCD);

    @Test
    void describesTheFieldsInDeclarationOrder() {
        List<ConnectorField> f = fields.fields();
        assertThat(f).extracting(ConnectorField::id).containsExactly("file", "url", "apiKey", "timeoutSeconds");
        assertThat(f.get(1).required()).as("required without a default").isTrue();
        assertThat(f.get(3).required()).as("a default makes it optional").isFalse();
        assertThat(f.get(2).secret()).isTrue();
        assertThat(f.get(2).type()).isEqualTo("password");
        assertThat(f.get(3).type()).isEqualTo("integer");
    }

    @Test
    void sealsPlainSecretsAndKeepsSealedOnes() {
        Map<String, String> v = new LinkedHashMap<>(Map.of("url", "http://crm/x", "apiKey", "k-123"));
        Map<String, String> out = fields.prepare(v, SEAL);
        assertThat(out.get("apiKey")).isEqualTo(SEAL.seal("k-123"));
        assertThat(out).containsEntry("url", "http://crm/x").doesNotContainKey("timeoutSeconds");
        v.put("apiKey", out.get("apiKey"));
        assertThat(fields.prepare(v, SEAL).get("apiKey")).as("sealed once, not twice").isEqualTo(SEAL.seal("k-123"));
        assertThat(fields.typed("timeoutSeconds", "20")).isEqualTo(20);
    }

    @Test
    void refusesWhatTheConnectorDoesNotTakeNamingTheField() {
        assertThatThrownBy(() -> fields.prepare(Map.of("url", "u", "password", "x"), SEAL))
                .hasMessageStartingWith("connectorConfig.password: connector 'example.crm' has no such field (fields: file, url, apiKey, timeoutSeconds)");
        assertThatThrownBy(() -> fields.prepare(Map.of("file", "f"), SEAL))
                .hasMessage("connectorConfig.url: required by connector 'example.crm' (Export URL)");
        assertThatThrownBy(() -> fields.prepare(Map.of("url", "u", "timeoutSeconds", "soon"), SEAL))
                .hasMessage("connectorConfig.timeoutSeconds: 'soon' is not a whole number");
        assertThatThrownBy(() -> fields.prepare(Map.of("url", "u", "timeoutSeconds", "0"), SEAL))
                .hasMessage("connectorConfig.timeoutSeconds: value must be at least 1");
        assertThat(Arrays.asList(OCD.getAttributeDefinitions(ObjectClassDefinition.REQUIRED))).hasSize(2);
    }

    /**
     * What the server's log says of a job's configuration ("job x: connector y configured: ..."): a URL's
     * password as ***, in each form the rule knows, and the key as ••••••. The expected line is the given values
     * with the passwords replaced by hand.
     */
    @Test
    void theLogShowsAUrlsPasswordAsStarsAndTheKeyMasked() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("file", "/srv/acme/data@2024/export.json");
        v.put("url", "https://export:s3cret@crm.acme.example/v1?token=t1&password=p-2");
        v.put("apiKey", "k-123");
        v.put("timeoutSeconds", "20");
        assertThat(fields.shown(fields.prepare(v, SEAL))).isEqualTo("file=/srv/acme/data@2024/export.json, "
                + "url=https://export:***@crm.acme.example/v1?token=t1&password=***, apiKey=••••••, timeoutSeconds=20");
        v.put("url", "jdbc:oracle:thin:report/s3cret@db.acme.no:1521/ORCL");
        assertThat(fields.shown(fields.prepare(v, SEAL))).contains("url=jdbc:oracle:thin:report/***@db.acme.no:1521/ORCL,")
                .doesNotContain("s3cret").doesNotContain("k-123");
    }
}
