package io.klarsyn.api.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A password in a URL-valued setting reads *** wherever the value is shown. The URLs are written by hand in
 * the forms the drivers' documentation gives: PostgreSQL's query parameters (jdbc.postgresql.org, "Connecting
 * to the database": user, password, sslpassword), H2's semicolon settings (h2database.com, "Database URL
 * overview": ;USER=…;PASSWORD=…) and the user information of RFC 3986 (user:password@host).
 */
class SettingDescriptorTest {

    private static final SettingDescriptor URL = new SettingDescriptor("jdbc.url", "url", null, "the database");

    @Test
    void aPostgresqlPasswordParameterIsMaskedAndTheRestKept() {
        assertThat(URL.shown("jdbc:postgresql://db.acme.no:5432/sales?user=acme&password=s3cr%26t&ssl=true"))
                .isEqualTo("jdbc:postgresql://db.acme.no:5432/sales?user=acme&password=***&ssl=true");
        assertThat(URL.shown("jdbc:postgresql://db.acme.no/sales?password=secret"))
                .isEqualTo("jdbc:postgresql://db.acme.no/sales?password=***");
        assertThat(URL.shown("jdbc:postgresql://db.acme.no/sales?sslmode=verify-full&sslpassword=keypass&user=acme"))
                .isEqualTo("jdbc:postgresql://db.acme.no/sales?sslmode=verify-full&sslpassword=***&user=acme");
    }

    @Test
    void anH2PasswordSettingIsMaskedInAnyCase() {
        assertThat(URL.shown("jdbc:h2:/srv/acme/sales;USER=acme;PASSWORD=secret;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:/srv/acme/sales;USER=acme;PASSWORD=***;AUTO_SERVER=TRUE");
        assertThat(URL.shown("jdbc:h2:tcp://h2.acme.no/~/sales;password=secret"))
                .isEqualTo("jdbc:h2:tcp://h2.acme.no/~/sales;password=***");
        // H2's encrypted file: CIPHER=AES with the file password
        assertThat(URL.shown("jdbc:h2:/srv/acme/sales;CIPHER=AES;FILE_PASSWORD=filekey"))
                .isEqualTo("jdbc:h2:/srv/acme/sales;CIPHER=AES;FILE_PASSWORD=***");
    }

    @Test
    void theUserInformationsPasswordIsMasked() {
        assertThat(URL.shown("jdbc:postgresql://acme:secret@db.acme.no:5432/sales"))
                .isEqualTo("jdbc:postgresql://acme:***@db.acme.no:5432/sales");
        // an @ in the password itself: the host is after the last @ before the path
        assertThat(URL.shown("jdbc:postgresql://acme:p@ss@db.acme.no/sales?user=acme"))
                .isEqualTo("jdbc:postgresql://acme:***@db.acme.no/sales?user=acme");
        // a user without a password, and a port without a user, are not touched
        assertThat(URL.shown("jdbc:postgresql://acme@db.acme.no/sales")).isEqualTo("jdbc:postgresql://acme@db.acme.no/sales");
        assertThat(URL.shown("jdbc:postgresql://db.acme.no:5432/sales")).isEqualTo("jdbc:postgresql://db.acme.no:5432/sales");
    }

    @Test
    void aUrlWithoutPasswordAndOtherTypesAreShownAsTheyAre() {
        assertThat(URL.shown("jdbc:duckdb:/srv/acme/sales.duckdb")).isEqualTo("jdbc:duckdb:/srv/acme/sales.duckdb");
        assertThat(URL.shown(null)).isNull();
        assertThat(URL.shown("")).isEmpty();
        SettingDescriptor text = new SettingDescriptor("jdbc.customers.sql", "string", null, "a query");
        assertThat(text.shown("SELECT id FROM t WHERE password=1")).isEqualTo("SELECT id FROM t WHERE password=1");
    }

    @Test
    void theKnownTypesAreThoseTheEngineChecksOrShows() {
        for (String type : new String[] {"string", "int", "number", "boolean", "list", "path", "url", "enum:a|b"}) {
            assertThat(new SettingDescriptor("x", type, null, "x").knownType()).as(type).isTrue();
        }
        for (String type : new String[] {"integer", "Int", "enum:", "", "double"}) {
            assertThat(new SettingDescriptor("x", type, null, "x").knownType()).as(type).isFalse();
        }
    }
}
