package io.klarsyn.connector.csv.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connector's tuning: defaults, a configuration of PID io.klarsyn.connector.csv, and the older system properties. */
class CsvTuningTest {

    /** The tuning as Declarative Services passes it: the configured values over the defaults. */
    private static CsvTuning tuning(long pipeline, long parallel, long part, int parsers) {
        return new CsvTuning() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CsvTuning.class;
            }

            @Override
            public long pipelineBytes() {
                return pipeline;
            }

            @Override
            public long parallelBytes() {
                return parallel;
            }

            @Override
            public long partBytes() {
                return part;
            }

            @Override
            public int parsers() {
                return parsers;
            }
        };
    }

    @AfterEach
    void clearProperties() {
        System.clearProperty("klarsyn.csv.parallelBytes");
        System.clearProperty("klarsyn.csv.partBytes");
    }

    @Test
    void defaultsAreFourAndThirtyTwoMegabytesInOneMegabyteParts() {
        CsvConnector c = new CsvConnector();
        assertThat(c.pipelineThresholdBytes).isEqualTo(4L * 1024 * 1024);
        assertThat(c.parallelThresholdBytes).isEqualTo(32L * 1024 * 1024);
        assertThat(c.partBytes).isEqualTo(1024 * 1024);
        assertThat(c.parsers).isEqualTo(Math.min(4, Runtime.getRuntime().availableProcessors()));
        CsvConnector unconfigured = new CsvConnector(tuning(4L << 20, 32L << 20, 1L << 20, 0), Map.of());
        assertThat(unconfigured.parallelThresholdBytes).isEqualTo(c.parallelThresholdBytes);
    }

    @Test
    void aConfigurationDecidesAndChangesLive() {
        System.setProperty("klarsyn.csv.parallelBytes", "0");
        Map<String, Object> configured = Map.of("service.pid", CsvTuning.PID);
        CsvConnector c = new CsvConnector(tuning(1000, 2000, 300, 3), configured);
        assertThat(c.pipelineThresholdBytes).isEqualTo(1000);
        assertThat(c.parallelThresholdBytes).isEqualTo(2000); // the configuration, not the system property
        assertThat(c.partBytes).isEqualTo(300);
        assertThat(c.parsers).isEqualTo(3);
        c.tune(tuning(5, 6, 0, 1), configured);
        assertThat(c.pipelineThresholdBytes).isEqualTo(5);
        assertThat(c.partBytes).isEqualTo(1); // at least one byte per part
        assertThat(c.parsers).isEqualTo(1);
    }

    @Test
    void withoutAConfigurationTheOlderSystemPropertiesStillApply() {
        System.setProperty("klarsyn.csv.parallelBytes", "0");
        System.setProperty("klarsyn.csv.partBytes", "4096");
        CsvConnector c = new CsvConnector(tuning(4L << 20, 32L << 20, 1L << 20, 0), Map.of("component.name", "csv"));
        assertThat(c.parallelThresholdBytes).isZero();
        assertThat(c.partBytes).isEqualTo(4096);
        assertThat(c.pipelineThresholdBytes).isEqualTo(4L << 20);
        CsvConnector plain = new CsvConnector();
        assertThat(plain.parallelThresholdBytes).isZero();
        assertThat(plain.partBytes).isEqualTo(4096);
    }
}
