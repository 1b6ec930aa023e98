package io.klarsyn.api.delivery;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Locale;

/**
 * One thing to deliver to one target, with its text already written in the target's language.
 * Channels that carry text (e-mail) use the subject and body; channels that carry files (a folder)
 * use the report, the client and the period.
 *
 * @param kind what it is
 * @param job the job's name
 * @param client the client's name as the report shows it (the job's {@code branding.clientName},
 *        else the job's name)
 * @param period the month reported
 * @param runId the run the report comes from
 * @param target where it goes, as the job names it: an e-mail address for {@code mail}, a folder
 *        (absolute) for {@code folder}, the channel's own notation otherwise
 * @param locale the language of the text
 * @param subject a subject line, e.g. "Kunderapport november 2026 – Nordlys Energi AS"
 * @param body plain text for a reader, telling the run's status and headline numbers, for when the
 *        report goes with it (attached)
 * @param bodyWithLink the same text with one more paragraph saying that the report is too large to
 *        attach and where to download it: for a channel that cannot carry the report (a mail over
 *        the size limit)
 * @param report the PDF, or {@code null} when the parcel has none (notices)
 * @param reportName the file name to give the PDF: {@code <client>-<period>.pdf}
 * @param link where the run can be seen (and the report fetched) on the server
 * @param messageId a stable id of this delivery, {@code <...@...>}: the same on every attempt and
 *        after a restart, so that a duplicate (a crash between the other side's acceptance and our
 *        record of it) can be recognised
 */
public record Parcel(ParcelKind kind, String job, String client, YearMonth period, long runId, String target,
        Locale locale, String subject, String body, String bodyWithLink, Path report, String reportName, String link,
        String messageId) {
}
