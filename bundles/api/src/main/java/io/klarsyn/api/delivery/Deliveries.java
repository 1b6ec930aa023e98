package io.klarsyn.api.delivery;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The server's delivery service, for the API and the web pages: what was delivered for a run,
 * an explicit resend, and a test mail. The delivery of finished runs itself happens by itself.
 */
@ProviderType
public interface Deliveries {

    /** @return the deliveries that carry this run (reports and notices), oldest first; empty when none */
    List<DeliveryRecord> ofRun(long runId);

    /**
     * Sends the run's report once more to every current recipient and channel of its job: a new
     * round, PENDING now, delivered like the first.
     *
     * @return the new deliveries
     * @throws java.util.NoSuchElementException when there is no such run
     * @throws IllegalStateException when the run has no report to send (not finished, FAILURE,
     *         ABORTED, or its report.pdf is gone) or its job has no recipients and no channel
     */
    List<DeliveryRecord> resend(long runId);

    /**
     * Sends the job's mail for its newest run with a report to one address, now, and waits for the
     * outcome; nothing is recorded and the subject says it is a test.
     *
     * @param job the job's name
     * @param address an e-mail address
     * @return the message id of the mail sent
     * @throws java.util.NoSuchElementException when there is no such job
     * @throws IllegalArgumentException when the address is not one
     * @throws IllegalStateException when the job has no run with a report yet or no mail channel
     *         is configured
     * @throws DeliveryException when the mail server did not take it (the message says why)
     */
    String sendTest(String job, String address) throws DeliveryException;
}
