package io.klarsyn.api.report;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns a finished {@link ReportModel} into a document. A renderer draws; it never computes or
 * fetches data. It must cope with any {@link io.klarsyn.api.result.MetricResult} type, with
 * sections that failed or were skipped (say so in a sentence), and with missing data.
 *
 * <p>Register as a DS component with {@link io.klarsyn.api.plugin.Plugin @Plugin}; the engine picks
 * the renderer by {@link #format()}. Thread-safe: reports for
 * several jobs may render at once.
 */
@ConsumerType
public interface ReportRenderer {

    /** @return the media type, e.g. {@code application/pdf} */
    String format();

    /** @return the output file name, e.g. {@code report.pdf} */
    String fileName();

    /**
     * @param model everything to show, including the locale and the messages
     * @return the document's bytes
     * @throws Exception on failure: the run then FAILs (there is no report)
     */
    byte[] render(ReportModel model) throws Exception;
}
