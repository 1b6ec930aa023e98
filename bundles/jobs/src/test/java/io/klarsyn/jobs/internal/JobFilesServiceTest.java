package io.klarsyn.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobFilesServiceTest {

    @TempDir
    Path dir;

    private final JobFilesService files = new JobFilesService();

    @Test
    void readsAFileByTheJobsFolderRules() throws Exception {
        Path job = Files.writeString(dir.resolve("acme.json"), "{ \"name\": \"other\", \"locale\": \"sv\", \"schedule\": \"@monthly\" }");
        assertThat(files.read(job).name()).as("the stem names the job").isEqualTo("acme");
        assertThat(files.read(job).spec().locale()).isEqualTo(Locale.forLanguageTag("sv-SE"));
        assertThatThrownBy(() -> files.read(dir.resolve("missing.json")))
                .hasMessage("job file " + dir.resolve("missing.json") + " does not exist");
        Files.writeString(job, "{\n \"colour\": 1 }");
        assertThatThrownBy(() -> files.read(job)).hasMessageStartingWith("acme.json: unknown field 'colour' (fields: ");
    }

    @Test
    void localesAndCurrenciesAsJobFilesWriteThem() {
        assertThat(files.locale("no")).isEqualTo(Locale.forLanguageTag("nb-NO"));
        assertThat(files.currency("sek")).isEqualTo("SEK");
        assertThatThrownBy(() -> files.locale("da-DK")).hasMessage("locale 'da-DK' is not supported; use nb-NO, sv-SE or en-GB");
        assertThatThrownBy(() -> files.currency("kroner")).hasMessageContaining("not an ISO 4217");
    }
}
