package io.klarsyn.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A per-job connector field shows a password a URL in it carries as ***, by the settings' one rule; a secret
 * field shows only that it is set; a field of another type as it is. The expected strings are the inputs with
 * the password replaced by hand.
 */
class ConnectorFieldTest {

    private static ConnectorField field(String type, boolean secret) {
        return new ConnectorField("url", "JDBC URL", "the database", type, secret, true, null, List.of());
    }

    @Test
    void aTextFieldShowsAUrlsPasswordAsStars() {
        ConnectorField url = field("string", false);
        assertThat(url.shown("jdbc:postgresql://report:s3cret@db.acme.no/sales"))
                .isEqualTo("jdbc:postgresql://report:***@db.acme.no/sales");
        assertThat(url.shown("jdbc:oracle:thin:report/s3cret@db.acme.no:1521/ORCL"))
                .isEqualTo("jdbc:oracle:thin:report/***@db.acme.no:1521/ORCL");
        assertThat(url.shown("jdbc:postgresql://db.acme.no/sales?user=report&password=s3cret"))
                .isEqualTo("jdbc:postgresql://db.acme.no/sales?user=report&password=***");
        assertThat(url.shown("jdbc:h2:/srv/acme/sales;USER=report;PASSWORD=s3cret"))
                .isEqualTo("jdbc:h2:/srv/acme/sales;USER=report;PASSWORD=***");
        assertThat(url.shown("jdbc:postgresql://db.acme.no:5432/sales")).isEqualTo("jdbc:postgresql://db.acme.no:5432/sales");
        assertThat(url.shown(null)).isNull();
    }

    @Test
    void aSecretShowsOnlyThatItIsSetAndAnotherTypeAsItIs() {
        assertThat(field("password", true).shown("{aes-gcm}AAAA")).isEqualTo("••••••");
        assertThat(field("password", true).shown("")).isEmpty();
        assertThat(field("integer", false).shown("5432")).isEqualTo("5432");
    }
}
