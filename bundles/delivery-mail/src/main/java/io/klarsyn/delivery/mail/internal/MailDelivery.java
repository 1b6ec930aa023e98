package io.klarsyn.delivery.mail.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.Date;
import java.util.Properties;
import java.util.function.Supplier;

import io.klarsyn.api.delivery.Delivery;
import io.klarsyn.api.delivery.DeliveryException;
import io.klarsyn.api.delivery.Parcel;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * E-mail over SMTP with Angus Mail: one message per parcel, subject and text in UTF-8, the PDF
 * attached unless it is over the size limit after encoding (then the parcel's body with the
 * download link is sent instead), the parcel's message id as {@code Message-ID}.
 *
 * <p>Failures: a 5xx reply, an address the server refuses or one that cannot be parsed, and a
 * refused login are permanent; a refused or timed-out connection, an unknown host and 4xx replies
 * are transient.
 */
final class MailDelivery implements Delivery {

    private final MailSettings settings;
    private final Supplier<ClassLoader> mailLoader;

    /**
     * @param mailLoader the class loader to make the thread's context loader while a message is
     *        built and sent: inside OSGi the Angus Mail bundle's (Jakarta Activation finds its
     *        mailcap and Jakarta Mail its providers through it), outside it the current one
     */
    MailDelivery(MailSettings settings, Supplier<ClassLoader> mailLoader) {
        this.settings = settings;
        this.mailLoader = mailLoader;
    }

    /** @return the size of {@code bytes} bytes in Base64 with 76-character lines ending CRLF */
    static long encodedSize(long bytes) {
        long chars = (bytes + 2) / 3 * 4;
        return chars + (chars + 75) / 76 * 2;
    }

    @Override
    public void deliver(Parcel parcel) throws DeliveryException {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(mailLoader.get());
        try {
            send(parcel);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private void send(Parcel parcel) throws DeliveryException {
        InternetAddress to;
        try {
            to = new InternetAddress(parcel.target(), true);
        } catch (AddressException e) {
            throw DeliveryException.permanent("'" + parcel.target() + "' is not a valid e-mail address: " + e.getMessage(), e);
        }
        Session session = Session.getInstance(properties());
        try {
            MimeMessage message = new StableIdMessage(session, parcel.messageId());
            message.setFrom(new InternetAddress(settings.from()));
            message.setRecipient(Message.RecipientType.TO, to);
            message.setSubject(parcel.subject(), "UTF-8");
            message.setSentDate(new Date());
            message.setHeader("Auto-Submitted", "auto-generated");
            boolean attach = parcel.report() != null
                    && encodedSize(Files.size(parcel.report())) <= settings.maxAttachmentBytes();
            String text = parcel.report() != null && !attach ? parcel.bodyWithLink() : parcel.body();
            if (attach) {
                MimeBodyPart body = new MimeBodyPart();
                body.setText(text, "UTF-8");
                MimeBodyPart pdf = new MimeBodyPart();
                pdf.attachFile(parcel.report().toFile(), "application/pdf", "base64");
                pdf.setFileName(parcel.reportName());
                MimeMultipart mixed = new MimeMultipart("mixed");
                mixed.addBodyPart(body);
                mixed.addBodyPart(pdf);
                message.setContent(mixed);
            } else {
                message.setText(text, "UTF-8");
            }
            message.saveChanges();
            try (Transport transport = session.getTransport(settings.protocol())) {
                transport.connect(settings.host(), settings.effectivePort(),
                        settings.user().isEmpty() ? null : settings.user(),
                        settings.user().isEmpty() ? null : settings.password());
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (MessagingException e) {
            throw classify(parcel.target(), e);
        } catch (IOException e) {
            throw DeliveryException.transientFailure("cannot read the report " + parcel.report() + ": " + e, e);
        }
    }

    private Properties properties() {
        String p = "mail." + settings.protocol() + ".";
        Properties props = new Properties();
        props.setProperty(p + "host", settings.host());
        props.setProperty(p + "port", Integer.toString(settings.effectivePort()));
        props.setProperty(p + "auth", Boolean.toString(!settings.user().isEmpty()));
        props.setProperty(p + "connectiontimeout", Integer.toString(settings.timeoutMillis()));
        props.setProperty(p + "timeout", Integer.toString(settings.timeoutMillis()));
        props.setProperty(p + "writetimeout", Integer.toString(settings.timeoutMillis()));
        if (settings.tls().equals(MailSettings.STARTTLS)) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        if (!settings.tls().equals(MailSettings.NONE)) {
            props.setProperty(p + "ssl.checkserveridentity", "true");
        }
        return props;
    }

    /** What went wrong, for people, and whether trying again may help. */
    DeliveryException classify(String target, MessagingException e) {
        String server = settings.host() + ":" + settings.effectivePort();
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SMTPAddressFailedException a) {
                return byCode(a.getReturnCode(), "the mail server " + server + " refused " + a.getAddress() + ": "
                        + reply(a.getMessage()), e);
            }
            if (t instanceof SMTPSenderFailedException s) {
                return byCode(s.getReturnCode(), "the mail server " + server + " refused the sender " + settings.from()
                        + ": " + reply(s.getMessage()), e);
            }
            if (t instanceof SMTPSendFailedException s) {
                return byCode(s.getReturnCode(), "the mail server " + server + " refused the message to " + target + ": "
                        + reply(s.getMessage()), e);
            }
            if (t instanceof AuthenticationFailedException) {
                return DeliveryException.permanent("the mail server " + server + " refused the login of user '"
                        + settings.user() + "': " + reply(t.getMessage()), e);
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof SocketTimeoutException) {
                return DeliveryException.transientFailure("cannot reach the mail server " + server + ": " + t, e);
            }
        }
        if (e instanceof SendFailedException f && f.getInvalidAddresses() != null && f.getInvalidAddresses().length > 0) {
            return DeliveryException.permanent("the mail server " + server + " refused " + target + ": " + reply(e.getMessage()), e);
        }
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SocketException) {
                return DeliveryException.transientFailure("connection to the mail server " + server + " failed: " + t, e);
            }
        }
        return DeliveryException.transientFailure("sending to " + target + " through " + server + " failed: "
                + reply(e.getMessage()), e);
    }

    private static DeliveryException byCode(int code, String message, Exception cause) {
        return code >= 500 ? DeliveryException.permanent(message, cause)
                : DeliveryException.transientFailure(message, cause);
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static String reply(String message) {
        return message == null ? "(no reply)" : message.strip().replaceAll("\\s+", " ");
    }

    /** Keeps the parcel's Message-ID instead of a new one per save. */
    private static final class StableIdMessage extends MimeMessage {
        private final String messageId;

        StableIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
