package io.klarsyn.api.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A password in a URL-valued setting reads *** wherever the value is shown. The URLs are written by hand in
 * the forms the drivers' documentation gives: PostgreSQL's query parameters (jdbc.postgresql.org, "Connecting
 * to the database": user, password, sslpassword), H2's semicolon settings (h2database.com, "Database URL
 * overview": ;USER=…;PASSWORD=…), the user information of RFC 3986 (user:password@host, an IPv6 host in
 * brackets, section 3.2.2) and Oracle's thin driver (docs.oracle.com, JDBC Developer's Guide, "Data Sources
 * and URLs": jdbc:oracle:thin:scott/tiger@host:1521/service, @//host, a password in double quotes). Each
 * expected string is the input with the password replaced by *** by hand.
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
    void theUserInformationsPasswordIsMaskedBeforeAnIpv6HostToo() {
        assertThat(SettingDescriptor.maskPasswords("jdbc:postgresql://report:s3cret@db.acme.no/sales"))
                .isEqualTo("jdbc:postgresql://report:***@db.acme.no/sales");
        assertThat(SettingDescriptor.maskPasswords("jdbc:postgresql://report:s3cret@[2001:db8::1]:5432/sales"))
                .isEqualTo("jdbc:postgresql://report:***@[2001:db8::1]:5432/sales");
        assertThat(SettingDescriptor.maskPasswords("jdbc:mysql://report:s3cret@db.acme.no:3306/sales?useSSL=true"))
                .isEqualTo("jdbc:mysql://report:***@db.acme.no:3306/sales?useSSL=true");
    }

    @Test
    void anOracleUserSlashPasswordIsMasked() {
        assertThat(SettingDescriptor.maskPasswords("jdbc:oracle:thin:report/s3cret@db.acme.no:1521/ORCL"))
                .isEqualTo("jdbc:oracle:thin:report/***@db.acme.no:1521/ORCL");
        assertThat(SettingDescriptor.maskPasswords("jdbc:oracle:thin:report/s3cret@//db.acme.no:1521/ORCL"))
                .isEqualTo("jdbc:oracle:thin:report/***@//db.acme.no:1521/ORCL");
        // a password with @ and / in it must be quoted: all of it is masked
        assertThat(SettingDescriptor.maskPasswords("jdbc:oracle:thin:report/\"p@ss/w\"@db.acme.no:1521/ORCL"))
                .isEqualTo("jdbc:oracle:thin:report/***@db.acme.no:1521/ORCL");
        assertThat(SettingDescriptor.maskPasswords("JDBC:ORACLE:OCI:report/s3cret@ACME_TNS"))
                .isEqualTo("JDBC:ORACLE:OCI:report/***@ACME_TNS");
    }

    @Test
    void urlsWithoutAPasswordStayAsTheyAre() {
        for (String url : new String[] {
                // no user, or a user without a password
                "jdbc:oracle:thin:@db.acme.no:1521/ORCL", "jdbc:oracle:thin:@//db.acme.no:1521/ORCL",
                "jdbc:oracle:thin:/@acme_wallet", "jdbc:postgresql://report@db.acme.no/sales",
                // an @ in a path or a parameter, not in the user information
                "jdbc:h2:tcp://h2.acme.no:9092/~/data@2024", "jdbc:h2:/srv/acme/data@2024/sales",
                "jdbc:postgresql://db.acme.no:5432/sales?user=report@acme", "file:///srv/acme/a:b@c",
                // IPv6 hosts: colons, but no user information
                "jdbc:postgresql://[2001:db8::1]:5432/sales", "jdbc:postgresql://[::1]/sales?user=acme",
                "jdbc:postgresql://[::1]:5432,[::2]:5433/sales",
                // a parameter whose name only contains the word
                "jdbc:postgresql://db.acme.no/sales?passwordFile=/srv/acme/pw"}) {
            assertThat(SettingDescriptor.maskPasswords(url)).as(url).isEqualTo(url);
        }
    }

    @Test
    void aMessageQuotingAUrlIsMaskedAndTheRestOfItKept() {
        // PostgreSQL's driver (42.7) on a URL it cannot parse: "URL invalid <url>"
        assertThat(SettingDescriptor.maskPasswords("URL invalid jdbc:postgresql://report:s3cret@db.acme.no/sales"))
                .isEqualTo("URL invalid jdbc:postgresql://report:***@db.acme.no/sales");
        // a line break ends a parameter's value: the next line is kept
        assertThat(SettingDescriptor.maskPasswords("bad URL jdbc:h2:/srv/acme;PASSWORD=s3cret\nat line 2"))
                .isEqualTo("bad URL jdbc:h2:/srv/acme;PASSWORD=***\nat line 2");
        // a host and port followed by text with an @ further on is no user information
        assertThat(SettingDescriptor.maskPasswords("tcp://127.0.0.1:1 refused; mail ops@acme.no"))
                .isEqualTo("tcp://127.0.0.1:1 refused; mail ops@acme.no");
        // masking a masked text changes nothing, also the words after a masked parameter
        String masked = "jdbc:oracle:thin:report/***@db.acme.no:1521/ORCL and jdbc:postgresql://report:***@h/db?password=***";
        assertThat(SettingDescriptor.maskPasswords(masked)).isEqualTo(masked);
        String sentence = "the database URL jdbc:h2:/srv/acme;PASSWORD=*** holds a password: give it sealed";
        assertThat(SettingDescriptor.maskPasswords(sentence)).isEqualTo(sentence);
        String settingsLine = "settings {jdbc.url=jdbc:h2:/srv/acme;PASSWORD=***, jdbc.user=acme}";
        assertThat(SettingDescriptor.maskPasswords(settingsLine)).isEqualTo(settingsLine);
        // a password that merely starts with stars is still masked whole
        assertThat(SettingDescriptor.maskPasswords("jdbc:h2:/srv/acme;PASSWORD=***x9;USER=acme"))
                .isEqualTo("jdbc:h2:/srv/acme;PASSWORD=***;USER=acme");
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
