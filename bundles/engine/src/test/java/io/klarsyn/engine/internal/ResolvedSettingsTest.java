package io.klarsyn.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.klarsyn.api.settings.SettingDescriptor;

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

    /**
     * Defaults come from the plugins that take part (applying), names are checked against every installed one
     * (known); the report shows the applying ones, a path as its last name.
     */
    @Test
    void defaultsComeFromTheApplyingPluginsAndTheReportShowsOnlyTheirsWithPathsShortened() {
        SettingDescriptor folder = new SettingDescriptor("csv.folder", "path", null, "folder");
        SettingDescriptor fetch = new SettingDescriptor("jdbc.fetchSize", "int", "10000", "rows");
        SettingDescriptor secret = new SettingDescriptor("jdbc.passwordFile", "path", null, "file");
        ResolvedSettings s = ResolvedSettings.resolve(Map.of("csv.folder", "/home/konsulent/klienter/acme/data",
                "jdbc.passwordFile", "/etc/klarsyn/acme.pass"), List.of(folder, fetch, secret), List.of(folder));
        assertThat(s.asMap()).doesNotContainKey("jdbc.fetchSize")
                .containsEntry("csv.folder", "/home/konsulent/klienter/acme/data");
        assertThat(s.forReport(List.of(folder))).containsExactly(Map.entry("csv.folder", "…/data"));
        assertThatThrownBy(() -> ResolvedSettings.resolve(Map.of("jdbc.fetchSiz", "5"), List.of(folder, fetch),
                List.of(folder))).hasMessageContaining("did you mean 'jdbc.fetchSize'");
    }

    /** A URL's password is masked where the settings are shown; the plugins read the value as given. */
    @Test
    void aUrlsPasswordIsMaskedWhereShownAndKeptForThePlugin() {
        SettingDescriptor url = new SettingDescriptor("jdbc.url", "url", null, "database");
        SettingDescriptor user = new SettingDescriptor("jdbc.user", "string", null, "user");
        ResolvedSettings s = ResolvedSettings.resolve(Map.of("jdbc.url", "jdbc:h2:/srv/acme/sales;PASSWORD=geheim",
                "jdbc.user", "acme"), List.of(url, user));
        assertThat(s.string("jdbc.url", null)).isEqualTo("jdbc:h2:/srv/acme/sales;PASSWORD=geheim");
        assertThat(s.shown()).containsExactly(Map.entry("jdbc.url", "jdbc:h2:/srv/acme/sales;PASSWORD=***"),
                Map.entry("jdbc.user", "acme"));
        assertThat(s.forReport(List.of(url, user))).isEqualTo(s.shown());
    }

    /** An int setting's bad value is refused before the run, naming the setting, the value and why. */
    @Test
    void aWholeNumberSettingRefusesText() {
        SettingDescriptor fetch = new SettingDescriptor("jdbc.fetchSize", "int", "10000", "rows");
        assertThatThrownBy(() -> ResolvedSettings.resolve(Map.of("jdbc.fetchSize", "lots"), List.of(fetch)))
                .hasMessage("setting 'jdbc.fetchSize': 'lots' is not a whole number");
    }

    @Test
    void aPathShowsAsItsLastName() {
        assertThat(ResolvedSettings.lastName("/srv/klarsyn/acme/data")).isEqualTo("…/data");
        assertThat(ResolvedSettings.lastName("/srv/klarsyn/acme/data/")).isEqualTo("…/data");
        assertThat(ResolvedSettings.lastName("C:\\exports\\acme")).isEqualTo("…/acme");
        assertThat(ResolvedSettings.lastName("clients/acme/data")).isEqualTo("…/data");
        assertThat(ResolvedSettings.lastName("data")).isEqualTo("data");
        assertThat(ResolvedSettings.lastName("/")).isEqualTo("…");
        assertThat(ResolvedSettings.lastName("")).isEqualTo("");
    }
}
