package io.klarsyn.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.server.JobDefinition;
import io.klarsyn.api.server.Recipient;
import io.klarsyn.api.server.Retention;

class JobFileReaderTest {

    @TempDir
    Path dir;

    private JobDefinition read(String file, String json) {
        return JobFileReader.read(dir.resolve(file), json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTodaysFormatPlusScheduleAndRecipients() throws Exception {
        Files.write(dir.resolve("logo.png"), new byte[] {1, 2, 3});
        JobDefinition job = read("nordlys-energi.json", """
                {
                  "name": "nordlys-energi",
                  "connector": "csv",
                  "locale": "sv-SE", "currency": "sek", "timeZone": "Europe/Stockholm",
                  "branding": { "clientName": "Nordlys Energi AS", "logo": "logo.png", "color": "#0B6E4F" },
                  "settings": { "csv.folder": "data", "churn": { "segments": ["plan", "region"] } },
                  "schedule": "H 6 3 * *",
                  "recipients": ["cfo@nordlys.example", " ops@nordlys.example "]
                }
                """);
        assertThat(job.name()).isEqualTo("nordlys-energi");
        assertThat(job.spec().connector()).isEqualTo("csv");
        assertThat(job.spec().locale()).isEqualTo(Locale.forLanguageTag("sv-SE"));
        assertThat(job.spec().currency()).isEqualTo("SEK");
        assertThat(job.spec().zone()).isEqualTo(ZoneId.of("Europe/Stockholm"));
        assertThat(job.spec().branding().clientName()).isEqualTo("Nordlys Energi AS");
        assertThat(job.spec().branding().logo()).containsExactly(1, 2, 3);
        assertThat(job.spec().branding().color()).isEqualTo("#0B6E4F");
        assertThat(job.spec().settings()).containsEntry("csv.folder", dir.resolve("data").toAbsolutePath().toString())
                .containsEntry("churn.segments", "plan,region");
        assertThat(job.schedule()).isEqualTo("H 6 3 * *");
        assertThat(job.cron()).isEqualTo(Schedules.toQuartz("H 6 3 * *", "nordlys-energi")).endsWith(" 6 3 * ?");
        assertThat(job.recipients()).containsExactly("cfo@nordlys.example", "ops@nordlys.example");
    }

    @Test
    void recipientsWithTheirLanguageTheOwnerAndTheFolder() {
        JobDefinition job = read("nordlys.json", """
                {
                  "locale": "nb-NO",
                  "recipients": ["leder@nordlys.example", { "address": "chef@nordlys.example", "locale": "sv" }],
                  "owner": "konsulent@klarsyn.example",
                  "delivery": { "folder": "../share/reports" }
                }
                """);
        assertThat(job.recipients()).containsExactly("leder@nordlys.example", "chef@nordlys.example");
        assertThat(job.delivery().recipients()).containsExactly(new Recipient("leder@nordlys.example", null),
                new Recipient("chef@nordlys.example", Locale.forLanguageTag("sv-SE")));
        assertThat(job.delivery().owner()).isEqualTo("konsulent@klarsyn.example");
        assertThat(job.delivery().channels())
                .containsExactly(Map.entry("folder", dir.resolve("../share/reports").toAbsolutePath().normalize().toString()));
        JobDefinition none = read("a.json", "{}");
        assertThat(none.delivery().recipients()).isEmpty();
        assertThat(none.delivery().owner()).isNull();
        assertThat(none.delivery().channels()).isEmpty();
    }

    @Test
    void badRecipientsOwnersAndChannelsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> read("a.json", "{\"recipients\": [{\"address\": \"a@b.no\", \"lang\": \"sv\"}]}"))
                .hasMessage("a.json: unknown field 'recipients.lang' in {\"address\":\"a@b.no\",\"lang\":\"sv\"} (fields: address, locale)");
        assertThatThrownBy(() -> read("a.json", "{\"recipients\": [{\"address\": \"a@b.no\", \"locale\": \"de\"}]}"))
                .hasMessage("a.json: locale 'de' is not supported; use nb-NO, sv-SE or en-GB");
        assertThatThrownBy(() -> read("a.json", "{\"recipients\": [{\"locale\": \"sv\"}]}"))
                .hasMessageContaining("has no e-mail address in \"address\"");
        assertThatThrownBy(() -> read("a.json", "{\"recipients\": [\"a@b.no\", \"A@b.no\"]}"))
                .hasMessage("a.json: recipients: A@b.no is listed twice");
        assertThatThrownBy(() -> read("a.json", "{\"owner\": \"konsulent\"}"))
                .hasMessage("a.json: owner 'konsulent' is not an e-mail address");
        assertThatThrownBy(() -> read("a.json", "{\"delivery\": {\"folder\": 3}}"))
                .hasMessage("a.json: delivery.folder must be a non-empty string, not 3");
        assertThatThrownBy(() -> read("a.json", "{\"delivery\": {\"mail\": \"x\"}}"))
                .hasMessageContaining("mail goes to \"recipients\"");
    }

    @Test
    void defaultsAndTheDefaultSchedule() {
        JobDefinition job = read("a.json", "{}");
        assertThat(job.spec().connector()).isEqualTo("csv");
        assertThat(job.spec().locale()).isEqualTo(Locale.forLanguageTag("nb-NO"));
        assertThat(job.spec().currency()).isEqualTo("NOK");
        assertThat(job.spec().zone()).isEqualTo(ZoneId.of("Europe/Oslo"));
        assertThat(job.schedule()).isEqualTo(Schedules.DEFAULT);
        assertThat(job.cron()).isEqualTo(Schedules.toQuartz(Schedules.DEFAULT, "a"));
        assertThat(job.recipients()).isEmpty();
        assertThat(job.retention()).isEqualTo(new Retention(50, 400));
    }

    @Test
    void retentionPerJobEachPartOptional() {
        assertThat(read("a.json", "{\"retention\": {\"runs\": 24, \"days\": 0}}").retention()).isEqualTo(new Retention(24, 0));
        assertThat(read("b.json", "{\"retention\": {\"days\": 800}}").retention()).isEqualTo(new Retention(50, 800));
        assertThatThrownBy(() -> read("c.json", "{\"retention\": {\"runs\": -1}}"))
                .hasMessage("c.json: retention.runs must be a whole number, 0 or more (0: no limit), not -1");
        assertThatThrownBy(() -> read("d.json", "{\"retention\": {\"weeks\": 3}}"))
                .hasMessage("d.json: unknown field 'retention.weeks' (fields: runs, days)");
        assertThatThrownBy(() -> read("e.json", "{\"retention\": 12}")).hasMessageContaining("retention must be an object");
    }

    @Test
    void theFileStemWinsOverANameField() {
        assertThat(read("copy-of-nordlys.json", "{\"name\": \"nordlys\"}").name()).isEqualTo("copy-of-nordlys");
    }

    @Test
    void malformedJsonSaysFileLineAndColumn() {
        // line 3 is `"locale" "nb-NO"`: the colon is missing after the key, found at column 12.
        assertThatThrownBy(() -> read("bad.json", "{\n  \"connector\": \"csv\",\n  \"locale\" \"nb-NO\"\n}"))
                .hasMessageStartingWith("bad.json, line 3, column 12: Unexpected character");
        assertThatThrownBy(() -> read("dup.json", "{\"locale\": \"nb-NO\",\n\"locale\": \"sv-SE\"}"))
                .hasMessageStartingWith("dup.json, line 2, column ").hasMessageContaining("Duplicate field 'locale'");
        assertThatThrownBy(() -> read("two.json", "{} {}")).hasMessageStartingWith("two.json, line 1, column ");
        assertThatThrownBy(() -> read("array.json", "[]")).hasMessage("array.json: a job file holds one JSON object { ... }");
    }

    @Test
    void badValuesSayWhichAndWhy() {
        assertThatThrownBy(() -> read("z.json", "{\"timeZone\": \"Europe/Olso\"}"))
                .hasMessage("z.json: timeZone 'Europe/Olso' is not a known time zone (e.g. Europe/Oslo, Europe/Stockholm, UTC)");
        assertThatThrownBy(() -> read("f.json", "{\"shedule\": \"@daily\"}"))
                .hasMessageStartingWith("f.json: unknown field 'shedule' (fields: ");
        assertThatThrownBy(() -> read("c.json", "{\"schedule\": \"H 25 * * *\"}"))
                .hasMessage("c.json: schedule 'H 25 * * *': field 'hour' (2nd): 25 is outside 0-23");
        assertThatThrownBy(() -> read("l.json", "{\"locale\": \"de-DE\"}")).hasMessageContaining("locale 'de-DE' is not supported");
        assertThatThrownBy(() -> read("m.json", "{\"currency\": \"KRONER\"}")).hasMessageContaining("not an ISO 4217");
        assertThatThrownBy(() -> read("r.json", "{\"recipients\": [\"not-an-address\"]}"))
                .hasMessage("r.json: recipients: \"not-an-address\" is not an e-mail address");
        assertThatThrownBy(() -> read("r2.json", "{\"recipients\": \"a@b.no\"}")).hasMessageContaining("must be an array");
        assertThatThrownBy(() -> read("b.json", "{\"branding\": {\"logo\": \"missing.png\"}}")).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> read("b2.json", "{\"branding\": {\"color\": \"green\"}}")).hasMessageContaining("is not #RRGGBB");
        assertThatThrownBy(() -> read("s.json", "{\"schedule\": {\"cron\": \"x\"}}")).hasMessage("s.json: schedule must be a string, not object");
        assertThatThrownBy(() -> read("bad name.json", "{}")).hasMessageContaining("may hold only letters");
    }
}
