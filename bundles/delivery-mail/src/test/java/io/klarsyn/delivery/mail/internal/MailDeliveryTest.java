package io.klarsyn.delivery.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.klarsyn.api.delivery.DeliveryException;
import io.klarsyn.api.delivery.Parcel;
import io.klarsyn.api.delivery.ParcelKind;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/** The mail channel against GreenMail, a real SMTP server in this JVM. */
class MailDeliveryTest {

    @TempDir
    Path tmp;

    private GreenMail smtp;
    private Path report;

    @BeforeEach
    void start() throws Exception {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort()) {
            @Override
            protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
                return super.createServices(config, refusing(managers));
            }
        };
        smtp.start();
        report = tmp.resolve("report.pdf");
        // 3 000 bytes: 4 000 Base64 characters in 53 lines of 76 (the last one shorter), each ending CRLF
        byte[] pdf = new byte[3000];
        System.arraycopy("%PDF-1.4".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, pdf, 0, 8);
        Files.write(report, pdf);
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    private MailDelivery mail(long maxAttachmentBytes) {
        return mail(smtp.getSmtp().getPort(), maxAttachmentBytes);
    }

    private static MailDelivery mail(int port, long maxAttachmentBytes) {
        return new MailDelivery(new MailSettings("127.0.0.1", port, "Klarsyn <klarsyn@konsulent.example>", "", "", "none",
                maxAttachmentBytes, 5000), MailDeliveryTest.class::getClassLoader);
    }

    private Parcel parcel(String to) {
        return new Parcel(ParcelKind.REPORT, "nordlys", "Nordlys Energi AS", YearMonth.of(2026, 11), 7, to,
                Locale.forLanguageTag("nb-NO"), "Kunderapport november 2026 – Nordlys Energi AS",
                "Hei,\n\nKunderapporten for november 2026 for Nordlys Energi AS er klar.\n",
                "Hei,\n\nKunderapporten for november 2026 for Nordlys Energi AS er klar.\n\n"
                        + "Rapporten er for stor til å sendes som vedlegg. Last den ned her: http://x/api/runs/7/artifacts/report.pdf\n",
                report, "Nordlys Energi AS-2026-11.pdf", "http://x/api/runs/7", "<delivery-1.nordlys.2026-11@klarsyn>");
    }

    @Test
    void encodedSizeIsBase64WithCrlfEvery76Characters() {
        // 3 000 bytes → 4 000 characters → 53 lines → 4 000 + 53 × 2 = 4 106
        assertThat(MailDelivery.encodedSize(3000)).isEqualTo(4106);
        // 57 bytes → 76 characters: one full line
        assertThat(MailDelivery.encodedSize(57)).isEqualTo(78);
        assertThat(MailDelivery.encodedSize(0)).isZero();
    }

    @Test
    void theReportIsAttachedAndTheSubjectKeepsItsLetters() throws Exception {
        mail(4106).deliver(parcel("leder@nordlys.example"));
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage m = received[0];
        assertThat(m.getSubject()).isEqualTo("Kunderapport november 2026 – Nordlys Energi AS");
        assertThat(m.getMessageID()).isEqualTo("<delivery-1.nordlys.2026-11@klarsyn>");
        assertThat(m.getFrom()[0].toString()).isEqualTo("Klarsyn <klarsyn@konsulent.example>");
        assertThat(m.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
        Multipart parts = (Multipart) m.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(((String) parts.getBodyPart(0).getContent())).contains("Kunderapporten for november 2026")
                .doesNotContain("for stor");
        Part pdf = parts.getBodyPart(1);
        assertThat(pdf.getFileName()).isEqualTo("Nordlys Energi AS-2026-11.pdf");
        assertThat(pdf.isMimeType("application/pdf")).isTrue();
        assertThat(pdf.getInputStream().readAllBytes()).isEqualTo(Files.readAllBytes(report));
    }

    @Test
    void overTheLimitALinkReplacesTheAttachment() throws Exception {
        mail(4105).deliver(parcel("leder@nordlys.example"));
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertThat(m.getContent()).isInstanceOf(String.class);
        assertThat(((String) m.getContent()).replace("\r\n", "\n")).contains("Kunderapporten for november 2026")
                .contains("\n\nRapporten er for stor til å sendes som vedlegg. Last den ned her: "
                        + "http://x/api/runs/7/artifacts/report.pdf");
    }

    @Test
    void aRefusedMailboxIsPermanent() {
        assertThatThrownBy(() -> mail(1 << 20).deliver(parcel("borte@ukjent.example")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage()).contains("refused borte@ukjent.example").contains("550 5.1.1");
                });
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aBusyMailboxIsTransient() {
        assertThatThrownBy(() -> mail(1 << 20).deliver(parcel("full@opptatt.example")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.getMessage()).contains("452 4.2.2");
                });
    }

    @Test
    void aRefusedConnectionIsTransient() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> mail(closed, 1 << 20).deliver(parcel("leder@nordlys.example")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.getMessage()).startsWith("cannot reach the mail server 127.0.0.1:" + closed);
                });
    }

    @Test
    void aMalformedAddressIsPermanent() {
        assertThatThrownBy(() -> mail(1 << 20).deliver(parcel("leder@@nordlys")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isTrue());
    }

    @Test
    void settingsAreCheckedAndNeverShowThePassword() {
        MailSettings s = new MailSettings("smtp.firma.no", 0, "klarsyn@firma.no", "klarsyn", "hemmelig-passord", "starttls",
                10 << 20, 30_000);
        assertThat(s.effectivePort()).isEqualTo(587);
        assertThat(s.toString()).doesNotContain("hemmelig").contains("password=********");
        assertThat(new MailSettings("h", 0, "a@b.no", "", "", "smtps", 1, 1).effectivePort()).isEqualTo(465);
        assertThat(new MailSettings("h", 0, "a@b.no", "", "", "none", 1, 1).effectivePort()).isEqualTo(25);
        assertThatThrownBy(() -> new MailSettings("h", 0, "a@b.no", "", "", "ssl", 1, 1))
                .hasMessage("tls must be none, starttls or smtps, not 'ssl'");
        assertThatThrownBy(() -> new MailSettings("", 0, "a@b.no", "", "", "none", 1, 1)).hasMessageStartingWith("host is required");
        assertThatThrownBy(() -> new MailSettings("h", 0, "nobody", "", "", "none", 1, 1)).hasMessageStartingWith("from must be");
    }

    /** GreenMail accepts every mailbox; like a real server, refuse one domain (550) and find another busy (452). */
    private static Managers refusing(Managers managers) {
        return new Managers() {
            private final SmtpManager smtp = new SmtpManager(managers.getImapHostManager(), managers.getUserManager()) {
                @Override
                public String checkRecipient(SmtpState state, MailAddress rcpt) {
                    if (rcpt.getEmail().endsWith("@ukjent.example")) {
                        return "550 5.1.1 <" + rcpt.getEmail() + ">: Recipient address rejected: User unknown";
                    }
                    if (rcpt.getEmail().endsWith("@opptatt.example")) {
                        return "452 4.2.2 <" + rcpt.getEmail() + ">: Mailbox full, try again later";
                    }
                    return super.checkRecipient(state, rcpt);
                }
            };

            @Override
            public SmtpManager getSmtpManager() {
                return smtp;
            }

            @Override
            public UserManager getUserManager() {
                return managers.getUserManager();
            }

            @Override
            public ImapHostManager getImapHostManager() {
                return managers.getImapHostManager();
            }
        };
    }
}
