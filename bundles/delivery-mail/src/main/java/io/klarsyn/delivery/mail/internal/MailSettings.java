package io.klarsyn.delivery.mail.internal;

import java.util.Locale;

/**
 * The SMTP settings of {@code etc/io.klarsyn.delivery.mail.cfg}, checked. {@link #toString()}
 * masks the password, so that no log line ever shows it.
 *
 * @param host the SMTP server
 * @param port its port; 0 for the usual one of {@code tls} (25, 587, 465)
 * @param from the sender, {@code klarsyn@firma.no} or {@code Klarsyn <klarsyn@firma.no>}
 * @param user the login, empty for none
 * @param password the login's password
 * @param tls {@code none}, {@code starttls} (required, not opportunistic) or {@code smtps}
 * @param maxAttachmentBytes over this size after Base64 encoding, a link replaces the attachment
 * @param timeoutMillis connect, read and write time-out
 */
record MailSettings(String host, int port, String from, String user, String password, String tls,
        long maxAttachmentBytes, int timeoutMillis) {

    static final String NONE = "none";
    static final String STARTTLS = "starttls";
    static final String SMTPS = "smtps";

    MailSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is required: the SMTP server, e.g. smtp.firma.no");
        }
        if (from == null || !from.contains("@")) {
            throw new IllegalArgumentException("from must be the sender's address, e.g. klarsyn@firma.no, not '" + from + "'");
        }
        tls = tls == null || tls.isBlank() ? STARTTLS : tls.strip().toLowerCase(Locale.ROOT);
        if (!tls.equals(NONE) && !tls.equals(STARTTLS) && !tls.equals(SMTPS)) {
            throw new IllegalArgumentException("tls must be none, starttls or smtps, not '" + tls + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (the usual one) to 65535, not " + port);
        }
        host = host.strip();
        from = from.strip();
        user = user == null ? "" : user.strip();
        password = password == null ? "" : password;
    }

    int effectivePort() {
        if (port > 0) {
            return port;
        }
        return tls.equals(SMTPS) ? 465 : tls.equals(STARTTLS) ? 587 : 25;
    }

    String protocol() {
        return tls.equals(SMTPS) ? "smtps" : "smtp";
    }

    @Override
    public String toString() {
        return "smtp " + host + ":" + effectivePort() + " tls=" + tls + " from=" + from
                + (user.isEmpty() ? "" : " user=" + user + " password=" + (password.isEmpty() ? "(none)" : "********"));
    }
}
