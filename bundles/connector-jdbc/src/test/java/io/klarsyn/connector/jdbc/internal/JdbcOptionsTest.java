package io.klarsyn.connector.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.settings.SettingDescriptor;
import io.klarsyn.engine.internal.KlarsynReportEngine;

/**
 * The connector's settings as the engine checks and shows them. jdbc.fetchSize was declared "integer", a type
 * the engine does not know, so a job's "lots" passed the check and failed only when the rows were read; it is
 * "int" now and refused before the run, as other whole-number settings are. jdbc.url is a "url": its password,
 * were one given, is shown as ***.
 */
class JdbcOptionsTest {

    private static JobSpec job(Map<String, String> settings) {
        return new JobSpec("acme", JdbcSource.ID, Locale.ENGLISH, "NOK", ZoneId.of("Europe/Oslo"), null, settings);
    }

    @Test
    void aFetchSizeThatIsNotAWholeNumberIsRefusedBeforeTheRunWithTheSettingTheValueAndWhy() {
        KlarsynReportEngine engine = new KlarsynReportEngine();
        engine.add(new JdbcConnector(), "io.klarsyn.connector.jdbc", "0");
        assertThatThrownBy(() -> engine.check(job(Map.of("jdbc.url", "jdbc:h2:mem:acme", "jdbc.fetchSize", "lots"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setting 'jdbc.fetchSize': 'lots' is not a whole number");
        engine.check(job(Map.of("jdbc.url", "jdbc:h2:mem:acme", "jdbc.fetchSize", "500")));
    }

    @Test
    void everySettingHasATypeTheEngineKnowsAndTheUrlIsShownWithoutItsPassword() {
        assertThat(JdbcOptions.DESCRIPTORS).allSatisfy(d -> assertThat(d.knownType()).as(d.name() + " " + d.type()).isTrue());
        SettingDescriptor url = JdbcOptions.DESCRIPTORS.stream().filter(d -> d.name().equals(JdbcOptions.URL))
                .findFirst().orElseThrow();
        assertThat(url.shown("jdbc:postgresql://db.acme.no/sales?user=acme&password=Hemmelig"))
                .isEqualTo("jdbc:postgresql://db.acme.no/sales?user=acme&password=***");
    }
}
