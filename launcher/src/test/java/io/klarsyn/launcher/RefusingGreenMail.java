package io.klarsyn.launcher;

import java.util.Locale;
import java.util.Map;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * GreenMail's SMTP server, refusing every mailbox of one domain as a real mail server refuses an
 * unknown mailbox: {@code 550 5.1.1} to {@code RCPT TO}. GreenMail itself accepts every address;
 * its {@link SmtpManager#checkRecipient} is the hook its own RCPT command asks. And, for a mail to
 * {@link #CRASH_DOMAIN}, it runs {@link #onAccepted} once the mail is stored and before it answers
 * {@code 250}: the moment between the server's acceptance and the sender's record of it.
 */
final class RefusingGreenMail extends GreenMail {

    static final String REFUSED_DOMAIN = "ukjent.example";
    static final String CRASH_DOMAIN = "krasj.example";

    /** Run after a mail to {@link #CRASH_DOMAIN} is stored, before the 250 reply. */
    volatile Runnable onAccepted = () -> { };

    RefusingGreenMail(ServerSetup setup) {
        super(setup);
    }

    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
        return super.createServices(config, new Managers() {
            private final SmtpManager smtp = new SmtpManager(managers.getImapHostManager(), managers.getUserManager()) {
                @Override
                public String checkRecipient(SmtpState state, MailAddress rcpt) {
                    if (rcpt.getEmail().toLowerCase(Locale.ROOT).endsWith("@" + REFUSED_DOMAIN)) {
                        return "550 5.1.1 <" + rcpt.getEmail() + ">: Recipient address rejected: User unknown";
                    }
                    return super.checkRecipient(state, rcpt);
                }

                @Override
                public synchronized void send(SmtpState state) {
                    super.send(state);
                    if (state.getMessage().getToAddresses().stream()
                            .anyMatch(a -> a.getEmail().toLowerCase(Locale.ROOT).endsWith("@" + CRASH_DOMAIN))) {
                        onAccepted.run();
                    }
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
        });
    }
}
