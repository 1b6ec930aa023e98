package io.klarsyn.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.run.JobSpec;

class JobFilesTest {

    @TempDir
    Path tmp;

    @Test
    void nestedSettingsAreFlattenedAndPathsResolvedAgainstTheJobFile() throws Exception {
        Path job = tmp.resolve("acme.json");
        Files.writeString(job, """
                { "name": "acme", "locale": "sv-SE", "currency": "SEK",
                  "branding": { "clientName": "Acme AB", "color": "#112233" },
                  "settings": { "csv": { "folder": "data" }, "churn": { "segments": ["plan", "region"] },
                                "clv.horizon.months": 24 } }
                """);
        JobSpec spec = JobFiles.read(job);
        assertThat(spec.locale()).isEqualTo(Locale.forLanguageTag("sv-SE"));
        assertThat(spec.branding().clientName()).isEqualTo("Acme AB");
        assertThat(spec.settings()).containsEntry("churn.segments", "plan,region")
                .containsEntry("clv.horizon.months", "24")
                .containsEntry("csv.folder", tmp.resolve("data").toString());
    }

    @Test
    void badJobFilesSayWhatAndWhere() throws Exception {
        Path job = tmp.resolve("bad.json");
        Files.writeString(job, "{ \"name\": \"x\",\n  \"locale\": }");
        assertThatThrownBy(() -> JobFiles.read(job)).hasMessageContaining("bad.json").hasMessageContaining("line 2");
        Files.writeString(job, "{ \"name\": \"x\", \"colour\": \"red\" }");
        assertThatThrownBy(() -> JobFiles.read(job)).hasMessageContaining("unknown field 'colour'");
        Files.writeString(job, "{ \"name\": \"x\", \"locale\": \"de-DE\" }");
        assertThatThrownBy(() -> JobFiles.read(job)).hasMessageContaining("nb-NO, sv-SE or en-GB");
    }

    @Test
    void scheduleAndRecipientsAreAcceptedAndTheirShapeChecked() throws Exception {
        Path job = tmp.resolve("acme.json");
        Files.writeString(job, """
                { "name": "acme", "schedule": "H 6 H(1-5) * *", "recipients": ["cfo@acme.example", "cx@acme.example"] }
                """);
        assertThat(JobFiles.read(job).name()).isEqualTo("acme");
        Files.writeString(job, "{ \"name\": \"acme\", \"schedule\": 5 }");
        assertThatThrownBy(() -> JobFiles.read(job)).hasMessageContaining("schedule must be a string");
        Files.writeString(job, "{ \"name\": \"acme\", \"recipients\": \"cfo@acme.example\" }");
        assertThatThrownBy(() -> JobFiles.read(job)).hasMessageContaining("recipients must be an array of strings");
    }

    @Test
    void argsRejectUnknownOptionsAndKeepRepeatedSets() {
        Args a = Args.parse(new String[] {"report", "--period", "2024-05", "--set", "a.b=1", "--set=c.d=x,y"}, 1);
        assertThat(a.sets()).containsExactly("a.b=1", "c.d=x,y");
        assertThat(a.value("period")).isEqualTo("2024-05");
        assertThatThrownBy(() -> a.allow("set")).hasMessage("unknown option --period (see --help)");
        assertThatThrownBy(() -> Args.month("2024-5", "--period")).hasMessageContaining("YYYY-MM");
    }
}
