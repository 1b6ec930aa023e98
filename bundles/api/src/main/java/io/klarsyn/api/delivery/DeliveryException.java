package io.klarsyn.api.delivery;

/**
 * A parcel was not delivered. {@link #permanent()} decides what happens next: a permanent failure
 * (an SMTP 5xx answer, an address the server refuses, a folder we may not write) is recorded FAILED
 * at once with this exception's message as the reason; a transient one (connection refused, a
 * time-out, an SMTP 4xx answer) is tried again later, with exponential backoff, until the retry
 * budget is spent.
 *
 * <p>The message is shown to people (the API, the owner's notice): one sentence, naming the target
 * and the other side's answer where there is one, never a password.
 */
public class DeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    /**
     * @param message the reason, for people
     * @param permanent true when trying again cannot help
     * @param cause the underlying exception, or {@code null}
     */
    public DeliveryException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    /** @return a failure that trying again cannot fix */
    public static DeliveryException permanent(String message, Throwable cause) {
        return new DeliveryException(message, true, cause);
    }

    /** @return a failure that may go away by itself */
    public static DeliveryException transientFailure(String message, Throwable cause) {
        return new DeliveryException(message, false, cause);
    }

    /** @return true when trying again cannot help */
    public boolean permanent() {
        return permanent;
    }
}
