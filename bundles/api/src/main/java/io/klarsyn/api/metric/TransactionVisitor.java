package io.klarsyn.api.metric;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives transactions during {@link MetricContext#rescanTransactions}.
 *
 * <p>A visitor that needs only some customers' rows (e.g. a sample) says so with
 * {@link #wants(int)}: the rescan then skips the other customers' rows early, which makes it much
 * cheaper on large inputs. A lambda visits every customer.
 */
@ConsumerType
@FunctionalInterface
public interface TransactionVisitor {

    /**
     * @param customer the customer's row in the ledger
     * @param epochDay the transaction's day
     * @param amount its amount (negative = refund)
     */
    void visit(int customer, int epochDay, double amount);

    /**
     * Whether this visitor wants the transactions of a customer. The rescan passes only customers
     * the visitor wants to {@link #visit}; answering {@code false} lets the engine skip the row as
     * soon as it has found the customer, before its duplicate detection (which then needs no
     * memory for that row). The rows passed for wanted customers are exactly the same either way.
     *
     * <p>Called from the thread that called {@link MetricContext#rescanTransactions}, possibly
     * several times per customer (once per row or per batch of rows); the answer must not change
     * during a rescan. The default wants every customer.
     *
     * @param customer the customer's row in the ledger
     * @return whether to {@link #visit} this customer's transactions
     */
    default boolean wants(int customer) {
        return true;
    }
}
