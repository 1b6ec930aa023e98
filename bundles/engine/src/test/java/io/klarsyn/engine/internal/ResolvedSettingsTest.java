package io.klarsyn.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ResolvedSettingsTest {

    @Test
    void theLostCustomerRuleHasOneSettingOfTheEngineWithItsDefault() {
        ResolvedSettings s = ResolvedSettings.resolve(Map.of(), EngineSettings.DESCRIPTORS);
        assertThat(s.integer(EngineSettings.INACTIVITY_DAYS, -1)).isEqualTo(90);
    }

    /** Job files written before issue 16 named it churn.inactivityDays: read as the new name. */
    @Test
    void theOldNameIsReadAsTheNewOneAndTheNewOneWinsWhenBothAreGiven() {
        assertThat(ResolvedSettings.resolve(Map.of("churn.inactivityDays", "30"), EngineSettings.DESCRIPTORS)
                .integer(EngineSettings.INACTIVITY_DAYS, -1)).isEqualTo(30);
        assertThat(ResolvedSettings.resolve(Map.of("churn.inactivityDays", "30", "customers.inactivityDays", "45"),
                EngineSettings.DESCRIPTORS).integer(EngineSettings.INACTIVITY_DAYS, -1)).isEqualTo(45);
        assertThatThrownBy(() -> ResolvedSettings.resolve(Map.of("churn.inactivityDays", "soon"),
                EngineSettings.DESCRIPTORS)).hasMessageContaining("customers.inactivityDays");
    }
}
