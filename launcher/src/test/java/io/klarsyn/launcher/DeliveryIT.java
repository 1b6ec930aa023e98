package io.klarsyn.launcher;

import static io.klarsyn.launcher.Dist.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.klarsyn.launcher.Dist.Server;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/**
 * Delivery end to end: {@code klarsyn serve} through the real launcher sends to GreenMail, a real
 * SMTP server in this JVM, and to a folder. Each recipient gets one message with the PDF and a
 * subject in their language; a rerun and a restart send nothing new; an explicit resend sends one
 * more; a refused mailbox (550) fails at once and the owner is told; a FAILURE run goes to the
 * owner only; with the SMTP server down a delivery is retried and goes out once it is back; a kill
 * between the mail server's acceptance and the database's record sends once more, same Message-ID.
 */
class DeliveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEDER = "leder@nordlys.example";
    private static final String CHEF = "chef@nordlys.example";
    private static final String BORTE = "borte@" + RefusingGreenMail.REFUSED_DOMAIN;
    private static final String OWNER = "konsulent@klarsyn.example";
    private static final String PDF_NAME = "Nordlys Energi AS-2026-10.pdf";

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();
    private final List<GreenMail> mailServers = new ArrayList<>();
    /** The admin's API token, once the first server of the test's home answered. */
    private String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stopAll() {
        started.forEach(Process::destroyForcibly);
        mailServers.forEach(GreenMail::stop);
    }

    @Test
    void eachRecipientGetsTheReportOnceAndFailuresGoToTheOwner() throws Exception {
        Path dist = Dist.copy(tmp);
        Path home = tmp.resolve("home");
        Dist.Run gen = Dist.klarsyn(dist, tmp, "generate", "--customers", "400", "--months", "15", "--end", "2026-10",
                "--seed", "3", "--out", home.resolve("data").toString());
        assertThat(gen.exit()).as(gen.err()).isZero();
        GreenMail smtp = mailServer(0);
        int smtpPort = smtp.getSmtp().getPort();
        Files.createDirectories(home.resolve("etc"));
        Files.createDirectories(home.resolve("jobs"));
        Files.createDirectories(home.resolve("share"));
        Files.writeString(home.resolve("etc/io.klarsyn.delivery.mail.cfg"), """
                host = 127.0.0.1
                port = %d
                from = Klarsyn <klarsyn@konsulent.example>
                user =
                password =
                tls = none
                timeoutSeconds = 5
                """.formatted(smtpPort));
        Files.writeString(home.resolve("etc/io.klarsyn.delivery.cfg"), """
                retryInitialSeconds = 1
                retryMaxSeconds = 2
                maxAttempts = 1000
                sendingLeaseSeconds = 2
                """);
        Files.writeString(home.resolve("jobs/nordlys.json"), """
                {
                  "connector": "csv", "locale": "nb-NO", "currency": "NOK", "timeZone": "Europe/Oslo",
                  "branding": { "clientName": "Nordlys Energi AS" },
                  "settings": { "csv": { "folder": "../data" } },
                  "recipients": ["%s", { "address": "%s", "locale": "sv-SE" }, "%s"],
                  "owner": "%s",
                  "delivery": { "folder": "../share" }
                }
                """.formatted(LEDER, CHEF, BORTE, OWNER), StandardCharsets.UTF_8);

        Server s = serve(dist, home);
        String url = s.url();

        // The first run of October: one mail each, the folder copy, the refused mailbox FAILED at once.
        long run1 = runToEnd(url, "nordlys", "2026-10", "SUCCESS");
        JsonNode d1 = awaitDeliveries(url, run1, 5);
        assertThat(row(d1, "mail", LEDER, "REPORT").path("state").asText()).isEqualTo("SENT");
        assertThat(row(d1, "mail", LEDER, "REPORT").path("attempts").asInt()).isEqualTo(1);
        assertThat(row(d1, "mail", CHEF, "REPORT").path("state").asText()).isEqualTo("SENT");
        assertThat(row(d1, "folder", home.resolve("share").toString(), "REPORT").path("state").asText()).isEqualTo("SENT");
        JsonNode refused = row(d1, "mail", BORTE, "REPORT");
        assertThat(refused.path("state").asText()).isEqualTo("FAILED");
        assertThat(refused.path("attempts").asInt()).as("a 550 is not retried").isEqualTo(1);
        assertThat(refused.path("error").asText()).contains("550").contains(BORTE);
        assertThat(row(d1, "mail", OWNER, "DELIVERY_FAILED").path("state").asText()).isEqualTo("SENT");
        assertThat(get(url + "api/runs/" + run1).path("deliveries").size()).isEqualTo(5);

        byte[] pdf = bytes(url + "api/runs/" + run1 + "/artifacts/report.pdf");
        JsonNode kpis = get(url + "api/runs/" + run1).path("kpis");
        MimeMessage toLeder = only(smtp, LEDER);
        assertThat(toLeder.getSubject()).isEqualTo("Kunderapport oktober 2026 – Nordlys Energi AS");
        assertThat(toLeder.getMessageID()).isEqualTo(row(d1, "mail", LEDER, "REPORT").path("messageId").asText());
        assertThat(attachment(toLeder, PDF_NAME)).as("the run's report.pdf, attached").isEqualTo(pdf);
        String text = text(toLeder);
        assertThat(text).contains("Status: vellykket.").contains(url + "runs/" + run1);
        // "12 345" in Norwegian: the run's active customers with a space (U+00A0) between thousands
        String active = NumberFormat.getIntegerInstance(Locale.forLanguageTag("nb-NO"))
                .format(Math.round(kpis.path("customers.active").asDouble()));
        assertThat(text).contains("Aktive kunder: " + active + "\n")
                .as("no run of September yet: nothing to compare with")
                .contains("ingen tall for september 2026 å sammenligne med");
        MimeMessage toChef = only(smtp, CHEF);
        assertThat(toChef.getSubject()).isEqualTo("Kundrapport oktober 2026 – Nordlys Energi AS");
        assertThat(text(toChef)).contains("Aktiva kunder: ");
        assertThat(attachment(toChef, PDF_NAME)).isEqualTo(pdf);
        MimeMessage notice = only(smtp, OWNER);
        assertThat(notice.getSubject()).isEqualTo("Leveringen feilet: kunderapport oktober 2026 – Nordlys Energi AS");
        assertThat(text(notice)).contains(BORTE).contains("550");
        assertThat(Files.readAllBytes(home.resolve("share").resolve(PDF_NAME))).isEqualTo(pdf);
        try (Stream<Path> files = Files.list(home.resolve("share"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly(PDF_NAME);
        }

        // A rerun of October sends nothing; September (queued after it, one run at a time) sends its own.
        long run2 = runToEnd(url, "nordlys", "2026-10", "SUCCESS");
        long run3 = runToEnd(url, "nordlys", "2026-09", "SUCCESS");
        awaitDeliveries(url, run3, 5);
        assertThat(get(url + "api/runs/" + run2 + "/deliveries").size()).as("the rerun plans nothing").isZero();
        assertThat(subjects(smtp, LEDER)).containsExactly("Kunderapport oktober 2026 – Nordlys Energi AS",
                "Kunderapport september 2026 – Nordlys Energi AS");

        // A restart sends nothing new; an explicit resend of October sends exactly one more to each.
        s.process().destroy();
        assertThat(s.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        Server again = serve(dist, home);
        url = again.url();
        String afterRestart = url;
        HttpResponse<String> resend = post(url + "api/runs/" + run1 + "/deliveries", "");
        assertThat(resend.statusCode()).as(resend.body()).isEqualTo(202);
        assertThat(JSON.readTree(resend.body()).size()).isEqualTo(4);
        assertThat(JSON.readTree(resend.body()).get(0).path("round").asInt()).isEqualTo(1);
        awaitDeliveries(url, run1, 10);
        assertThat(subjects(smtp, LEDER)).containsExactly("Kunderapport oktober 2026 – Nordlys Energi AS",
                "Kunderapport september 2026 – Nordlys Energi AS", "Kunderapport oktober 2026 – Nordlys Energi AS");
        assertThat(subjects(smtp, CHEF)).hasSize(3);
        assertThat(post(url + "api/runs/" + run2 + "/deliveries", "").statusCode()).as("a rerun has its report too").isEqualTo(202);
        awaitDeliveries(url, run2, 5);
        HttpResponse<String> noReport = post(url + "api/runs/999999/deliveries", "");
        assertThat(noReport.statusCode()).isEqualTo(404);

        // Send test: the job's newest report (September) to one address, now.
        HttpResponse<String> test = post(url + "api/jobs/nordlys/test-mail", "{\"to\": \"test@konsulent.example\"}");
        assertThat(test.statusCode()).as(test.body()).isEqualTo(200);
        assertThat(only(smtp, "test@konsulent.example").getSubject())
                .isEqualTo("[Test] Kunderapport september 2026 – Nordlys Energi AS");
        assertThat(post(url + "api/jobs/nordlys/test-mail", "{\"to\": \"ikke-en-adresse\"}").statusCode()).isEqualTo(400);

        // Over the size limit a link replaces the attachment: the limit set live to 1 KB (any report is larger).
        Files.writeString(home.resolve("etc/io.klarsyn.delivery.mail.cfg"), Files.readString(home.resolve(
                "etc/io.klarsyn.delivery.mail.cfg")) + "maxAttachmentKB = 1\n");
        String probe = "probe@konsulent.example";
        await("the new limit to apply", 30_000, () -> {
            post(afterRestart + "api/jobs/nordlys/test-mail", "{\"to\": \"" + probe + "\"}");
            List<MimeMessage> probes = to(smtp, probe);
            return probes.get(probes.size() - 1).getContent();
        }, content -> content instanceof String);
        HttpResponse<String> big = post(url + "api/runs/" + run1 + "/deliveries", "");
        assertThat(big.statusCode()).isEqualTo(202);
        awaitDeliveries(url, run1, 15);
        List<MimeMessage> toLederNow = to(smtp, LEDER);
        MimeMessage linked = toLederNow.get(toLederNow.size() - 1);
        assertThat(linked.getSubject()).isEqualTo("Kunderapport oktober 2026 – Nordlys Energi AS");
        assertThat(linked.getContent()).as("no attachment").isInstanceOf(String.class);
        assertThat(text(linked)).contains("Rapporten er for stor til å sendes som vedlegg. Last den ned her: "
                + url + "runs/" + run1 + "/artifacts/report.pdf");
        save(toLeder, "report-nb.eml");
        save(toChef, "report-sv.eml");
        save(linked, "report-nb-link.eml");
        save(notice, "owner-delivery-failed.eml");

        // A FAILURE run: its recipients get nothing, its owner is told why.
        Files.writeString(home.resolve("jobs/tom.json"), """
                {
                  "branding": { "clientName": "Tom Kraft AS" },
                  "settings": { "csv": { "folder": "../finnes-ikke" } },
                  "recipients": ["leder@tom.example"],
                  "owner": "%s"
                }
                """.formatted(OWNER), StandardCharsets.UTF_8);
        String u = url;
        await("job tom", 10_000, () -> http.send(HttpRequest.newBuilder(URI.create(u + "api/jobs/tom")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), c -> c == 200);
        long failed = runToEnd(url, "tom", "2026-10", "FAILURE");
        JsonNode df = awaitDeliveries(url, failed, 1);
        assertThat(row(df, "mail", OWNER, "RUN_FAILED").path("state").asText()).isEqualTo("SENT");
        assertThat(subjects(smtp, "leder@tom.example")).isEmpty();
        assertThat(subjects(smtp, OWNER)).contains("Kjøringen feilet: kunderapport oktober 2026 – Tom Kraft AS");

        // The SMTP server down: retried with backoff, delivered once it is back.
        smtp.stop();
        long run4 = runToEnd(url, "nordlys", "2026-08", "SUCCESS");
        await("two refused attempts to " + LEDER, 60_000, () -> row(get(u + "api/runs/" + run4 + "/deliveries"), "mail", LEDER, "REPORT"),
                r -> r != null && r.path("attempts").asInt() >= 2);
        JsonNode waiting = row(get(url + "api/runs/" + run4 + "/deliveries"), "mail", LEDER, "REPORT");
        assertThat(waiting.path("state").asText()).isIn("PENDING", "SENDING");
        assertThat(waiting.path("error").asText()).contains("cannot reach the mail server 127.0.0.1:" + smtpPort);
        RefusingGreenMail back = mailServer(smtpPort);
        await("the delivery to " + LEDER + " once the server is back", 60_000,
                () -> row(get(u + "api/runs/" + run4 + "/deliveries"), "mail", LEDER, "REPORT"),
                r -> r.path("state").asText().equals("SENT"));
        assertThat(subjects(back, LEDER)).containsExactly("Kunderapport august 2026 – Nordlys Energi AS");

        // kill -9 after the mail server stored a mail and before it answered 250: the delivery is left
        // SENDING; after the restart and the lease (2 s here) it is sent once more with the same Message-ID.
        String crash = "leder@" + RefusingGreenMail.CRASH_DOMAIN;
        Files.writeString(home.resolve("jobs/krasj.json"), """
                {
                  "branding": { "clientName": "Krasj AS" },
                  "settings": { "csv": { "folder": "../data" } },
                  "recipients": ["%s"]
                }
                """.formatted(crash), StandardCharsets.UTF_8);
        await("job krasj", 10_000, () -> http.send(HttpRequest.newBuilder(URI.create(u + "api/jobs/krasj")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), c -> c == 200);
        Process victim = again.process();
        back.onAccepted = () -> {
            victim.destroyForcibly();
            try {
                victim.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        HttpResponse<String> krasj = post(url + "api/jobs/krasj/runs", "{\"period\":\"2026-10\"}");
        long krasjRun = JSON.readTree(krasj.body()).path("id").asLong();
        assertThat(victim.waitFor(180, TimeUnit.SECONDS)).as("killed once the mail was accepted").isTrue();
        back.onAccepted = () -> { };
        assertThat(to(back, crash)).hasSize(1);
        Server third = serve(dist, home);
        JsonNode resent = await("the delivery SENT after the restart", 60_000,
                () -> row(get(third.url() + "api/runs/" + krasjRun + "/deliveries"), "mail", crash, "REPORT"),
                r -> r.path("state").asText().equals("SENT"));
        assertThat(resent.path("attempts").asInt()).isEqualTo(2);
        List<MimeMessage> twice = to(back, crash);
        assertThat(twice).as("at most one duplicate").hasSize(2);
        assertThat(twice.get(1).getMessageID()).isEqualTo(twice.get(0).getMessageID())
                .isEqualTo(resent.path("messageId").asText());
    }

    /** Keeps a received mail under target/delivery-it/ for people to look at. */
    private static void save(MimeMessage m, String name) throws Exception {
        Path dir = Path.of(System.getProperty("klarsyn.dist")).getParent().resolve("delivery-it");
        Files.createDirectories(dir);
        try (var out = Files.newOutputStream(dir.resolve(name))) {
            m.writeTo(out);
        }
    }

    private RefusingGreenMail mailServer(int port) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        RefusingGreenMail mail = new RefusingGreenMail(port == 0 ? setup.dynamicPort() : setup);
        mail.start();
        mailServers.add(mail);
        return mail;
    }

    private static List<MimeMessage> to(GreenMail smtp, String address) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address))) {
                out.add(m);
            }
        }
        return out;
    }

    private static MimeMessage only(GreenMail smtp, String address) throws Exception {
        List<MimeMessage> messages = to(smtp, address);
        assertThat(messages).as("messages to " + address).hasSize(1);
        return messages.get(0);
    }

    private static List<String> subjects(GreenMail smtp, String address) throws Exception {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : to(smtp, address)) {
            out.add(m.getSubject());
        }
        return out;
    }

    private static String text(MimeMessage m) throws Exception {
        Object content = m.getContent();
        if (content instanceof String s) {
            return s.replace("\r\n", "\n");
        }
        Multipart parts = (Multipart) content;
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).isMimeType("text/plain")) {
                return ((String) parts.getBodyPart(i).getContent()).replace("\r\n", "\n");
            }
        }
        throw new AssertionError("no text part");
    }

    private static byte[] attachment(MimeMessage m, String name) throws Exception {
        Multipart parts = (Multipart) m.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            Part p = parts.getBodyPart(i);
            if (Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition()) || name.equals(p.getFileName())) {
                assertThat(p.getFileName()).isEqualTo(name);
                assertThat(p.isMimeType("application/pdf")).isTrue();
                return p.getInputStream().readAllBytes();
            }
        }
        throw new AssertionError("no attachment " + name);
    }

    private static JsonNode row(JsonNode deliveries, String channel, String target, String kind) {
        for (JsonNode d : deliveries) {
            if (d.path("channel").asText().equals(channel) && d.path("target").asText().equals(target)
                    && d.path("kind").asText().equals(kind)) {
                return d;
            }
        }
        return null;
    }

    /** Waits until the run has {@code count} deliveries, each SENT or FAILED. */
    private JsonNode awaitDeliveries(String url, long run, int count) throws Exception {
        return await(count + " finished deliveries of run " + run, 60_000, () -> get(url + "api/runs/" + run + "/deliveries"),
                d -> d.size() == count && allFinished(d));
    }

    private static boolean allFinished(JsonNode deliveries) {
        for (JsonNode d : deliveries) {
            if (!List.of("SENT", "FAILED").contains(d.path("state").asText())) {
                return false;
            }
        }
        return true;
    }

    private long runToEnd(String url, String job, String period, String status) throws Exception {
        HttpResponse<String> created = post(url + "api/jobs/" + job + "/runs", "{\"period\":\"" + period + "\"}");
        assertThat(created.statusCode()).as(created.body()).isIn(201, 202);
        long id = JSON.readTree(created.body()).path("id").asLong();
        JsonNode done = await("run " + id + " to finish", 180_000, () -> get(url + "api/runs/" + id),
                r -> !List.of("QUEUED", "RUNNING").contains(r.path("status").asText()));
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo(status);
        return id;
    }

    private Server serve(Path dist, Path home) throws Exception {
        Server server = Dist.serve(dist, tmp, Map.of(), "--home", home.toString(), "--concurrency", "1");
        started.add(server.process());
        if (token == null) {
            token = Auth.adminToken(home, server.url());
        }
        return server;
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + url + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private byte[] bytes(String url) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

}
