package io.klarsyn.api.server;

import java.util.Locale;

/**
 * A reader of a job's report: an e-mail address and, when the job file gives one, the language
 * the mail is written in ({@code {"address": "chef@kunde.se", "locale": "sv-SE"}}).
 *
 * @param address the e-mail address
 * @param locale the reader's language, or {@code null} for the job's report language
 */
public record Recipient(String address, Locale locale) {
}
